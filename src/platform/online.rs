//! The browser coming back online: a cue to send what waited.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Calls `f` each time the window's `online` event fires, for the life of
/// the page (the outbox that listens lives as long).
pub fn on_online(f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = Closure::<dyn FnMut()>::new(f);
    // Adding a listener to the window cannot fail for a function value.
    let _ = window.add_event_listener_with_callback("online", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Whether the browser says it has a network connection (`navigator.onLine`;
/// when it says no, a request cannot succeed, so optional ones wait).
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
