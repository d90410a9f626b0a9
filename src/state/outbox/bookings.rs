//! The outbox as the bookings' writer: a booking or an answer to one goes
//! through it like any intent, and what it stores reaches the bookings list
//! (of every tab). A booking an earlier visit left unsent is sent, and its
//! chat opens when it is made.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::backend::BackendError;
use crate::domain::ids::{IntentId, RoomId};
use crate::domain::outbox::{Intent, OutboxEntry};
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::resilience::clock::Clock;
use crate::state::bookings::{BookingWriter, Bookings};
use crate::state::chat::{ChatController, OpenChat};
use crate::state::directory::Directory;

use super::Outbox;
use super::send::Stored;

struct Writer(Outbox);

impl BookingWriter for Writer {
    fn write(
        &self,
        room: RoomId,
        intent: Intent,
    ) -> LocalBoxFuture<'static, Result<crate::domain::booking::Booking, BackendError>> {
        let outbox = self.0;
        Box::pin(async move {
            let entry = outbox.booking_entry(room, intent);
            match outbox.submit(entry).await? {
                Stored::Booking { booking } => Ok(booking),
                _ => Err(BackendError::Decode("the server stored no booking".into())),
            }
        })
    }
}

impl Outbox {
    /// An entry for a booking intent: a new booking keeps its own id.
    fn booking_entry(&self, room: RoomId, intent: Intent) -> OutboxEntry {
        let id = match &intent {
            Intent::Booking { booking } => IntentId::from(booking.id.clone()),
            _ => client_id().into(),
        };
        OutboxEntry {
            id,
            room,
            sender: self.sender(),
            intent,
            queued_at: BrowserClock.now(),
            failure: None,
        }
    }

    /// Takes the bookings' intents from now on; sends a booking an earlier
    /// release left in local storage; keeps the list up to date with what
    /// any tab stores; opens the chat of a booking made with nobody waiting
    /// (sent after a reload).
    pub fn serve_bookings(&self, bookings: Bookings, chat: ChatController, directory: Directory) {
        bookings.attach_writer(Rc::new(Writer(*self)));
        let listener = self.on_stored(Rc::new(move |_, stored| {
            if let Stored::Booking { booking } = stored {
                bookings.apply(booking.clone());
            }
        }));
        // The bookings list lives as long as the page; so does this.
        std::mem::forget(listener);
        self.on_unawaited(Rc::new(move |entry, stored| {
            if let (Intent::Booking { .. }, Stored::Booking { booking }) = (&entry.intent, stored) {
                let provider_name = directory
                    .providers()
                    .with_untracked(|l| {
                        l.iter()
                            .find(|p| p.id == booking.provider)
                            .map(|p| p.name.clone())
                    })
                    .unwrap_or_default();
                chat.open_after_booking(OpenChat {
                    room: booking.room(),
                    booking: booking.id.clone(),
                    provider: booking.provider.clone(),
                    provider_name,
                    source: booking.source,
                });
            }
        }));
        if let Some(left) = bookings.take_pending() {
            let entry = self.booking_entry(
                RoomId::from(left.id.clone()),
                Intent::Booking { booking: left },
            );
            let me = *self;
            leptos::task::spawn_local(async move { me.enqueue(entry, Vec::new()).await });
        }
    }
}
