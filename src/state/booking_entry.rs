//! Which UI element a booking was started from. Buttons record it here
//! before they navigate to the booking form; the form takes it. A booking
//! form reached any other way (a shared link, a reload) is `direct`.

use leptos::prelude::*;

use crate::domain::booking::EntryPoint;
use crate::domain::ids::ProviderId;

#[derive(Clone, Copy)]
pub struct BookingEntry {
    started: RwSignal<Option<(ProviderId, EntryPoint)>>,
}

impl Default for BookingEntry {
    fn default() -> Self {
        Self::new()
    }
}

impl BookingEntry {
    pub fn new() -> Self {
        Self {
            started: RwSignal::new(None),
        }
    }

    /// Records that `entry` was used to book `provider`.
    pub fn start(&self, provider: ProviderId, entry: EntryPoint) {
        self.started.set(Some((provider, entry)));
    }

    /// The element that started a booking of `provider`, once; `Direct`
    /// when none did.
    pub fn take(&self, provider: &ProviderId) -> EntryPoint {
        match self.started.get_untracked() {
            Some((started_for, entry)) if &started_for == provider => {
                self.started.set(None);
                entry
            }
            _ => EntryPoint::Direct,
        }
    }
}

pub fn use_booking_entry() -> BookingEntry {
    expect_context::<BookingEntry>()
}
