//! A clock signal for views that count down or show "n s ago".

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::time::Millis;
use crate::platform::clock::BrowserClock;
use crate::platform::sleep::sleep;
use crate::resilience::clock::Clock;

/// The current time, updated every `period` for as long as the calling
/// view lives.
pub fn use_ticker(period: Duration) -> ReadSignal<Millis> {
    let now = RwSignal::new(BrowserClock.now());
    spawn_local(async move {
        loop {
            sleep(period).await;
            // A disposed signal means the view is gone: stop ticking.
            if now.try_set(BrowserClock.now()).is_some() {
                break;
            }
        }
    });
    now.read_only()
}
