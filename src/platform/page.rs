//! Facts about the current page.

/// The current path, e.g. `/providers/abc` (never the query string, which
/// could carry personal data).
pub fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}
