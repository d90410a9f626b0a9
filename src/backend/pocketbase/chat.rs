//! A room's messages, and its live topic `chat/<room>`. Loaded on demand.

use std::rc::Rc;

use async_trait::async_trait;
use serde::Serialize;

use crate::backend::{BackendError, Call, ChatApi, ChatEvent, Result, Subscription};
use crate::domain::ids::RoomId;
use crate::domain::message::{Message, NewMessage};

use super::http::PbHttp;
use super::realtime::{RawEvent, RawTopics, parse};
use super::wire::{BookingRecord, EventKind, ListPage, MessageRecord, RecordEvent};

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
    async fn latest(&self, call: &Call, room: &RoomId, limit: u32) -> Result<Vec<Message>> {
        // Room ids are checked to be URL- and filter-safe characters.
        let path = format!(
            "{PATH}?filter=room%3D%27{room}%27&sort=-created%2C-id&perPage={}&skipTotal=1",
            limit.clamp(1, 200)
        );
        let page: ListPage<MessageRecord> = self.http.get_json(call, &path).await?;
        let mut messages = page
            .items
            .into_iter()
            .map(MessageRecord::into_domain)
            .collect::<Result<Vec<_>>>()?;
        messages.reverse();
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
