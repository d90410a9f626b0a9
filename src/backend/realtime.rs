//! Live updates from the backend: typed topics in, typed events out, and a
//! connection state the UI can show.

use std::rc::Rc;

use crate::domain::ids::ProviderId;
use crate::domain::provider::Provider;

use super::BackendError;

/// What a client can listen to through this port. Rooms and a user's own
/// bookings are watched through their capabilities (`ChatApi::watch`,
/// `BookingsApi::watch`), which are loaded on demand.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    /// Every change to the provider directory (online status, menus).
    Providers,
}

/// Something that happened on a topic.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum RealtimeEvent {
    ProviderChanged(Provider),
    ProviderRemoved(ProviderId),
    /// Changes flow from now on (also after every reconnect): what was
    /// fetched before may have missed one.
    Live,
    /// The backend refused the subscription or sent something undecodable.
    Failed(BackendError),
}

/// The state of the live connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionState {
    /// Nothing is subscribed, so no connection is kept open.
    Idle,
    Connecting,
    /// Live. Every `Connected` after the first means events may have been
    /// missed (the backend does not replay them): listeners fetch what changed.
    Connected,
    /// The connection dropped; the next attempt starts after `retry_in_ms`.
    Reconnecting {
        attempt: u32,
        retry_in_ms: u64,
    },
}

pub type EventHandler = Rc<dyn Fn(RealtimeEvent)>;
pub type StateHandler = Rc<dyn Fn(ConnectionState)>;

/// Live updates. Handlers run on the browser's single thread.
pub trait RealtimeApi {
    /// Starts listening; dropping the returned [`Subscription`] stops it.
    fn subscribe(&self, topic: Topic, on_event: EventHandler) -> Subscription;
    /// Calls `on_change` with every connection state change.
    fn watch_state(&self, on_change: StateHandler) -> Subscription;
    fn state(&self) -> ConnectionState;
}

/// A registration that ends when dropped.
#[must_use = "dropping a Subscription ends it at once"]
pub struct Subscription(Option<Box<dyn FnOnce()>>);

impl Subscription {
    pub fn new(cancel: impl FnOnce() + 'static) -> Self {
        Self(Some(Box::new(cancel)))
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(cancel) = self.0.take() {
            cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn dropping_a_subscription_cancels_it_once() {
        let cancelled = Rc::new(Cell::new(0));
        let c = cancelled.clone();
        let sub = Subscription::new(move || c.set(c.get() + 1));
        assert_eq!(cancelled.get(), 0);
        drop(sub);
        assert_eq!(cancelled.get(), 1);
    }
}
