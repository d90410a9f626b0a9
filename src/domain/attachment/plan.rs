//! The order in which the browser tries sizes and qualities until a photo
//! is small enough: the full fitted size at falling qualities first (a
//! sharp picture is worth more than a pristine one), then a smaller size.
//!
//! Every attempt is strictly smaller than the one before it, either the
//! same size at a lower quality or a shorter long side, and the long side
//! never goes below [`MIN_SIDE`], so the plan always ends.

use super::{MAX_SIDE, TARGET_BYTES, fit_within};

/// The qualities tried at each size, highest first.
pub const QUALITIES: [f64; 4] = [0.82, 0.72, 0.62, 0.5];
/// How much the long side shrinks when no quality at a size was enough.
pub const SHRINK: f64 = 0.8;
/// The shortest long side tried before giving up (a photo smaller than this
/// to begin with is tried at its own size only).
pub const MIN_SIDE: u32 = 320;
/// An encoding more than this many times over [`TARGET_BYTES`] cannot be
/// saved by quality alone, so the plan shrinks at once, in proportion.
pub const FAR_OVER: u64 = 3;
/// The most one adaptive shrink takes off the long side, so that a very
/// large first result does not throw away more detail than it must.
const MIN_FACTOR: f64 = 0.5;

/// One encoding to try: draw at `width` × `height`, encode at `quality`
/// (0 to 1, as canvas encoders take it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attempt {
    pub width: u32,
    pub height: u32,
    pub quality: f64,
}

impl Attempt {
    pub fn long_side(&self) -> u32 {
        self.width.max(self.height)
    }
}

/// The encoding plan for one picture, from its decoded size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodePlan {
    width: u32,
    height: u32,
}

impl EncodePlan {
    /// The plan for a picture of `width` × `height` pixels; it starts at
    /// that size fitted within [`MAX_SIDE`].
    pub fn new(width: u32, height: u32) -> Self {
        let (width, height) = fit_within(width, height, MAX_SIDE);
        Self { width, height }
    }

    /// Whether an encoding of `bytes` is small enough to send.
    pub fn fits(bytes: u64) -> bool {
        bytes < TARGET_BYTES
    }

    /// What to try after `previous` came out at `last_size` bytes: `None`
    /// when it fits (nothing more to try) or when nothing smaller is left
    /// (give up). With no previous attempt, the first one: the fitted size
    /// at the highest quality.
    pub fn next_attempt(
        &self,
        previous: Option<Attempt>,
        last_size: Option<u64>,
    ) -> Option<Attempt> {
        let Some(previous) = previous else {
            return Some(self.at(self.width.max(self.height), QUALITIES[0]));
        };
        if last_size.is_some_and(Self::fits) {
            return None;
        }
        let far_over = last_size.filter(|s| *s > FAR_OVER * TARGET_BYTES);
        if far_over.is_none()
            && let Some(quality) = QUALITIES.iter().find(|q| **q < previous.quality)
        {
            return Some(Attempt {
                quality: *quality,
                ..previous
            });
        }
        let long = previous.long_side();
        if long <= MIN_SIDE {
            return None;
        }
        // Bytes follow the pixel count, so a result k times too big wants
        // the side cut by about √k (with a margin, as the encoder does not
        // scale exactly).
        let factor = far_over.map_or(SHRINK, |size| {
            ((TARGET_BYTES as f64 / size as f64).sqrt() * 0.9).clamp(MIN_FACTOR, SHRINK)
        });
        let shorter = ((f64::from(long) * factor).floor() as u32)
            .max(MIN_SIDE)
            .min(long - 1);
        Some(self.at(shorter, QUALITIES[0]))
    }

    fn at(&self, long_side: u32, quality: f64) -> Attempt {
        let (width, height) = fit_within(self.width, self.height, long_side);
        Attempt {
            width,
            height,
            quality,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const OVER: u64 = TARGET_BYTES + 1;

    fn attempt(width: u32, height: u32, quality: f64) -> Attempt {
        Attempt {
            width,
            height,
            quality,
        }
    }

    /// Every attempt the plan makes when each comes out `sizes(i)` bytes.
    fn run(plan: EncodePlan, sizes: impl Fn(usize) -> u64) -> Vec<Attempt> {
        let mut seen = Vec::new();
        let mut last = None;
        while let Some(next) = plan.next_attempt(seen.last().copied(), last) {
            last = Some(sizes(seen.len()));
            seen.push(next);
            assert!(seen.len() < 200, "the plan did not end: {seen:?}");
        }
        seen
    }

    #[test]
    fn the_first_attempt_is_the_fitted_size_at_the_highest_quality() {
        let plan = EncodePlan::new(4000, 3000);
        assert_eq!(
            plan.next_attempt(None, None),
            Some(attempt(1600, 1200, 0.82))
        );
    }

    #[test]
    fn a_small_enough_result_ends_the_plan() {
        let plan = EncodePlan::new(4000, 3000);
        let first = plan.next_attempt(None, None);
        assert_eq!(plan.next_attempt(first, Some(TARGET_BYTES - 1)), None);
        assert!(plan.next_attempt(first, Some(TARGET_BYTES)).is_some());
    }

    #[test]
    fn quality_falls_in_steps_before_the_size_shrinks() {
        let plan = EncodePlan::new(4000, 3000);
        let tried = run(plan, |_| OVER);
        let head: Vec<Attempt> = tried.iter().take(6).copied().collect();
        assert_eq!(
            head,
            vec![
                attempt(1600, 1200, 0.82),
                attempt(1600, 1200, 0.72),
                attempt(1600, 1200, 0.62),
                attempt(1600, 1200, 0.5),
                attempt(1280, 960, 0.82),
                attempt(1280, 960, 0.72),
            ]
        );
    }

    #[test]
    fn it_gives_up_after_the_smallest_size_at_the_lowest_quality() {
        let tried = run(EncodePlan::new(4000, 3000), |_| OVER);
        assert_eq!(tried.last(), Some(&attempt(320, 240, 0.5)));
        let sides: Vec<u32> = tried.iter().map(Attempt::long_side).collect();
        let mut distinct = sides.clone();
        distinct.dedup();
        assert_eq!(
            distinct,
            vec![1600, 1280, 1024, 819, 655, 524, 419, 335, 320]
        );
    }

    #[test]
    fn a_result_far_over_the_target_shrinks_at_once_in_proportion() {
        let plan = EncodePlan::new(4000, 3000);
        let first = plan.next_attempt(None, None);
        // 16 times too big: √(1/16) × 0.9 = 0.225, held to at most half.
        let next = plan.next_attempt(first, Some(16 * TARGET_BYTES)).unwrap();
        assert_eq!(next, attempt(800, 600, 0.82));
        // 4 times too big: √(1/4) × 0.9 = 0.45, also held to half.
        let next = plan.next_attempt(first, Some(4 * TARGET_BYTES)).unwrap();
        assert_eq!(next, attempt(800, 600, 0.82));
        // Just over three times: 0.9 × √(1/3.2) ≈ 0.503.
        let next = plan
            .next_attempt(first, Some(TARGET_BYTES * 32 / 10))
            .unwrap();
        assert_eq!(next, attempt(804, 603, 0.82));
    }

    #[test]
    fn a_photo_already_small_is_tried_at_its_own_size_only() {
        let tried = run(EncodePlan::new(300, 200), |_| OVER);
        assert_eq!(
            tried,
            QUALITIES
                .iter()
                .map(|q| attempt(300, 200, *q))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_portrait_photo_keeps_its_orientation() {
        let plan = EncodePlan::new(3000, 4000);
        assert_eq!(
            plan.next_attempt(None, None),
            Some(attempt(1200, 1600, 0.82))
        );
    }

    proptest! {
        #[test]
        fn every_plan_ends_and_each_attempt_is_smaller_than_the_last(
            width in 1u32..20_000,
            height in 1u32..20_000,
            sizes in proptest::collection::vec(OVER..50_000_000u64, 1..64),
        ) {
            let plan = EncodePlan::new(width, height);
            let tried = run(plan, |i| sizes[i % sizes.len()]);
            prop_assert!(!tried.is_empty());
            prop_assert!(tried.len() <= 40, "{} attempts", tried.len());
            for pair in tried.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let smaller = b.long_side() < a.long_side()
                    || (b.long_side() == a.long_side() && b.quality < a.quality);
                prop_assert!(smaller, "{a:?} then {b:?}");
                prop_assert!(b.width <= a.width && b.height <= a.height);
            }
            let first = tried[0];
            for a in &tried {
                prop_assert!(a.width >= 1 && a.height >= 1);
                prop_assert!(a.long_side() <= MAX_SIDE);
                prop_assert!(a.long_side() >= MIN_SIDE.min(first.long_side()));
                prop_assert!(QUALITIES.contains(&a.quality));
                // The ratio is kept to within a pixel of rounding on the
                // short side (unless that side was held at 1).
                if a.width > 1 && a.height > 1 {
                    let skew = (u64::from(a.width) * u64::from(height))
                        .abs_diff(u64::from(a.height) * u64::from(width));
                    prop_assert!(skew <= u64::from(width.max(height)), "{a:?}");
                }
            }
        }

        #[test]
        fn a_fitting_result_always_ends_the_plan(
            width in 1u32..20_000,
            height in 1u32..20_000,
            size in 0..TARGET_BYTES,
        ) {
            let plan = EncodePlan::new(width, height);
            let first = plan.next_attempt(None, None);
            prop_assert_eq!(plan.next_attempt(first, Some(size)), None);
        }
    }
}
