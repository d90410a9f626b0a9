//! The moments a view may have missed something and should fetch what
//! changed: the browser comes back online, or the tab comes back to the
//! foreground (a phone may have frozen it, and its live stream with it).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Why a view is woken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The browser's `online` event.
    Online,
    /// The page became visible again.
    Visible,
}

/// Listens until dropped.
#[must_use = "dropping the listener stops it at once"]
pub struct WakeListener {
    online: Closure<dyn FnMut()>,
    visible: Closure<dyn FnMut()>,
}

/// Calls `f` on every wake until the returned listener is dropped.
pub fn on_wake(f: impl Fn(Wake) + 'static) -> Option<WakeListener> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let f = std::rc::Rc::new(f);
    let on_online = f.clone();
    let online = Closure::<dyn FnMut()>::new(move || on_online(Wake::Online));
    let visible = Closure::<dyn FnMut()>::new(move || {
        if super::page::is_visible() {
            f(Wake::Visible);
        }
    });
    // Adding a listener cannot fail for a function value.
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    let _ = document
        .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
    Some(WakeListener { online, visible })
}

impl Drop for WakeListener {
    fn drop(&mut self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let _ = window
            .remove_event_listener_with_callback("online", self.online.as_ref().unchecked_ref());
        if let Some(document) = window.document() {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                self.visible.as_ref().unchecked_ref(),
            );
        }
    }
}
