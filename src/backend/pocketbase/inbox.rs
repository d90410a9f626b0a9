//! The inbox, blocks, photos and limits of the chat capability: the
//! `/api/janji/inbox`, `/api/janji/photos` and `/api/janji/limits` routes,
//! the `blocks` collection, and the user's own topic `user/<id>`.

use std::rc::Rc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::backend::{
    BackendError, Call, ChatLimitsUse, InboxEvent, LimitUse, PhotoSize, PhotoUpload, Result,
    Subscription,
};
use crate::domain::booking::{BookingSource, BookingStatus};
use crate::domain::ids::{BookingId, MessageId, ProviderId, RoomId, UserId};
use crate::domain::inbox::{InboxRow, Peer, Preview, RoomBooking};
use crate::domain::message::{MessageKind, NewMessage};
use crate::domain::time::Millis;
use crate::platform::file_blob::FileBlob;
use crate::resilience::rate_limit::Window;

use super::http::PbHttp;
use super::realtime::{RawEvent, RawTopics, parse};
use super::wire::{
    BookingRecord, EventKind, ListPage, MemberRecord, MessageRecord, PresenceRecord, RecordEvent,
    date, filter_text, parse_id, required_date,
};

const INBOX: &str = "/api/janji/inbox";
const BLOCKS: &str = "/api/collections/blocks/records";
const PHOTOS: &str = "/api/janji/photos";
const LIMITS: &str = "/api/janji/limits";

#[derive(Deserialize)]
struct InboxAnswer {
    items: Vec<RowRecord>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RowRecord {
    room: String,
    activity: String,
    booking: Option<RowBooking>,
    other: Option<RowPeer>,
    last: Option<RowLast>,
    #[serde(default)]
    unread: u32,
    #[serde(default)]
    blocked_by_me: bool,
    #[serde(default)]
    blocked_me: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RowBooking {
    id: String,
    status: String,
    #[serde(default)]
    minutes: u16,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    provider_name: String,
    #[serde(default)]
    source: String,
}

#[derive(Deserialize)]
struct RowPeer {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    online: bool,
}

#[derive(Deserialize)]
struct RowLast {
    id: String,
    kind: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    sender: String,
    #[serde(default)]
    images: u8,
    #[serde(default)]
    deleted: bool,
    created: String,
}

fn decode_err(what: &str) -> BackendError {
    BackendError::Decode(format!("unknown {what}"))
}

impl RowRecord {
    fn into_domain(self) -> Result<InboxRow> {
        let booking = match self.booking {
            None => None,
            Some(b) => Some(RoomBooking {
                id: parse_id(BookingId::parse(b.id))?,
                status: BookingStatus::parse(&b.status).ok_or_else(|| decode_err("status"))?,
                minutes: b.minutes,
                provider: parse_id(ProviderId::parse(b.provider))?,
                provider_name: b.provider_name,
                source: BookingSource::parse(&b.source).unwrap_or(BookingSource::Direct),
            }),
        };
        let other = match self.other {
            None => None,
            Some(p) => Some(Peer {
                id: parse_id(UserId::parse(p.id))?,
                name: p.name,
                online: p.online,
            }),
        };
        let last = match self.last {
            None => None,
            Some(l) => Some(Preview {
                id: parse_id(MessageId::parse(l.id))?,
                kind: match l.kind.as_str() {
                    "text" => MessageKind::Text,
                    "system" => MessageKind::System,
                    "booking_update" => MessageKind::BookingUpdate,
                    _ => return Err(decode_err("message kind")),
                },
                body: l.body,
                sender: if l.sender.is_empty() {
                    None
                } else {
                    Some(parse_id(UserId::parse(l.sender))?)
                },
                images: l.images,
                deleted: l.deleted,
                created: required_date(&l.created)?,
            }),
        };
        Ok(InboxRow {
            room: parse_id(RoomId::parse(self.room))?,
            activity: date(&self.activity)?.unwrap_or(Millis(0)),
            booking,
            other,
            last,
            unread: self.unread,
            blocked_by_me: self.blocked_by_me,
            blocked_me: self.blocked_me,
        })
    }
}

pub async fn rows(http: &PbHttp, call: &Call) -> Result<Vec<InboxRow>> {
    let answer: InboxAnswer = http.get_json(call, INBOX).await?;
    answer
        .items
        .into_iter()
        .map(RowRecord::into_domain)
        .collect()
}

pub async fn row(http: &PbHttp, call: &Call, room: &RoomId) -> Result<InboxRow> {
    let answer: InboxAnswer = http.get_json(call, &format!("{INBOX}?room={room}")).await?;
    answer
        .items
        .into_iter()
        .next()
        .ok_or(BackendError::NotFound)?
        .into_domain()
}

/// An event of `user/<id>`; `None` for kinds this client does not know.
fn decode(data: &str) -> Option<InboxEvent> {
    // An event without a readable kind is broken, not merely new: it is
    // reported like any other event that does not decode.
    let kind = match parse::<EventKind>(data) {
        Ok(envelope) => envelope.kind,
        Err(e) => return Some(InboxEvent::Failed(e)),
    };
    let event = match kind.as_str() {
        "message" => parse::<RecordEvent<MessageRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(InboxEvent::Message),
        "booking" => parse::<RecordEvent<BookingRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(InboxEvent::Booking),
        "member" => parse::<RecordEvent<MemberRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(|m| InboxEvent::Room(m.room)),
        "room" => parse::<RecordEvent<IdOnly>>(data)
            .and_then(|e| parse_id(RoomId::parse(e.record.id)))
            .map(InboxEvent::Room),
        "presence" => parse::<RecordEvent<PresenceRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(InboxEvent::Presence),
        "block" => Ok(InboxEvent::Blocks),
        _ => return None,
    };
    Some(event.unwrap_or_else(InboxEvent::Failed))
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

pub fn watch(
    realtime: &dyn RawTopics,
    user: &UserId,
    on_event: Rc<dyn Fn(InboxEvent)>,
) -> Subscription {
    realtime.subscribe_raw(
        format!("user/{user}"),
        Rc::new(move |raw| match raw {
            RawEvent::Data(data) => {
                if let Some(event) = decode(data) {
                    on_event(event);
                }
            }
            RawEvent::Live => on_event(InboxEvent::Live),
            RawEvent::Failed(e) => on_event(InboxEvent::Failed(e)),
        }),
    )
}

#[derive(Serialize)]
struct BlockBody<'a> {
    id: &'a str,
    blocker: &'a str,
    blocked: &'a str,
}

/// Makes the block under the call's correlation id: the intent's client id
/// is the record's id, so a retried block is one block.
pub async fn block(http: &PbHttp, call: &Call, me: &UserId, user: &UserId) -> Result<()> {
    let id = call.correlation.as_str();
    let body = BlockBody {
        id,
        blocker: me.as_str(),
        blocked: user.as_str(),
    };
    match http.create_json::<_, IdOnly>(call, BLOCKS, id, &body).await {
        Ok(_) => Ok(()),
        // The pair is unique: an earlier block stands, which is the wish.
        Err(BackendError::Validation { fields, .. })
            if fields.iter().any(|f| f.code == "validation_not_unique") =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

pub async fn unblock(http: &PbHttp, call: &Call, user: &UserId) -> Result<()> {
    // The list rule shows a user only their own blocks.
    let filter = format!("blocked='{}'", filter_text(user.as_str()));
    let path = format!(
        "{BLOCKS}?filter={}&fields=id&skipTotal=1",
        js_sys::encode_uri_component(&filter)
    );
    let page: ListPage<IdOnly> = http.get_json(call, &path).await?;
    for block in page.items {
        http.delete(call, &format!("{BLOCKS}/{}", block.id)).await?;
    }
    Ok(())
}

pub async fn photo(
    http: &PbHttp,
    call: &Call,
    message: &MessageId,
    name: &str,
    size: PhotoSize,
) -> Result<FileBlob> {
    let name = js_sys::encode_uri_component(name);
    let path = match size {
        PhotoSize::Thumb => format!("{PHOTOS}/{message}/{name}?thumb=240x240"),
        PhotoSize::Full => format!("{PHOTOS}/{message}/{name}"),
    };
    http.get_blob(call, &path).await.map(FileBlob::new)
}

/// The multipart form of a message with photos (PocketBase reads the
/// other fields from the same form).
pub fn message_form(
    message: &NewMessage,
    sender: &UserId,
    photos: &[PhotoUpload],
) -> Result<web_sys::FormData> {
    let broken = |_| BackendError::Decode("the browser could not build the form".into());
    let form = web_sys::FormData::new().map_err(broken)?;
    form.append_with_str("id", message.id.as_str())
        .map_err(broken)?;
    form.append_with_str("room", message.room.as_str())
        .map_err(broken)?;
    form.append_with_str("sender", sender.as_str())
        .map_err(broken)?;
    form.append_with_str("kind", "text").map_err(broken)?;
    form.append_with_str("body", &message.body)
        .map_err(broken)?;
    if let Some(reply) = &message.reply_to {
        form.append_with_str("replyTo", reply.as_str())
            .map_err(broken)?;
    }
    for photo in photos {
        form.append_with_blob_and_filename("images", photo.file.blob(), &photo.name)
            .map_err(broken)?;
    }
    Ok(form)
}

#[derive(Deserialize)]
struct LimitsAnswer {
    #[serde(default)]
    message: Vec<WindowRecord>,
    #[serde(default)]
    reaction: Vec<WindowRecord>,
    #[serde(default)]
    edit: Vec<WindowRecord>,
    #[serde(default)]
    delete: Vec<WindowRecord>,
}

#[derive(Deserialize)]
struct WindowRecord {
    max: usize,
    seconds: u64,
    #[serde(default)]
    recent: Vec<(u64, u32)>,
}

/// The windows of one action; the recent use is the same in each window
/// list (each window counts the same actions), so the longest one's is
/// taken.
fn limit_use(windows: Vec<WindowRecord>, now: Millis) -> LimitUse {
    let recent = windows
        .iter()
        .max_by_key(|w| w.seconds)
        .map(|w| {
            w.recent
                .iter()
                .map(|(ago, n)| (Millis(now.0.saturating_sub(*ago)), *n))
                .collect()
        })
        .unwrap_or_default();
    LimitUse {
        windows: windows
            .iter()
            .map(|w| Window {
                max: w.max,
                per: Duration::from_secs(w.seconds),
            })
            .collect(),
        recent,
    }
}

pub async fn limits(http: &PbHttp, call: &Call, now: Millis) -> Result<ChatLimitsUse> {
    let answer: LimitsAnswer = http.get_json(call, LIMITS).await?;
    Ok(ChatLimitsUse {
        messages: limit_use(answer.message, now),
        reactions: limit_use(answer.reaction, now),
        edits: limit_use(answer.edit, now),
        deletions: limit_use(answer.delete, now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inbox_row_decodes_with_its_booking_peer_and_preview() {
        let json = r#"{"items":[{"room":"room1","activity":"2026-11-20 10:00:00.000Z",
            "booking":{"id":"room1","status":"Accepted","minutes":60,"provider":"prov1",
                "providerName":"Dewi","source":"bookingButton"},
            "other":{"id":"user2","name":"Dewi","avatar":"","online":true},
            "last":{"id":"m1","kind":"text","body":"hi","sender":"user2","images":1,
                "deleted":false,"created":"2026-11-20 10:00:00.000Z"},
            "unread":2,"blockedByMe":false,"blockedMe":true}]}"#;
        let answer: InboxAnswer = serde_json::from_str(json).unwrap();
        let row = answer
            .items
            .into_iter()
            .next()
            .unwrap()
            .into_domain()
            .unwrap();
        assert_eq!(row.room.as_str(), "room1");
        assert_eq!(row.unread, 2);
        assert!(row.blocked_me && !row.blocked_by_me);
        assert_eq!(row.booking.unwrap().status, BookingStatus::Accepted);
        assert!(row.other.unwrap().online);
        assert_eq!(row.last.unwrap().images, 1);
    }

    #[test]
    fn a_room_without_booking_or_messages_decodes() {
        let json = r#"{"room":"room1","activity":"2026-11-20 10:00:00.000Z",
            "booking":null,"other":null,"last":null,"unread":0}"#;
        let row: RowRecord = serde_json::from_str(json).unwrap();
        let row = row.into_domain().unwrap();
        assert!(row.booking.is_none() && row.last.is_none());
    }

    #[test]
    fn user_topic_events_name_the_room_they_concern() {
        let member = r#"{"kind":"member","action":"update","record":{"id":"r1","room":"room9",
            "user":"u1","lastReadAt":"2026-11-20 10:00:00.000Z","lastDeliveredAt":""}}"#;
        assert!(matches!(decode(member), Some(InboxEvent::Room(r)) if r.as_str() == "room9"));
        let block = r#"{"kind":"block","action":"create","record":{"id":"b1"}}"#;
        assert_eq!(decode(block), Some(InboxEvent::Blocks));
        assert_eq!(decode(r#"{"kind":"future_thing"}"#), None);
    }

    #[test]
    fn a_user_topic_event_without_a_readable_kind_is_a_failure_not_ignored() {
        assert!(matches!(decode("{}"), Some(InboxEvent::Failed(_))));
    }

    #[test]
    fn recent_use_is_turned_into_times_before_now() {
        let windows = vec![
            WindowRecord {
                max: 30,
                seconds: 60,
                recent: vec![(1000, 2)],
            },
            WindowRecord {
                max: 300,
                seconds: 3600,
                recent: vec![(120_000, 5), (1000, 2)],
            },
        ];
        let used = limit_use(windows, Millis(1_000_000));
        assert_eq!(used.windows.len(), 2);
        assert_eq!(
            used.recent,
            vec![(Millis(880_000), 5), (Millis(999_000), 2)]
        );
    }
}
