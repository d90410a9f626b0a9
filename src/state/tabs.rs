//! What one tab of the app tells the others on this device, typed. The
//! outbox is shared through IndexedDB, but a tab only notices a change to
//! it when told: this channel says so, and carries what the server stored,
//! so every tab shows a sent intent as done at once.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::domain::outbox::OutboxEntry;
use crate::platform::broadcast::Channel;

use super::outbox::send::Stored;

/// The channel's name, one per app and device.
const CHANNEL: &str = "janji.tabs";

/// News from another tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TabNews {
    /// The outbox on the device changed (an entry added, refused, retried,
    /// discarded, delivered): read it again.
    OutboxChanged,
    /// The server stored this intent of the outbox.
    Stored {
        entry: Box<OutboxEntry>,
        stored: Box<Stored>,
    },
}

/// This tab's end of the channel.
pub struct Tabs {
    channel: Channel,
}

impl Tabs {
    /// Joins the channel; `on_news` hears every other tab's news.
    pub fn join(on_news: Rc<dyn Fn(TabNews)>) -> Self {
        let channel = Channel::join(CHANNEL, move |text| {
            // News this build cannot read (a newer tab's) is left out: the
            // outbox on the device still tells the truth.
            if let Ok(news) = serde_json::from_str::<TabNews>(&text) {
                on_news(news);
            }
        });
        Self { channel }
    }

    pub fn tell(&self, news: &TabNews) {
        if let Ok(text) = serde_json::to_string(news) {
            self.channel.post(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_reads_back_as_it_was_sent() {
        let news = TabNews::OutboxChanged;
        let text = serde_json::to_string(&news).unwrap();
        assert_eq!(text, r#"{"kind":"outboxChanged"}"#);
        assert_eq!(serde_json::from_str::<TabNews>(&text).unwrap(), news);
    }
}
