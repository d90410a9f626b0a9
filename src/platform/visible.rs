//! "Call me when this element comes near the screen", for loading photos
//! lazily: a photo far up the timeline is fetched only when scrolled to.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Calls `f` once, when `element` is within 300 px of the viewport (at once
/// if the browser cannot tell).
pub fn when_near_screen(element: &Element, f: impl FnOnce() + 'static) {
    let f = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let pending = f.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: IntersectionObserver| {
            let near = entries.iter().any(|e| {
                e.unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if near && let Some(f) = pending.take() {
                observer.disconnect();
                f();
            }
        },
    );
    let options = IntersectionObserverInit::new();
    options.set_root_margin("300px");
    match IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) {
        Ok(observer) => {
            observer.observe(element);
            // The observer holds the callback until it disconnects.
            callback.forget();
        }
        Err(_) => {
            // Without an observer the photo loads at once rather than never.
            if let Some(f) = f.take() {
                f();
            }
        }
    }
}
