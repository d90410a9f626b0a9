//! BroadcastChannel: tabs of the app on this device tell each other what
//! changed, so every tab shows the same state without waiting for the
//! network. Messages are text (the layer above sends typed JSON).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

/// One end of a named channel; other tabs' messages arrive until dropped.
pub struct Channel {
    channel: Option<BroadcastChannel>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
}

impl Channel {
    /// Joins `name`. Where the browser has no BroadcastChannel the channel
    /// is silent: this tab then hears nothing, and others nothing from it.
    pub fn join(name: &str, on_message: impl Fn(String) + 'static) -> Self {
        let Ok(channel) = BroadcastChannel::new(name) else {
            return Self {
                channel: None,
                _on_message: None,
            };
        };
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Self {
            channel: Some(channel),
            _on_message: Some(handler),
        }
    }

    /// Sends `text` to the other tabs (never to this one). A channel that
    /// cannot post any more (closed) drops the message: the other tabs then
    /// learn the change from storage or the network, only later.
    pub fn post(&self, text: &str) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&text.into());
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        if let Some(channel) = &self.channel {
            channel.set_onmessage(None);
            channel.close();
        }
    }
}
