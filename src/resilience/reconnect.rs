//! When to try a dropped realtime connection again. The schedule is
//! PocketBase's own SDK schedule, so this client behaves like every other
//! PocketBase client towards the server.

use std::time::Duration;

/// Delays in milliseconds before reconnect attempt 1, 2, …; the last one
/// repeats for every later attempt.
const SCHEDULE_MS: [u64; 7] = [200, 300, 500, 1000, 1200, 1500, 2000];

/// Counts consecutive failed connection attempts and says how long to wait.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconnect {
    failures: u32,
}

impl Reconnect {
    /// The delay before attempt number `attempt` (1-based).
    pub fn delay_for(attempt: u32) -> Duration {
        let index = usize::try_from(attempt.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .min(SCHEDULE_MS.len() - 1);
        Duration::from_millis(SCHEDULE_MS[index])
    }

    /// Records a failed or dropped connection and returns the wait before the
    /// next attempt.
    pub fn on_failure(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        Self::delay_for(self.failures)
    }

    /// A connection came up: the next failure starts the schedule again.
    pub fn on_connected(&mut self) {
        self.failures = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn follows_the_pocketbase_schedule_then_stays_at_two_seconds() {
        let mut r = Reconnect::default();
        let delays: Vec<u64> = (0..9).map(|_| r.on_failure().as_millis() as u64).collect();
        assert_eq!(delays, [200, 300, 500, 1000, 1200, 1500, 2000, 2000, 2000]);
    }

    #[test]
    fn a_connection_resets_the_schedule() {
        let mut r = Reconnect::default();
        r.on_failure();
        r.on_failure();
        r.on_connected();
        assert_eq!(r.failures(), 0);
        assert_eq!(r.on_failure(), Duration::from_millis(200));
    }

    proptest! {
        #[test]
        fn delay_is_never_above_two_seconds(attempt in any::<u32>()) {
            let d = Reconnect::delay_for(attempt);
            prop_assert!(d >= Duration::from_millis(200) && d <= Duration::from_millis(2000));
        }
    }
}
