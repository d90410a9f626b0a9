//! When to try a failed call again, and after how long.

use std::time::Duration;

use super::backoff::Backoff;
use super::retry_after::MAX_RETRY_AFTER;

/// What the resilience layer needs to know about an error.
pub trait Failure {
    /// Whether the same call may succeed later: network trouble, timeouts,
    /// 408, 429 and 5xx. Every other answer is final.
    fn is_retryable(&self) -> bool;
    /// The server's own advice on when to come back (`Retry-After`).
    fn retry_after(&self) -> Option<Duration>;
    /// Whether the call left the device. One that did not (the device is
    /// offline) says nothing about the backend: the breaker ignores it and
    /// it is not retried.
    fn was_sent(&self) -> bool {
        true
    }
}

/// The answer to "the call failed; now what?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    GiveUp,
    RetryAfter(Duration),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    pub backoff: Backoff,
    /// The longest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl RetryPolicy {
    /// Three attempts, 300 ms then 600 ms apart (±15 %), DESIGN §5.
    pub const STANDARD: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        backoff: Backoff::STANDARD,
        max_retry_after: MAX_RETRY_AFTER,
    };

    /// Decides after attempt number `attempt` (1-based) failed with `error`;
    /// `unit` is a random number in `[0, 1)` for the jitter.
    pub fn after_failure(&self, attempt: u32, error: &impl Failure, unit: f64) -> Decision {
        if !error.was_sent() || !error.is_retryable() || attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        let backoff = self.backoff.delay(attempt, unit);
        let wait = match error.retry_after() {
            // The server's advice wins when it asks for longer.
            Some(advice) => advice.min(self.max_retry_after).max(backoff),
            None => backoff,
        };
        Decision::RetryAfter(wait)
    }
}

#[cfg(test)]
pub(crate) mod fakes {
    use super::*;

    /// A failure for tests: retryable or not, with optional advice.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct TestFailure {
        pub retryable: bool,
        pub retry_after: Option<Duration>,
    }

    impl Failure for TestFailure {
        fn is_retryable(&self) -> bool {
            self.retryable
        }
        fn retry_after(&self) -> Option<Duration> {
            self.retry_after
        }
    }

    pub const TRANSIENT: TestFailure = TestFailure {
        retryable: true,
        retry_after: None,
    };
    pub const FINAL: TestFailure = TestFailure {
        retryable: false,
        retry_after: None,
    };
}

#[cfg(test)]
mod tests {
    use super::fakes::*;
    use super::*;

    #[test]
    fn transient_failures_are_retried_twice_then_given_up() {
        let p = RetryPolicy::STANDARD;
        assert_eq!(
            p.after_failure(1, &TRANSIENT, 0.5),
            Decision::RetryAfter(Duration::from_millis(300))
        );
        assert_eq!(
            p.after_failure(2, &TRANSIENT, 0.5),
            Decision::RetryAfter(Duration::from_millis(600))
        );
        assert_eq!(p.after_failure(3, &TRANSIENT, 0.5), Decision::GiveUp);
    }

    #[test]
    fn final_answers_are_never_retried() {
        assert_eq!(
            RetryPolicy::STANDARD.after_failure(1, &FINAL, 0.5),
            Decision::GiveUp
        );
    }

    #[test]
    fn retry_after_advice_is_honoured_and_capped() {
        let p = RetryPolicy::STANDARD;
        let slow = TestFailure {
            retryable: true,
            retry_after: Some(Duration::from_secs(2)),
        };
        assert_eq!(
            p.after_failure(1, &slow, 0.5),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        let greedy = TestFailure {
            retryable: true,
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert_eq!(
            p.after_failure(1, &greedy, 0.5),
            Decision::RetryAfter(MAX_RETRY_AFTER)
        );
        let hasty = TestFailure {
            retryable: true,
            retry_after: Some(Duration::ZERO),
        };
        assert_eq!(
            p.after_failure(2, &hasty, 0.5),
            Decision::RetryAfter(Duration::from_millis(600))
        );
    }
}
