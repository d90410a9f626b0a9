//! When the Monitor sends error reports to the backend: every 10 s, or at
//! once when 20 are waiting, and less often while the backend pushes back.

use std::time::Duration;

use crate::backend::BackendError;

/// The normal pause between flushes.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);
/// Waiting reports that trigger a flush right away.
pub const FLUSH_AT: usize = 20;
/// The longest pause while backing off.
pub const MAX_PAUSE: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSchedule {
    pause: Duration,
}

impl Default for ReportSchedule {
    fn default() -> Self {
        Self { pause: FLUSH_EVERY }
    }
}

impl ReportSchedule {
    /// How long to wait before the next timed flush.
    pub fn pause(&self) -> Duration {
        self.pause
    }

    /// Whether `waiting` reports justify a flush before the timer.
    pub fn flush_now(&self, waiting: usize) -> bool {
        waiting >= FLUSH_AT && self.pause == FLUSH_EVERY
    }

    /// Adjusts to a flush's outcome: back to normal after a success; twice
    /// the pause (at most five minutes) after a failure, and at least the
    /// server's `Retry-After` when it is rate limiting.
    pub fn after(&mut self, outcome: Result<(), &BackendError>) {
        self.pause = match outcome {
            Ok(()) => FLUSH_EVERY,
            Err(BackendError::RateLimited {
                retry_after: Some(advice),
            }) => (self.pause * 2).max(*advice).min(MAX_PAUSE),
            Err(_) => (self.pause * 2).min(MAX_PAUSE),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flushes_every_ten_seconds_or_at_twenty_waiting() {
        let s = ReportSchedule::default();
        assert_eq!(s.pause(), Duration::from_secs(10));
        assert!(!s.flush_now(19));
        assert!(s.flush_now(20));
    }

    #[test]
    fn backs_off_on_429_and_recovers_after_success() {
        let mut s = ReportSchedule::default();
        let limited = BackendError::RateLimited { retry_after: None };
        s.after(Err(&limited));
        assert_eq!(s.pause(), Duration::from_secs(20));
        assert!(!s.flush_now(50), "no early flush while backing off");
        s.after(Err(&limited));
        s.after(Err(&limited));
        s.after(Err(&limited));
        s.after(Err(&limited));
        assert_eq!(s.pause(), MAX_PAUSE);
        s.after(Ok(()));
        assert_eq!(s.pause(), FLUSH_EVERY);
    }

    #[test]
    fn honours_a_longer_retry_after() {
        let mut s = ReportSchedule::default();
        s.after(Err(&BackendError::RateLimited {
            retry_after: Some(Duration::from_secs(45)),
        }));
        assert_eq!(s.pause(), Duration::from_secs(45));
    }
}
