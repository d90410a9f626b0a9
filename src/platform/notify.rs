//! System notifications (Web Notifications), the tab title and the page's
//! visibility changes: how the app reaches a user whose tab is hidden.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

/// Whether the app may show system notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Granted,
    Denied,
    /// Not asked yet.
    Ask,
    /// The browser has no notifications.
    Unsupported,
}

fn supported() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

pub fn permission() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    match Notification::permission() {
        NotificationPermission::Granted => Permission::Granted,
        NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Ask,
    }
}

/// Asks the user (the browser only shows its prompt after a click, so call
/// this from one). Answers with the permission as it then stands.
pub async fn ask() -> Permission {
    if permission() != Permission::Ask {
        return permission();
    }
    if let Ok(promise) = Notification::request_permission() {
        // A refusal or a dismissed prompt is read back just below.
        let _ = JsFuture::from(promise).await;
    }
    permission()
}

/// Shows a notification; `tag` replaces an earlier one of the same tag
/// (one per room, not one per message). A click brings the tab forward and
/// calls `on_click`. Answers whether it was shown.
pub fn show(title: &str, body: &str, tag: &str, on_click: impl FnOnce() + 'static) -> bool {
    if permission() != Permission::Granted {
        return false;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    let Ok(notification) = Notification::new_with_options(title, &options) else {
        return false;
    };
    let shown = notification.clone();
    let handler = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            // Focusing can be refused by the browser; the room opens anyway.
            let _ = w.focus();
        }
        shown.close();
        on_click();
    });
    notification.set_onclick(Some(handler.unchecked_ref()));
    true
}

/// Sets the tab's title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Calls `f` with the page's visibility each time it changes, for the life
/// of the page (the inbox that listens lives as long).
pub fn on_visibility_change(f: impl Fn(bool) + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let handler = Closure::<dyn FnMut()>::new(move || f(super::page::is_visible()));
    // Adding a listener cannot fail for a function value.
    let _ = document
        .add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
    handler.forget();
}
