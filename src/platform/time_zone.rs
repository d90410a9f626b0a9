//! Dates in a given time zone, with the browser's own `Intl` data (no time
//! zone database in the bundle).

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::{JsCast, JsValue};

use crate::domain::time::Millis;

/// The browser's time zone, e.g. `Asia/Jakarta`.
pub fn browser_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "UTC".into())
}

/// Why a time could not be shown in the time zone asked for (one the
/// browser does not know, say), with what to show instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot show times in the time zone {zone:?}: {reason}")]
pub struct ZoneError {
    pub zone: String,
    pub reason: String,
    /// The time in the browser's own zone (or ISO 8601, failing that).
    pub fallback: String,
}

/// `at` as a medium date and short time in `zone` (an IANA name), e.g.
/// "24 Nov 2026, 14:30".
pub fn format_in_zone(at: Millis, zone: &str) -> Result<String, ZoneError> {
    let date = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    formatted(&date, Some(zone)).map_err(|e| ZoneError {
        zone: zone.to_owned(),
        reason: describe(&e),
        fallback: formatted(&date, None).unwrap_or_else(|_| String::from(date.to_iso_string())),
    })
}

/// The day `at` falls on in the browser's time zone, as a day number (days
/// since 1970-01-01 there): equal numbers are the same local day.
pub fn local_day(at: Millis) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    let local_ms = at.0 as f64 - date.get_timezone_offset() * 60_000.0;
    (local_ms / 86_400_000.0).floor() as i64
}

thread_local! {
    /// Labels already made, by local day: a timeline asks for the same few
    /// on every change, and each is a call into `Intl`.
    static DAY_LABELS: RefCell<HashMap<i64, String>> = RefCell::new(HashMap::new());
}

/// Days whose labels are kept; past this the cache starts again.
const DAY_LABELS_KEPT: usize = 512;

/// `at`'s day in the browser's time zone, e.g. "Mon, 23 Nov 2026".
pub fn day_label(at: Millis) -> String {
    let day = local_day(at);
    if let Some(label) = DAY_LABELS.with(|l| l.borrow().get(&day).cloned()) {
        return label;
    }
    let label = new_day_label(at);
    DAY_LABELS.with(|l| {
        let mut labels = l.borrow_mut();
        if labels.len() >= DAY_LABELS_KEPT {
            labels.clear();
        }
        labels.insert(day, label.clone());
    });
    label
}

fn new_day_label(at: Millis) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_date_string("en-GB", &options))
}

/// `at` as hours and minutes in the browser's time zone, e.g. "14:05".
pub fn clock_time(at: Millis) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// Formats through `Intl.DateTimeFormat`, built with `Reflect::construct`
/// so that the RangeError of an unknown zone comes back as an error instead
/// of stopping the module.
fn formatted(date: &js_sys::Date, zone: Option<&str>) -> Result<String, JsValue> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into())?;
    js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into())?;
    if let Some(zone) = zone {
        js_sys::Reflect::set(&options, &"timeZone".into(), &zone.into())?;
    }
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())?;
    let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"DateTimeFormat".into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("Intl.DateTimeFormat is missing"))?;
    let args = js_sys::Array::of2(&js_sys::Array::of1(&"en-GB".into()), &options);
    let format = js_sys::Reflect::construct(&constructor, &args)?;
    let format_fn: js_sys::Function = js_sys::Reflect::get(&format, &"format".into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("DateTimeFormat has no format"))?;
    format_fn
        .call1(&format, date)?
        .as_string()
        .ok_or_else(|| JsValue::from_str("format gave no text"))
}

/// A thrown JS value as text: an Error's message, or the value itself.
fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// The instant a `datetime-local` input's value (`2026-11-24T14:30`) names
/// in the browser's time zone.
pub fn parse_local_input(value: &str) -> Option<Millis> {
    if value.len() < 16 {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (ms.is_finite() && ms >= 0.0).then_some(Millis(ms as u64))
}

/// The `datetime-local` input value for `at` in the browser's time zone.
pub fn local_input_value(at: Millis) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    /// 2026-11-24 07:30 UTC.
    const AT: Millis = Millis(1_795_505_400_000);

    #[wasm_bindgen_test]
    fn a_known_zone_shows_its_own_wall_clock() {
        assert!(format_in_zone(AT, "UTC").unwrap().contains("07:30"));
        assert!(
            format_in_zone(AT, "Asia/Jakarta")
                .unwrap()
                .contains("14:30")
        );
    }

    #[wasm_bindgen_test]
    fn an_unknown_zone_is_an_error_with_the_browser_time_to_show() {
        let e = format_in_zone(AT, "Mars/Olympus_Mons").unwrap_err();
        assert_eq!(e.zone, "Mars/Olympus_Mons");
        assert!(!e.reason.is_empty());
        assert!(e.fallback.contains("2026"), "{}", e.fallback);
    }
}
