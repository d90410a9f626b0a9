//! The server's clock, as the adapter has learned it from its answers.

/// How far the server's clock is ahead of this browser's.
pub trait ServerTime {
    /// Milliseconds the server is ahead (negative: behind).
    fn offset_ms(&self) -> i64;
}
