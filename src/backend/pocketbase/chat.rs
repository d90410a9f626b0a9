//! A room's messages, and its live topic `chat/<room>`. Loaded on demand.

use std::rc::Rc;

use async_trait::async_trait;
use serde::Serialize;

use crate::backend::{BackendError, Call, ChatApi, ChatEvent, Result, Subscription};
use crate::domain::ids::RoomId;
use crate::domain::message::{Message, NewMessage};
use crate::domain::timeline::PageRequest;

use super::http::PbHttp;
use super::realtime::{RawEvent, RawTopics, parse};
use super::wire::{BookingRecord, EventKind, ListPage, MessageRecord, RecordEvent, pb_date};

const PATH: &str = "/api/collections/messages/records";

/// The chat capability; its code is a chunk fetched on first use.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>, realtime: Rc<dyn RawTopics>) -> Rc<dyn ChatApi> {
    Rc::new(PbChat { http, realtime })
}

struct PbChat {
    http: Rc<PbHttp>,
    realtime: Rc<dyn RawTopics>,
}

#[derive(Serialize)]
struct SendBody<'a> {
    id: &'a str,
    room: &'a str,
    sender: &'a str,
    kind: &'static str,
    body: &'a str,
}

/// The filter for a page, and whether it is read newest first. The cursor is
/// in the range form that the `(room, created, id)` index serves (the usual
/// `created < C || (created = C && id < I)` form is not served by it). Ids
/// and dates hold only filter-safe characters.
fn page_filter(room: &RoomId, request: &PageRequest) -> (String, bool) {
    match request {
        PageRequest::Latest => (format!("room='{room}'"), true),
        PageRequest::Before(c) => {
            let at = pb_date(c.created);
            (
                format!(
                    "room='{room}' && created <= '{at}' && (created < '{at}' || id < '{}')",
                    c.id
                ),
                true,
            )
        }
        PageRequest::After(c) => {
            let at = pb_date(c.created);
            (
                format!(
                    "room='{room}' && created >= '{at}' && (created > '{at}' || id > '{}')",
                    c.id
                ),
                false,
            )
        }
    }
}

fn decode(data: &str) -> Option<ChatEvent> {
    let kind = parse::<EventKind>(data).ok()?.kind;
    let event = match kind.as_str() {
        "message" => parse::<RecordEvent<MessageRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(ChatEvent::Message),
        "booking" => parse::<RecordEvent<BookingRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(ChatEvent::Booking),
        // Reactions, receipts and presence come with the full chat.
        _ => return None,
    };
    Some(event.unwrap_or_else(ChatEvent::Failed))
}

#[async_trait(?Send)]
impl ChatApi for PbChat {
    async fn page(
        &self,
        call: &Call,
        room: &RoomId,
        request: &PageRequest,
        limit: u32,
    ) -> Result<Vec<Message>> {
        let (filter, newest_first) = page_filter(room, request);
        let sort = if newest_first {
            "-created,-id"
        } else {
            "created,id"
        };
        let path = format!(
            "{PATH}?filter={}&sort={}&perPage={}&skipTotal=1",
            js_sys::encode_uri_component(&filter),
            js_sys::encode_uri_component(sort),
            limit.clamp(1, 200)
        );
        let page: ListPage<MessageRecord> = self.http.get_json(call, &path).await?;
        let mut messages = page
            .items
            .into_iter()
            .map(MessageRecord::into_domain)
            .collect::<Result<Vec<_>>>()?;
        if newest_first {
            messages.reverse();
        }
        Ok(messages)
    }

    async fn send(&self, call: &Call, message: &NewMessage) -> Result<Message> {
        let sender = self
            .http
            .auth_identity()
            .ok_or(BackendError::Unauthorized)?;
        let body = SendBody {
            id: message.id.as_str(),
            room: message.room.as_str(),
            sender: &sender,
            kind: "text",
            body: &message.body,
        };
        let record: MessageRecord = self
            .http
            .create_json(call, PATH, message.id.as_str(), &body)
            .await?;
        record.into_domain()
    }

    fn watch(&self, room: &RoomId, on_event: Rc<dyn Fn(ChatEvent)>) -> Subscription {
        self.realtime.subscribe_raw(
            format!("chat/{room}"),
            Rc::new(move |raw| match raw {
                RawEvent::Data(data) => {
                    if let Some(event) = decode(data) {
                        on_event(event);
                    }
                }
                RawEvent::Live => on_event(ChatEvent::Live),
                RawEvent::Failed(e) => on_event(ChatEvent::Failed(e)),
            }),
        )
    }
}
