//! How far the server's clock is from this browser's, learned from the
//! `Date` header of answers, so countdowns to server deadlines are right
//! even on a phone whose clock is off.

use super::clock::Millis;

/// Samples kept; the estimate is their median, so one slow answer or one
/// odd header does not move it.
const SAMPLES: usize = 9;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerClock {
    offsets: Vec<i64>,
}

impl ServerClock {
    /// Learns from one answer: the request left at `sent`, the answer came
    /// at `received` (both local), and said `Date: server_date`.
    ///
    /// The header has whole seconds (the true time is up to 999 ms later,
    /// so half a second is added), and the server read its clock somewhere
    /// between sending and receiving (the midpoint is taken).
    pub fn observe(&mut self, server_date: Millis, sent: Millis, received: Millis) {
        let server = server_date.0 as i64 + 500;
        let local = (sent.0 as i64 + received.0 as i64) / 2;
        if self.offsets.len() == SAMPLES {
            self.offsets.remove(0);
        }
        self.offsets.push(server - local);
    }

    /// How many milliseconds the server's clock is ahead (negative: behind).
    pub fn offset_ms(&self) -> i64 {
        if self.offsets.is_empty() {
            return 0;
        }
        // The median as the sample whose rank is the middle one. There are
        // at most nine samples, and a sort would bring a general sorting
        // routine (3 KB of wasm) into the first load.
        let middle = self.offsets.len() / 2;
        let rank = |x: i64| {
            let below = self.offsets.iter().filter(|&&y| y < x).count();
            let equal = self.offsets.iter().filter(|&&y| y == x).count();
            (below..below + equal).contains(&middle)
        };
        self.offsets.iter().copied().find(|&x| rank(x)).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn the_offset_is_the_median_of_the_kept_samples(
            offsets in proptest::collection::vec(-5i64..5, 1..=SAMPLES)
        ) {
            let clock = ServerClock { offsets: offsets.clone() };
            let mut sorted = offsets;
            sorted.sort_unstable();
            prop_assert_eq!(clock.offset_ms(), sorted[sorted.len() / 2]);
        }
    }

    #[test]
    fn learns_the_offset_from_date_headers() {
        let mut clock = ServerClock::default();
        assert_eq!(clock.offset_ms(), 0, "no answer yet: trust the local clock");
        // The browser is 2 minutes behind; answers take 100 ms.
        for i in 0..5u64 {
            let sent = Millis(1_000_000 + i * 10_000);
            let received = Millis(sent.0 + 100);
            let server_now = sent.0 + 50 + 120_000;
            clock.observe(Millis(server_now / 1000 * 1000), sent, received);
        }
        let offset = clock.offset_ms();
        assert!((119_500..=120_500).contains(&offset), "{offset}");
    }

    #[test]
    fn one_odd_answer_does_not_move_the_estimate() {
        let mut clock = ServerClock::default();
        for i in 0..4 {
            clock.observe(
                Millis(10_000 + i * 1000),
                Millis(9_500 + i * 1000),
                Millis(9_500 + i * 1000),
            );
        }
        clock.observe(Millis(1_000_000), Millis(14_000), Millis(14_000));
        assert_eq!(clock.offset_ms(), 1000);
    }

    #[test]
    fn keeps_only_the_recent_answers() {
        let mut clock = ServerClock::default();
        for _ in 0..20 {
            clock.observe(Millis(0), Millis(0), Millis(0));
        }
        for _ in 0..SAMPLES {
            clock.observe(Millis(60_000), Millis(0), Millis(0));
        }
        assert_eq!(clock.offset_ms(), 60_500);
    }
}
