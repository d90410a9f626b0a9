//! User-timing marks: named instants on the page's performance timeline,
//! which the benchmark harness (`tests/bench/`) reads back with
//! `performance.getEntriesByType('mark')`. A mark costs one call into the
//! browser; nothing happens when no one reads it.

/// Adds the mark `name` at this instant. A browser without the
/// Performance API simply gets no mark.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        // Only an invalid name (one of the navigation timing names) fails.
        let _ = performance.mark(name);
    }
}
