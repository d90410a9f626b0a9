//! The server's clock for countdowns: the local clock corrected by the
//! offset the backend adapter learned from `Date` headers.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::backend::ServerTime;
use crate::domain::booking::time_left;
use crate::domain::time::Millis;

use super::ticker::use_ticker;

#[derive(Clone, Copy)]
pub struct ServerClock {
    source: StoredValue<Rc<dyn ServerTime>, LocalStorage>,
}

impl ServerClock {
    pub fn new(source: Rc<dyn ServerTime>) -> Self {
        Self {
            source: StoredValue::new_local(source),
        }
    }

    pub fn offset_ms(&self) -> i64 {
        self.source.with_value(|s| s.offset_ms())
    }
}

/// Time left until `deadline` by the server's clock, ticking every second
/// while the calling view lives.
pub fn use_time_left(deadline: Signal<Millis>) -> Signal<Duration> {
    let clock = expect_context::<ServerClock>();
    let now = use_ticker(Duration::from_secs(1));
    Signal::derive(move || time_left(deadline.get(), now.get(), clock.offset_ms()))
}
