//! Client-side rate limits that mirror the server's (DESIGN §5): a sliding
//! window per limit, so the UI can hold an action and say when it is
//! allowed again instead of sending a request the server will refuse.

use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

use super::clock::Millis;

/// At most `max` actions in any span of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub max: usize,
    pub per: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// Messages: 30 a minute, 300 an hour, 2000 a day.
pub const MESSAGES: &[Window] = &[
    Window {
        max: 30,
        per: MINUTE,
    },
    Window {
        max: 300,
        per: HOUR,
    },
    Window {
        max: 2000,
        per: DAY,
    },
];
/// Reactions: 100 a minute.
pub const REACTIONS: &[Window] = &[Window {
    max: 100,
    per: MINUTE,
}];
/// Edits: 20 a minute.
pub const EDITS: &[Window] = &[Window {
    max: 20,
    per: MINUTE,
}];
/// Deletions: 10 a minute.
pub const DELETIONS: &[Window] = &[Window {
    max: 10,
    per: MINUTE,
}];

/// An action refused by a window, and how long until it is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub window: Window,
    pub retry_in: Duration,
}

impl Limited {
    /// Whole seconds to wait, rounded up (never 0).
    pub fn retry_in_secs(&self) -> u64 {
        self.retry_in.as_millis().div_ceil(1000).max(1) as u64
    }
}

impl std::error::Error for Limited {}

impl fmt::Display for Limited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = match self.window.per.as_secs() {
            60 => "a minute",
            3600 => "an hour",
            86_400 => "a day",
            _ => "in a short time",
        };
        write!(
            f,
            "Limit reached: {} {span}. You can send again in {} s.",
            self.window.max,
            self.retry_in_secs()
        )
    }
}

/// The times of recent allowed actions, checked against every window.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    windows: &'static [Window],
    /// Oldest first; no older than the longest window, no more than its max.
    taken: VecDeque<Millis>,
}

impl RateLimiter {
    pub fn new(windows: &'static [Window]) -> Self {
        Self {
            windows,
            taken: VecDeque::new(),
        }
    }

    /// Whether an action is allowed at `now`, and if not, the window that
    /// refuses it for longest.
    pub fn check(&self, now: Millis) -> Result<(), Limited> {
        let mut refusal: Option<Limited> = None;
        for window in self.windows {
            let in_window = self
                .taken
                .iter()
                .rev()
                .take_while(|t| t.plus(window.per) > now)
                .count();
            if in_window < window.max {
                continue;
            }
            // The action is allowed once the oldest action counted against
            // the limit leaves the window.
            let oldest = self.taken[self.taken.len() - window.max];
            let retry_in = oldest.plus(window.per).saturating_sub(now);
            if refusal.is_none_or(|r| retry_in > r.retry_in) {
                refusal = Some(Limited {
                    window: *window,
                    retry_in,
                });
            }
        }
        refusal.map_or(Ok(()), Err)
    }

    /// Counts an action at `now` if it is allowed; a refused one is not
    /// counted.
    pub fn take(&mut self, now: Millis) -> Result<(), Limited> {
        self.check(now)?;
        self.taken.push_back(now);
        let longest = self.windows.iter().map(|w| w.per).max().unwrap_or_default();
        let keep = self.windows.iter().map(|w| w.max).max().unwrap_or(0);
        while self
            .taken
            .front()
            .is_some_and(|t| t.plus(longest) <= now || self.taken.len() > keep)
        {
            self.taken.pop_front();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEC: u64 = 1000;

    #[test]
    fn the_thirty_first_message_in_a_minute_waits_for_the_first_to_leave_it() {
        let mut limiter = RateLimiter::new(MESSAGES);
        for i in 0..30 {
            limiter.take(Millis(i * SEC)).unwrap();
        }
        let refused = limiter.take(Millis(40 * SEC)).unwrap_err();
        assert_eq!(refused.window.max, 30);
        assert_eq!(refused.retry_in, Duration::from_secs(20));
        assert_eq!(
            refused.to_string(),
            "Limit reached: 30 a minute. You can send again in 20 s."
        );
        assert!(limiter.take(Millis(60 * SEC)).is_ok());
    }

    #[test]
    fn a_refused_action_is_not_counted() {
        let mut limiter = RateLimiter::new(DELETIONS);
        for _ in 0..10 {
            limiter.take(Millis(0)).unwrap();
        }
        for t in 1..50 {
            assert!(limiter.take(Millis(t * SEC)).is_err());
        }
        assert!(limiter.take(Millis(60 * SEC + 1)).is_ok());
    }

    #[test]
    fn the_hourly_limit_holds_when_each_minute_is_within_its_own() {
        let mut limiter = RateLimiter::new(MESSAGES);
        // 30 a minute for ten minutes is 300 in the hour.
        for minute in 0..10 {
            for i in 0..30 {
                limiter.take(Millis(minute * 60 * SEC + i)).unwrap();
            }
        }
        let refused = limiter.take(Millis(11 * 60 * SEC)).unwrap_err();
        assert_eq!(refused.window.max, 300);
        assert_eq!(refused.retry_in, Duration::from_secs(49 * 60));
    }

    proptest! {
        /// Whatever the timing, no window ever holds more than its maximum
        /// of allowed actions, and a refusal's wait is within its window.
        #[test]
        fn no_window_is_ever_exceeded(gaps in proptest::collection::vec(0u64..5_000, 1..400)) {
            let mut limiter = RateLimiter::new(EDITS);
            let mut now = 0;
            let mut allowed = Vec::new();
            for gap in gaps {
                now += gap;
                match limiter.take(Millis(now)) {
                    Ok(()) => allowed.push(now),
                    Err(l) => prop_assert!(l.retry_in <= l.window.per && !l.retry_in.is_zero()),
                }
                let recent = allowed.iter().filter(|t| **t + 60 * SEC > now).count();
                prop_assert!(recent <= 20);
            }
        }
    }
}
