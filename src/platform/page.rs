//! Facts about the current page.

/// The current path, e.g. `/providers/abc` (never the query string, which
/// could carry personal data).
pub fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Whether the page is on screen (not a hidden tab or a minimised window):
/// a message is only "read" when its reader could see it.
pub fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| !d.hidden())
}

/// Loads the page again (after another tab updated the app's storage).
pub fn reload() {
    if let Some(w) = web_sys::window() {
        // A reload can only be refused for a page that is going away anyway.
        let _ = w.location().reload();
    }
}
