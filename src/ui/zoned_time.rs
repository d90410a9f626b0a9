//! A time shown in a given time zone, for pages: when the browser does not
//! know the zone (a provider's bad `timezone`), the time shows in the
//! browser's own zone and the Monitor records why.

use crate::domain::monitoring::{Category, Severity};
use crate::domain::time::Millis;
use crate::platform::time_zone::format_in_zone;
use crate::state::monitor::Monitor;

/// `at` in `zone`, or in the browser's zone with the failure recorded.
pub fn zoned_time(monitor: Monitor, at: Millis, zone: &str) -> String {
    format_in_zone(at, zone).unwrap_or_else(|e| {
        monitor.note(
            Severity::Warning,
            Category::Ui,
            "time_zone.format",
            e.to_string(),
        );
        e.fallback
    })
}
