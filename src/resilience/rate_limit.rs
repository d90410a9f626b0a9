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
            60 => "a minute".to_owned(),
            3600 => "an hour".to_owned(),
            86_400 => "a day".to_owned(),
            secs => format!("in {secs} s"),
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
    windows: Vec<Window>,
    /// Oldest first; no older than the longest window, no more than its max.
    taken: VecDeque<Millis>,
}

impl RateLimiter {
    pub fn new(windows: &[Window]) -> Self {
        Self {
            windows: windows.to_vec(),
            taken: VecDeque::new(),
        }
    }

    /// Takes over the server's view: its windows (which an operator may
    /// have changed) and the user's recent actions as `(time, count)`
    /// groups, from every device. What this limiter counted itself is in
    /// there too, so it is replaced rather than added to.
    pub fn mirror(&mut self, windows: Vec<Window>, recent: &[(Millis, u32)], now: Millis) {
        if !windows.is_empty() {
            self.windows = windows;
        }
        let mut groups = recent.to_vec();
        groups.sort_by_key(|(at, _)| *at);
        self.taken = groups
            .into_iter()
            .flat_map(|(at, n)| std::iter::repeat_n(at.min(now), n as usize))
            .collect();
        self.trim(now);
    }

    fn trim(&mut self, now: Millis) {
        let longest = self.windows.iter().map(|w| w.per).max().unwrap_or_default();
        let keep = self.windows.iter().map(|w| w.max).max().unwrap_or(0);
        while self
            .taken
            .front()
            .is_some_and(|t| t.plus(longest) <= now || self.taken.len() > keep)
        {
            self.taken.pop_front();
        }
    }

    /// Whether an action is allowed at `now`, and if not, the window that
    /// refuses it for longest.
    pub fn check(&self, now: Millis) -> Result<(), Limited> {
        let mut refusal: Option<Limited> = None;
        for window in &self.windows {
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
        self.trim(now);
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

    #[test]
    fn a_limiter_mirroring_the_server_refuses_the_301st_message_of_the_hour() {
        let mut limiter = RateLimiter::new(MESSAGES);
        let now = Millis(10 * 3600 * SEC);
        let relaxed = vec![
            Window {
                max: 1000,
                per: MINUTE,
            },
            Window {
                max: 300,
                per: HOUR,
            },
        ];
        // 300 sent over the last 20 minutes, from any device.
        let recent: Vec<(Millis, u32)> = (0..20)
            .map(|m| (Millis(now.0 - (20 - m) * 60 * SEC), 15))
            .collect();
        limiter.mirror(relaxed, &recent, now);
        let refused = limiter.take(now).unwrap_err();
        assert_eq!(refused.window.max, 300);
        assert_eq!(refused.retry_in, Duration::from_secs(40 * 60));
        assert!(
            refused
                .to_string()
                .starts_with("Limit reached: 300 an hour.")
        );
    }

    #[test]
    fn mirroring_replaces_what_was_counted_here_instead_of_adding_to_it() {
        let mut limiter = RateLimiter::new(DELETIONS);
        for t in 0..10 {
            limiter.take(Millis(t * SEC)).unwrap();
        }
        limiter.mirror(Vec::new(), &[(Millis(0), 4)], Millis(20 * SEC));
        for _ in 0..6 {
            limiter.take(Millis(20 * SEC)).unwrap();
        }
        assert!(limiter.take(Millis(20 * SEC)).is_err());
    }

    #[test]
    fn an_unusual_window_is_named_in_seconds() {
        let limited = Limited {
            window: Window {
                max: 5,
                per: Duration::from_secs(90),
            },
            retry_in: Duration::from_secs(3),
        };
        assert_eq!(
            limited.to_string(),
            "Limit reached: 5 in 90 s. You can send again in 3 s."
        );
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
