//! Timers as futures.

use std::time::Duration;

use crate::resilience::clock::{SleepFuture, Sleeper};

/// Completes after `duration`.
pub async fn sleep(duration: Duration) {
    gloo_timers::future::sleep(duration).await;
}

/// The browser's [`Sleeper`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserSleeper;

impl Sleeper for BrowserSleeper {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(sleep(duration))
    }
}
