//! Injected time. Browser code gets the real clock from `platform::clock`;
//! tests get [`ManualClock`], which only moves when told to.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

pub use crate::domain::time::Millis;

/// Reads the current time.
pub trait Clock {
    fn now(&self) -> Millis;
}

/// A future that completes after a delay, as a boxed local future so the
/// trait stays object safe on a single-threaded browser executor.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Waits. The browser implementation uses timers; tests use instant or
/// recorded sleeps.
pub trait Sleeper {
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// Runs a task later. The browser's version uses a timer; tests keep the
/// tasks and run them when their manual clock passes the due time.
pub trait Scheduler {
    fn schedule(&self, after: Duration, task: Box<dyn FnOnce()>);
}

/// Random numbers in `[0, 1)`, for jitter.
pub trait Random {
    fn unit(&self) -> f64;
}

/// A clock for tests: starts where it is told and moves only on `advance`.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now: Rc<Cell<u64>>,
}

impl ManualClock {
    pub fn starting_at(ms: u64) -> Self {
        Self {
            now: Rc::new(Cell::new(ms)),
        }
    }

    pub fn advance(&self, d: Duration) {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        self.now.set(self.now.get().saturating_add(ms));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Millis {
        Millis(self.now.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::starting_at(1_000);
        let shared = clock.clone();
        assert_eq!(clock.now(), Millis(1_000));
        shared.advance(Duration::from_millis(250));
        assert_eq!(clock.now(), Millis(1_250), "clones share one time line");
        assert_eq!(clock.now().saturating_sub(Millis(2_000)), Duration::ZERO);
        assert_eq!(Millis(10).plus(Duration::from_secs(1)), Millis(1_010));
    }
}
