//! `Retry-After`: how long a server asks us to wait, in seconds or as an
//! HTTP date, capped so a server cannot park the client for hours.

use std::time::Duration;

use super::clock::Millis;

/// The longest wait honoured; a longer request waits this long.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Parses a `Retry-After` value at time `now`. A date in the past means
/// "now" (zero); garbage means no advice (`None`).
pub fn parse(value: &str, now: Millis) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        Millis::parse_http_date(value)?.saturating_sub(now)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sun, 06 Nov 1994 08:49:37 GMT
    const NOW: Millis = Millis(784_111_777_000);

    #[test]
    fn seconds_are_read_and_capped() {
        assert_eq!(parse("2", NOW), Some(Duration::from_secs(2)));
        assert_eq!(parse(" 0 ", NOW), Some(Duration::ZERO));
        assert_eq!(parse("86400", NOW), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn http_dates_count_from_now() {
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:42 GMT", NOW),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:00 GMT", NOW),
            Some(Duration::ZERO),
            "past dates mean now"
        );
        assert_eq!(
            parse("Mon, 07 Nov 1994 08:49:37 GMT", NOW),
            Some(MAX_RETRY_AFTER)
        );
    }

    #[test]
    fn garbage_gives_no_advice() {
        assert_eq!(parse("soon", NOW), None);
        assert_eq!(parse("-1", NOW), None);
        assert_eq!(parse("", NOW), None);
    }
}
