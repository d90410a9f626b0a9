//! The browser's wall clock.

use crate::resilience::clock::{Clock, Millis};

#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> Millis {
        // Date.now() is a non-negative whole number of milliseconds.
        Millis(js_sys::Date::now() as u64)
    }
}
