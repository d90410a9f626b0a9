//! Errors nobody caught: the window's `error` and `unhandledrejection`
//! events, and Rust panics. Each is handed to a callback as text.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::local_storage::{KeyValue, LocalStorageKey};

/// Where a panic's message waits for the next start: after a panic the
/// module is dead (panics abort), so the Monitor picks it up on reload.
pub const PANIC_KEY: LocalStorageKey = LocalStorageKey::new("janji.panic");

/// Which global event an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalError {
    Error,
    UnhandledRejection,
}

/// Listens for the window's uncaught errors for the life of the page.
pub fn listen(on_error: Rc<dyn Fn(GlobalError, String)>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = on_error.clone();
    let on_error_event =
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
            handler(
                GlobalError::Error,
                format!("{} ({}:{})", e.message(), e.filename(), e.lineno()),
            );
        });
    let handler = on_error;
    let on_rejection = Closure::<dyn FnMut(web_sys::PromiseRejectionEvent)>::new(
        move |e: web_sys::PromiseRejectionEvent| {
            let reason = e.reason();
            let text = reason
                .dyn_ref::<js_sys::Error>()
                .map(|err| String::from(err.message()))
                .or_else(|| reason.as_string())
                .unwrap_or_else(|| "a promise was rejected".into());
            handler(GlobalError::UnhandledRejection, text);
        },
    );
    // Adding listeners to the window cannot fail for a function value.
    let _ =
        window.add_event_listener_with_callback("error", on_error_event.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback(
        "unhandledrejection",
        on_rejection.as_ref().unchecked_ref(),
    );
    // Page-lifetime listeners.
    on_error_event.forget();
    on_rejection.forget();
}

/// Installs a panic hook that logs to the console and keeps the message for
/// the next start.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // Nothing else can run after this: the panic aborts the module.
        let _ = PANIC_KEY.set(&info.to_string());
    }));
}

/// The message of a panic from an earlier run, removed from storage.
pub fn take_previous_panic() -> Option<String> {
    let message = PANIC_KEY.get().ok().flatten()?;
    // If it cannot be removed it is reported again next time, which is better
    // than losing it.
    let _ = PANIC_KEY.remove();
    Some(message)
}
