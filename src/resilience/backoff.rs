//! The delay before a retry: exponential with a cap and symmetric jitter.
//!
//! Written here rather than taken from `backon`: backon's jitter adds up to
//! one whole delay on top (never less), while janji's schedule is ±15 %
//! around the nominal delay; and this is one pure function with the random
//! number passed in, so tests need no seeded generator.

use std::time::Duration;

/// An exponential schedule: `base × factor^(n−1)`, capped, then jittered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    pub base: Duration,
    pub factor: u32,
    /// The relative spread around the nominal delay (0.15 = ±15 %).
    pub jitter: f64,
    pub cap: Duration,
}

impl Backoff {
    /// 300 ms, ×2, ±15 %, at most 3 s (DESIGN §5).
    pub const STANDARD: Backoff = Backoff {
        base: Duration::from_millis(300),
        factor: 2,
        jitter: 0.15,
        cap: Duration::from_secs(3),
    };

    /// The nominal (unjittered) delay before retry number `retry` (1-based).
    pub fn nominal(&self, retry: u32) -> Duration {
        let cap_ms = self.cap.as_millis() as u64;
        let exponent = retry.saturating_sub(1);
        let growth = (self.factor as u64)
            .checked_pow(exponent)
            .unwrap_or(u64::MAX);
        let ms = (self.base.as_millis() as u64).saturating_mul(growth);
        Duration::from_millis(ms.min(cap_ms))
    }

    /// The delay before retry number `retry`, with `unit` a random number in
    /// `[0, 1)` choosing where in the jitter band it falls. Always within
    /// `[0, cap]`, whatever `unit` is (NaN and infinities included).
    pub fn delay(&self, retry: u32, unit: f64) -> Duration {
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let jitter = if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let spread = 1.0 + jitter * (2.0 * unit - 1.0);
        let ms = self.nominal(retry).as_millis() as f64 * spread;
        let cap_ms = self.cap.as_millis() as f64;
        Duration::from_millis(ms.clamp(0.0, cap_ms) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn standard_schedule_is_300_then_600_ms() {
        let b = Backoff::STANDARD;
        assert_eq!(b.nominal(1), Duration::from_millis(300));
        assert_eq!(b.nominal(2), Duration::from_millis(600));
        assert_eq!(b.nominal(3), Duration::from_millis(1200));
        assert_eq!(b.nominal(5), Duration::from_millis(3000), "capped at 3 s");
    }

    #[test]
    fn jitter_spreads_fifteen_percent_each_way() {
        let b = Backoff::STANDARD;
        assert_eq!(b.delay(1, 0.0), Duration::from_millis(255));
        assert_eq!(b.delay(1, 0.5), Duration::from_millis(300));
        assert_eq!(b.delay(2, 0.999_999), Duration::from_millis(689));
        assert_eq!(
            b.delay(5, 1.0),
            Duration::from_secs(3),
            "jitter never passes the cap"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        #[test]
        fn delay_stays_within_zero_and_cap(retry in 0u32..=3000, unit in any::<f64>()) {
            let b = Backoff::STANDARD;
            let d = b.delay(retry, unit);
            prop_assert!(d <= b.cap);
            let nominal = b.nominal(retry);
            if unit.is_finite() && (0.0..1.0).contains(&unit) {
                let low = nominal.as_millis() as f64 * 0.85 - 1.0;
                prop_assert!(d.as_millis() as f64 >= low.min(b.cap.as_millis() as f64 * 0.85 - 1.0));
            }
        }

        #[test]
        fn any_schedule_stays_within_zero_and_cap(
            base_ms in 0u64..=100_000, factor in 0u32..=1000, jitter in any::<f64>(),
            cap_ms in 0u64..=10_000_000, retry in 0u32..=3000, unit in any::<f64>(),
        ) {
            let b = Backoff {
                base: Duration::from_millis(base_ms),
                factor,
                jitter,
                cap: Duration::from_millis(cap_ms),
            };
            prop_assert!(b.delay(retry, unit) <= b.cap);
        }
    }
}
