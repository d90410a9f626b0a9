//! User-timing marks: named instants that a `PerformanceObserver` of type
//! `mark` sees (the benchmark harness in `tests/bench/` watches for them).
//! Each mark is cleared from the page's timeline at once: observers still
//! get it, and a chat open all day does not keep one entry per message.

/// Signals the mark `name` at this instant to performance observers. A
/// browser without the Performance API simply gets no mark.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        // Only an invalid name (one of the navigation timing names) fails,
        // and the names here are the app's own.
        if performance.mark(name).is_ok() {
            performance.clear_marks_with_mark_name(name);
        }
    }
}
