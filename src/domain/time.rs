//! Points in time as milliseconds since the Unix epoch, and their UTC text.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Millis {
    /// How long after `earlier` this is (zero if it is not after it).
    pub fn saturating_sub(self, earlier: Millis) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }

    pub fn plus(self, d: Duration) -> Millis {
        Millis(
            self.0
                .saturating_add(u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        )
    }

    pub fn minus(self, d: Duration) -> Millis {
        Millis(
            self.0
                .saturating_sub(u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        )
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-23T15:04:05.678Z`.
    pub fn to_iso8601(self) -> String {
        let secs = self.0 / 1000;
        let (y, m, d) = civil_from_days((secs / 86_400) as i64);
        let rem = secs % 86_400;
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60,
            self.0 % 1000
        )
    }
}

impl Millis {
    /// Parses `YYYY-MM-DD[T ]hh:mm:ss[.fff]Z` (ISO 8601 in UTC, and
    /// PocketBase's variant with a space).
    pub fn parse_utc(text: &str) -> Option<Millis> {
        let b = text.trim().as_bytes();
        if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<i64> {
            let s = std::str::from_utf8(b.get(from..to)?).ok()?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        let mut ms = 0;
        let mut rest = &b[19..];
        if let Some((b'.', frac)) = rest.split_first() {
            let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            let mut scale = 100;
            for c in &frac[..digits.min(3)] {
                ms += i64::from(c - b'0') * scale;
                scale /= 10;
            }
            rest = &frac[digits..];
        }
        if rest != b"Z" {
            return None;
        }
        let days = days_from_civil(y, mo as u32, d as u32);
        let total = ((days * 86_400 + h * 3600 + mi * 60 + sec) * 1000) + ms;
        u64::try_from(total).ok().map(Millis)
    }
}

impl Millis {
    /// Parses an HTTP date in the form servers send (RFC 9110's
    /// IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). The two obsolete
    /// forms are not accepted: a header in them is treated as absent.
    pub fn parse_http_date(text: &str) -> Option<Millis> {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let mut parts = text.trim().split(' ');
        let (_weekday, day, month, year, clock, zone) = (
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
        );
        if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
            return None;
        }
        let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
        let (day, year): (u32, i64) = (day.parse().ok()?, year.parse().ok()?);
        let mut hms = clock.split(':').map(|p| {
            if p.len() == 2 {
                p.parse::<i64>().ok()
            } else {
                None
            }
        });
        let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
        if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
            return None;
        }
        let secs = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
        u64::try_from(secs * 1000).ok().map(Millis)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_iso_dates() {
        assert_eq!(Millis(0).to_iso8601(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Millis(784_111_777_000).to_iso8601(),
            "1994-11-06T08:49:37.000Z"
        );
        assert_eq!(
            Millis(951_782_400_123).to_iso8601(),
            "2000-02-29T00:00:00.123Z"
        );
        assert_eq!(
            Millis(1_795_446_245_678).to_iso8601(),
            "2026-11-23T15:04:05.678Z"
        );
    }

    #[test]
    fn parses_iso_and_pocketbase_dates() {
        assert_eq!(
            Millis::parse_utc("2026-11-23T15:04:05.678Z"),
            Some(Millis(1_795_446_245_678))
        );
        assert_eq!(
            Millis::parse_utc("2026-11-23 15:04:05.678Z"),
            Some(Millis(1_795_446_245_678))
        );
        assert_eq!(Millis::parse_utc("1970-01-01 00:00:00Z"), Some(Millis(0)));
        for bad in [
            "",
            "2026-11-23",
            "2026-13-01 00:00:00Z",
            "2026-11-23 15:04:05",
            "2026-11-23 15:04:05.678+07:00",
        ] {
            assert_eq!(Millis::parse_utc(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn formatting_and_parsing_round_trip(ms in 0u64..4_102_444_800_000) {
            proptest::prop_assert_eq!(Millis::parse_utc(&Millis(ms).to_iso8601()), Some(Millis(ms)));
        }
    }

    #[test]
    fn parses_http_dates_in_imf_fixdate_form() {
        assert_eq!(
            Millis::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Millis(784_111_777_000))
        );
        assert_eq!(
            Millis::parse_http_date("Mon, 23 Nov 2026 15:04:05 GMT"),
            Some(Millis(1_795_446_245_000))
        );
        for bad in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(Millis::parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(Millis(5).minus(Duration::from_secs(1)), Millis(0));
        assert_eq!(Millis(10).saturating_sub(Millis(20)), Duration::ZERO);
        assert_eq!(
            Millis(u64::MAX).plus(Duration::from_secs(1)),
            Millis(u64::MAX)
        );
    }
}
