//! The error log: the newest records (at most 1000), repeats folded into one
//! record per minute, and the counts behind the error rate and its sparkline.

use std::collections::VecDeque;
use std::time::Duration;

use super::record::{Category, ErrorRecord, Severity};
use crate::domain::time::Millis;

/// Records kept; the oldest go first.
pub const HISTORY_LIMIT: usize = 1000;
/// Repeats within this time fold into the same record.
pub const FOLD_WINDOW: Duration = Duration::from_secs(60);
/// The sliding window of the error rate.
pub const RATE_WINDOW: Duration = Duration::from_secs(60);
/// Minutes in the sparkline.
pub const SPARKLINE_MINUTES: usize = 60;

/// How worrying the current error rate is (per minute, DESIGN §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// 0–3 errors a minute.
    Normal,
    /// 4–9.
    Warning,
    /// 10 or more.
    Critical,
}

impl Level {
    pub fn of_rate(per_minute: u32) -> Self {
        match per_minute {
            0..=3 => Self::Normal,
            4..=9 => Self::Warning,
            _ => Self::Critical,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Warning => "warning",
            Self::Critical => "critical",
        }
    }
}

/// Occurrences per severity and per category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub by_severity: [(Severity, u32); 4],
    pub by_category: [(Category, u32); 7],
}

/// What adding a record did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A new record at the end of the log; the oldest record made room for
    /// it when the log was full.
    New { evicted: Option<String> },
    /// Folded into the existing record at this index.
    Folded(usize),
}

#[derive(Debug, Clone, Default)]
pub struct ErrorLog {
    records: VecDeque<ErrorRecord>,
    /// Times of recent occurrences that count in the rate (the last hour).
    occurrences: VecDeque<Millis>,
}

impl ErrorLog {
    /// A log from stored records (oldest first), e.g. after a reload.
    pub fn restore(mut records: Vec<ErrorRecord>) -> Self {
        records.sort_unstable_by_key(|r| r.last_seen);
        let start = records.len().saturating_sub(HISTORY_LIMIT);
        let mut log = Self::default();
        for record in records.drain(start..).map(ErrorRecord::with_fingerprint) {
            if record.severity.counts_in_rate() {
                // Folded occurrences are placed at the record's last sighting:
                // the exact times were not kept.
                for _ in 0..record.count.min(100) {
                    log.occurrences.push_back(record.last_seen);
                }
            }
            log.records.push_back(record);
        }
        let mut times: Vec<Millis> = log.occurrences.drain(..).collect();
        times.sort_unstable();
        log.occurrences = times.into();
        log
    }

    /// Adds `record` at `now`, folding it into a record with the same
    /// fingerprint seen within the last minute.
    pub fn add(&mut self, mut record: ErrorRecord, now: Millis) -> Added {
        if record.severity.counts_in_rate() {
            self.occurrences.push_back(now);
            self.forget_before(now.minus(Duration::from_secs(SPARKLINE_MINUTES as u64 * 60)));
        }
        let recent = now.minus(FOLD_WINDOW);
        if let Some(index) = self
            .records
            .iter()
            .rposition(|r| r.fingerprint == record.fingerprint && r.last_seen >= recent)
        {
            let existing = &mut self.records[index];
            existing.count = existing.count.saturating_add(1);
            existing.last_seen = now;
            return Added::Folded(index);
        }
        let evicted = if self.records.len() == HISTORY_LIMIT {
            self.records.pop_front().map(|r| r.id)
        } else {
            None
        };
        record.first_seen = now;
        record.last_seen = now;
        self.records.push_back(record);
        Added::New { evicted }
    }

    fn forget_before(&mut self, cutoff: Millis) {
        while self.occurrences.front().is_some_and(|t| *t < cutoff) {
            self.occurrences.pop_front();
        }
    }

    pub fn records(&self) -> impl DoubleEndedIterator<Item = &ErrorRecord> + ExactSizeIterator {
        self.records.iter()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&ErrorRecord> {
        self.records.get(index)
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut ErrorRecord> {
        self.records.get_mut(index)
    }

    /// Errors in the last 60 s (occurrences of warning or worse).
    pub fn rate_per_minute(&self, now: Millis) -> u32 {
        let since = now.minus(RATE_WINDOW);
        self.occurrences
            .iter()
            .rev()
            .take_while(|t| **t > since)
            .count() as u32
    }

    pub fn level(&self, now: Millis) -> Level {
        Level::of_rate(self.rate_per_minute(now))
    }

    /// Occurrences per minute for the last 60 minutes, oldest first; the
    /// last bucket is the minute ending `now`.
    pub fn sparkline(&self, now: Millis) -> [u32; SPARKLINE_MINUTES] {
        let mut buckets = [0u32; SPARKLINE_MINUTES];
        for t in &self.occurrences {
            let age_minutes = (now.0.saturating_sub(t.0) / 60_000) as usize;
            if age_minutes < SPARKLINE_MINUTES && *t <= now {
                buckets[SPARKLINE_MINUTES - 1 - age_minutes] += 1;
            }
        }
        buckets
    }

    /// Occurrence counts per severity and per category over all records.
    pub fn counts(&self) -> Counts {
        let mut by_severity = Severity::ALL.map(|s| (s, 0));
        let mut by_category = Category::ALL.map(|c| (c, 0));
        for r in &self.records {
            if let Some(slot) = by_severity.iter_mut().find(|(s, _)| *s == r.severity) {
                slot.1 += r.count;
            }
            if let Some(slot) = by_category.iter_mut().find(|(c, _)| *c == r.category) {
                slot.1 += r.count;
            }
        }
        Counts {
            by_severity,
            by_category,
        }
    }

    /// Records with occurrences not yet sent, oldest first, at most `limit`.
    pub fn unreported(&self, limit: usize) -> Vec<usize> {
        (0..self.records.len())
            .filter(|&i| self.records[i].count > self.records[i].reported)
            .take(limit)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::monitoring::record::Incident;

    fn record(message: &str, severity: Severity, id: &str) -> ErrorRecord {
        let incident = Incident::new(severity, Category::Backend, "providers.list", message);
        ErrorRecord::from_incident(incident, id.into(), Millis(0), "/", "test")
    }

    const T0: Millis = Millis(10_000_000);

    #[test]
    fn repeats_within_a_minute_fold_into_one_record() {
        let mut log = ErrorLog::default();
        assert_eq!(
            log.add(record("down", Severity::Error, "a"), T0),
            Added::New { evicted: None }
        );
        assert_eq!(
            log.add(
                record("down", Severity::Error, "b"),
                T0.plus(Duration::from_secs(30))
            ),
            Added::Folded(0)
        );
        assert_eq!(
            log.add(
                record("down", Severity::Error, "c"),
                T0.plus(Duration::from_secs(80))
            ),
            Added::Folded(0),
            "the window runs from the last sighting"
        );
        assert_eq!(
            log.add(
                record("down", Severity::Error, "d"),
                T0.plus(Duration::from_secs(200))
            ),
            Added::New { evicted: None }
        );
        assert_eq!(log.len(), 2);
        assert_eq!(log.get(0).unwrap().count, 3);
    }

    #[test]
    fn history_keeps_the_newest_thousand() {
        let mut log = ErrorLog::default();
        for i in 0..1010 {
            log.add(
                record(
                    &format!("error {i}x{}", "y".repeat(i % 7)),
                    Severity::Info,
                    &i.to_string(),
                ),
                T0.plus(Duration::from_secs(i as u64 * 61)),
            );
        }
        assert_eq!(log.len(), HISTORY_LIMIT);
        assert_eq!(log.get(0).unwrap().id, "10");
        let next = record("one more", Severity::Info, "new");
        assert_eq!(
            log.add(next, T0.plus(Duration::from_secs(100_000))),
            Added::New {
                evicted: Some("10".into())
            }
        );
    }

    #[test]
    fn the_rate_counts_the_last_sixty_seconds_and_sets_the_level() {
        let mut log = ErrorLog::default();
        for i in 0..10 {
            log.add(
                record(&format!("e{}", "x".repeat(i)), Severity::Error, "r"),
                T0.plus(Duration::from_secs(i as u64)),
            );
        }
        log.add(record("fyi", Severity::Info, "i"), T0);
        let now = T0.plus(Duration::from_secs(9));
        assert_eq!(log.rate_per_minute(now), 10, "info does not count");
        assert_eq!(log.level(now), Level::Critical);
        assert_eq!(log.rate_per_minute(T0.plus(Duration::from_secs(65))), 4);
        assert_eq!(log.level(T0.plus(Duration::from_secs(65))), Level::Warning);
        assert_eq!(log.level(T0.plus(Duration::from_secs(200))), Level::Normal);
    }

    #[test]
    fn levels_follow_the_brief() {
        assert_eq!(Level::of_rate(3), Level::Normal);
        assert_eq!(Level::of_rate(4), Level::Warning);
        assert_eq!(Level::of_rate(9), Level::Warning);
        assert_eq!(Level::of_rate(10), Level::Critical);
    }

    #[test]
    fn sparkline_buckets_by_minute_and_forgets_after_an_hour() {
        let mut log = ErrorLog::default();
        log.add(record("a", Severity::Error, "1"), T0);
        log.add(
            record("b", Severity::Error, "2"),
            T0.plus(Duration::from_secs(61)),
        );
        log.add(
            record("c", Severity::Warning, "3"),
            T0.plus(Duration::from_secs(62)),
        );
        let line = log.sparkline(T0.plus(Duration::from_secs(62)));
        assert_eq!(line[59], 2);
        assert_eq!(line[58], 1);
        assert_eq!(line.iter().sum::<u32>(), 3);
        let later = log.sparkline(T0.plus(Duration::from_secs(3700)));
        assert_eq!(later.iter().sum::<u32>(), 0);
    }

    #[test]
    fn counts_add_up_folded_occurrences() {
        let mut log = ErrorLog::default();
        log.add(record("x", Severity::Error, "1"), T0);
        log.add(record("x", Severity::Error, "2"), T0);
        log.add(record("y", Severity::Warning, "3"), T0);
        let Counts {
            by_severity: sev,
            by_category: cat,
        } = log.counts();
        assert_eq!(
            sev.iter().find(|(s, _)| *s == Severity::Error).unwrap().1,
            2
        );
        assert_eq!(
            cat.iter().find(|(c, _)| *c == Category::Backend).unwrap().1,
            3
        );
    }

    #[test]
    fn restore_keeps_order_and_the_rate() {
        let mut a = record("a", Severity::Error, "a");
        a.last_seen = T0;
        a.count = 2;
        let mut b = record("b", Severity::Error, "b");
        b.last_seen = T0.minus(Duration::from_secs(10));
        let log = ErrorLog::restore(vec![a, b]);
        assert_eq!(
            log.records().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(log.rate_per_minute(T0), 3);
    }
}
