//! Web Locks: one tab at a time holds a named lock, and when that tab
//! closes or dies the browser hands the lock to the next tab waiting for
//! it. The outbox uses one so that a single tab sends at a time.
//!
//! `navigator.locks` is behind web-sys's unstable flag; it is reached here
//! through `Reflect` so the rest of the app sees a small Rust API.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A held lock; dropping it releases the lock for the next tab.
pub struct HeldLock {
    release: Option<Function>,
}

impl HeldLock {
    /// A lock that stands for nothing: where the browser has no Web Locks,
    /// each tab acts as the only one.
    pub fn alone() -> Self {
        Self { release: None }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            // Resolving the promise the lock callback returned ends the hold.
            let _ = release.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Whether this browser offers Web Locks.
pub fn supported() -> bool {
    locks().is_some()
}

fn locks() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Waits for the exclusive lock `name` and calls `granted` once this tab
/// holds it; the tab keeps it until the [`HeldLock`] is dropped or the tab
/// goes away. Without Web Locks `granted` runs at once with a lock that
/// stands for nothing. `Err` carries the browser's reason when the request
/// could not be made.
pub fn acquire(name: &str, granted: impl FnOnce(HeldLock) + 'static) -> Result<(), String> {
    let Some(locks) = locks() else {
        granted(HeldLock::alone());
        return Ok(());
    };
    let request: Function = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| "navigator.locks.request is missing".to_owned())?;
    let granted = Rc::new(RefCell::new(Some(granted)));
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let mut resolve = None;
        let held = Promise::new(&mut |r, _| resolve = Some(r));
        if let Some(granted) = granted.borrow_mut().take() {
            granted(HeldLock { release: resolve });
        }
        held.into()
    });
    let waiting = request
        .call2(&locks, &JsValue::from_str(name), &callback)
        .map_err(|e| format!("{e:?}"))?;
    // The request's promise settles when the lock is released; a rejection
    // (the tab is closing) needs a handler so it is not reported as
    // unhandled.
    if let Ok(promise) = waiting.dyn_into::<Promise>() {
        let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
        let _ = promise.catch(&ignore);
        ignore.forget();
    }
    Ok(())
}
