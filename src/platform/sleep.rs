//! Timers as futures, and the browser's [`Sleeper`] and [`Scheduler`].

use std::time::Duration;

use crate::resilience::clock::{Scheduler, SleepFuture, Sleeper};

/// Completes after `duration`.
pub async fn sleep(duration: Duration) {
    gloo_timers::future::sleep(duration).await;
}

/// The browser's timers.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTimers;

impl Sleeper for BrowserTimers {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(sleep(duration))
    }
}

impl Scheduler for BrowserTimers {
    fn schedule(&self, after: Duration, task: Box<dyn FnOnce()>) {
        wasm_bindgen_futures::spawn_local(async move {
            sleep(after).await;
            task();
        });
    }
}
