//! The `bookings` collection: create (once per client id), read, change
//! status, and live changes through the user's own topic. Loaded on demand.

use std::rc::Rc;

use async_trait::async_trait;
use serde::Serialize;

use crate::backend::{BookingEvent, BookingsApi, Call, Result, Subscription};
use crate::domain::booking::{Booking, NewBooking, StatusChange};
use crate::domain::ids::{BookingId, UserId};

use super::http::{Method, PbHttp};
use super::realtime::{RawEvent, RawTopics, parse};
use super::wire::{BookingRecord, EventKind, ListPage, RecordEvent};

const PATH: &str = "/api/collections/bookings/records";

/// The bookings capability; its code is a chunk fetched on first use.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>, realtime: Rc<dyn RawTopics>) -> Rc<dyn BookingsApi> {
    Rc::new(PbBookings { http, realtime })
}

struct PbBookings {
    http: Rc<PbHttp>,
    realtime: Rc<dyn RawTopics>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    id: &'a str,
    provider: &'a str,
    minutes: u16,
    price: u64,
    source: &'static str,
    chat_window_open: bool,
    mode: &'static str,
    scheduled_at: String,
    customer_name: &'a str,
    #[serde(rename = "customerWhatsApp")]
    customer_whatsapp: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusBody<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decline_reason: Option<&'a str>,
}

#[async_trait(?Send)]
impl BookingsApi for PbBookings {
    async fn create(&self, call: &Call, booking: &NewBooking) -> Result<Booking> {
        let body = CreateBody {
            id: booking.id.as_str(),
            provider: booking.provider.as_str(),
            minutes: booking.minutes,
            price: booking.price.0,
            source: booking.source.as_str(),
            chat_window_open: booking.chat_window_open,
            mode: booking.mode.as_str(),
            scheduled_at: booking
                .scheduled_at
                .map(|t| t.to_iso8601())
                .unwrap_or_default(),
            customer_name: booking.customer_name.as_str(),
            customer_whatsapp: booking.customer_whatsapp.as_str(),
        };
        let record: BookingRecord = self
            .http
            .create_json(call, PATH, booking.id.as_str(), &body)
            .await?;
        record.into_domain()
    }

    async fn get(&self, call: &Call, id: &BookingId) -> Result<Booking> {
        let record: BookingRecord = self.http.get_json(call, &format!("{PATH}/{id}")).await?;
        record.into_domain()
    }

    async fn mine(&self, call: &Call) -> Result<Vec<Booking>> {
        // The collection's rules already limit the list to the user's own.
        let path = format!("{PATH}?sort=-created&perPage=200&skipTotal=1");
        let page: ListPage<BookingRecord> = self.http.get_json(call, &path).await?;
        page.items
            .into_iter()
            .map(BookingRecord::into_domain)
            .collect()
    }

    async fn change_status(
        &self,
        call: &Call,
        id: &BookingId,
        change: StatusChange,
        reason: Option<&str>,
    ) -> Result<Booking> {
        let body = StatusBody {
            status: change.target().as_str(),
            decline_reason: reason,
        };
        let record: BookingRecord = self
            .http
            .send_json(call, Method::Patch, &format!("{PATH}/{id}"), &body)
            .await?;
        record.into_domain()
    }

    fn watch(&self, user: &UserId, on_event: Rc<dyn Fn(BookingEvent)>) -> Subscription {
        self.realtime.subscribe_raw(
            format!("user/{user}"),
            Rc::new(move |raw| match raw {
                RawEvent::Data(data) => {
                    // The user topic also carries rooms and messages; only
                    // bookings are this capability's.
                    if parse::<EventKind>(data).is_ok_and(|e| e.kind == "booking") {
                        let event = parse::<RecordEvent<BookingRecord>>(data)
                            .and_then(|e| e.record.into_domain());
                        on_event(match event {
                            Ok(booking) => BookingEvent::Changed(booking),
                            Err(e) => BookingEvent::Failed(e),
                        });
                    }
                }
                RawEvent::Live => on_event(BookingEvent::Live),
                RawEvent::Failed(e) => on_event(BookingEvent::Failed(e)),
            }),
        )
    }
}
