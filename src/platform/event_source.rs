//! Server-Sent Events. The browser's own reconnect is switched off by closing
//! the stream on the first error: the caller owns the reconnect schedule.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

type MessageClosure = Closure<dyn FnMut(MessageEvent)>;

/// An open `EventSource` and its listeners. Dropping it closes the stream and
/// releases every callback.
pub struct EventStream {
    source: EventSource,
    /// A handful of topics at most, so a list beats a map in code size.
    listeners: Vec<(String, MessageClosure)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl EventStream {
    /// Opens `url`; `on_error` runs once when the stream fails or drops.
    pub fn open(url: &str, on_error: impl FnOnce() + 'static) -> Result<Self, String> {
        let source =
            EventSource::new(url).map_err(|_| format!("cannot open an event stream to {url}"))?;
        let mut on_error = Some(on_error);
        let closer = source.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            closer.close();
            if let Some(f) = on_error.take() {
                f();
            }
        });
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            source,
            listeners: Vec::new(),
            _on_error: on_error,
        })
    }

    /// Calls `handler` with the data of every event named `event`. A second
    /// call for the same name replaces the first handler.
    pub fn listen(&mut self, event: &str, mut handler: impl FnMut(String) + 'static) {
        self.unlisten(event);
        let closure = MessageClosure::new(move |e: MessageEvent| {
            if let Some(data) = e.data().as_string() {
                handler(data);
            }
        });
        // Adding a listener only fails for a non-callable, which a closure never is.
        let _ = self
            .source
            .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        self.listeners.push((event.to_owned(), closure));
    }

    pub fn unlisten(&mut self, event: &str) {
        if let Some(pos) = self.listeners.iter().position(|(name, _)| name == event) {
            let (_, old) = self.listeners.remove(pos);
            let _ = self
                .source
                .remove_event_listener_with_callback(event, old.as_ref().unchecked_ref());
        }
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.set_onerror(None);
        self.source.close();
        for (event, closure) in self.listeners.drain(..) {
            let _ = self
                .source
                .remove_event_listener_with_callback(&event, closure.as_ref().unchecked_ref());
        }
    }
}
