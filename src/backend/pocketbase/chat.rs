//! A room's messages, reactions, receipts, typing and presence, and its live
//! topics `chat/<room>` and `typing/<room>`. Loaded on demand.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use serde::Serialize;

use crate::backend::{
    BackendError, Call, ChangeCursor, ChatApi, ChatEvent, ChatLimitsUse, InboxEvent, PhotoSize,
    PhotoUpload, Result, Subscription,
};
use crate::domain::ids::{MessageId, ReactionId, RoomId, UserId};
use crate::domain::inbox::InboxRow;
use crate::domain::message::receipts::{Member, Presence};
use crate::domain::message::{
    Message, NewMessage, NewReaction, Reaction, ReactionChange, search_text,
};
use crate::domain::time::Millis;
use crate::domain::timeline::PageRequest;
use crate::platform::clock::BrowserClock;
use crate::platform::file_blob::FileBlob;
use crate::resilience::clock::Clock;

use super::http::{Method, PbHttp};
use super::realtime::{RawEvent, RawTopics, parse};
use super::wire::{
    BatchAnswer, BookingRecord, EventKind, ListPage, MemberRecord, MessageRecord, PresenceRecord,
    ReactionRecord, RecordEvent, TypingEvent, filter_text, like_text, pb_date,
};

const MESSAGES: &str = "/api/collections/messages/records";
const REACTIONS: &str = "/api/collections/reactions/records";
const MEMBERS: &str = "/api/collections/room_members/records";
const BATCH: &str = "/api/batch";

/// PocketBase refuses a filter longer than 3500 characters; lists of ids
/// are split to stay under this.
const FILTER_BUDGET: usize = 3000;

/// Reactions read per request; more are read page by page.
const REACTIONS_PER_PAGE: usize = 500;

/// The chat capability; its code is a chunk fetched on first use.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>, realtime: Rc<dyn RawTopics>) -> Rc<dyn ChatApi> {
    Rc::new(PbChat {
        http,
        realtime,
        own_rows: RefCell::new(Vec::new()),
    })
}

struct PbChat {
    http: Rc<PbHttp>,
    realtime: Rc<dyn RawTopics>,
    /// The signed-in user's `room_members` row in each room seen, so a
    /// receipt (sent often while a chat is open) is one request, not two.
    /// A list rather than a map: a handful of rooms at most.
    own_rows: RefCell<Vec<OwnRow>>,
}

struct OwnRow {
    room: RoomId,
    user: UserId,
    row: String,
}

#[derive(Serialize)]
struct SendBody<'a> {
    id: &'a str,
    room: &'a str,
    sender: &'a str,
    kind: &'static str,
    body: &'a str,
    #[serde(rename = "replyTo", skip_serializing_if = "str::is_empty")]
    reply_to: &'a str,
}

#[derive(Serialize)]
struct EditBody<'a> {
    body: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeleteBody {
    deleted_at: String,
}

#[derive(Serialize)]
struct ReactBody<'a> {
    id: &'a str,
    message: &'a str,
    user: &'a str,
    emoji: &'a str,
}

/// A receipt update; a time left out stays as stored.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MarkBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    last_read_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_delivered_at: Option<String>,
}

#[derive(Serialize)]
struct BatchBody {
    requests: [BatchRequest; 1],
}

#[derive(Serialize)]
struct BatchRequest {
    method: &'static str,
    url: String,
}

/// The typing route reads nothing from its body; `{}` is sent rather than
/// none so the request is plain JSON like every other.
#[derive(Serialize)]
struct Empty {}

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

/// The filter for a room's changes after `since`, read in `updated,id`
/// order; the range form again, so the `(room, updated)` index serves it.
fn changes_filter(room: &RoomId, since: &ChangeCursor) -> String {
    let at = pb_date(since.updated);
    match &since.id {
        None => format!("room='{room}' && updated >= '{at}'"),
        Some(id) => {
            format!("room='{room}' && updated >= '{at}' && (updated > '{at}' || id > '{id}')")
        }
    }
}

/// The filter for a search: the room's messages that are not deleted and
/// whose body contains `text` literally. The text is the user's, so it is
/// escaped twice: as a `LIKE` operand, and as the filter string holding it.
fn search_filter(room: &RoomId, text: &str) -> String {
    format!(
        "room='{room}' && deletedAt='' && body ~ '{}'",
        filter_text(&like_text(text))
    )
}

/// Filters for the reactions on `messages` of `room`, each under the
/// backend's length limit (a page of 50 ids fits in one). Ids hold only
/// filter-safe characters.
fn reaction_filters(room: &RoomId, messages: &[MessageId]) -> Vec<String> {
    let head = format!("message.room='{room}' && (");
    let mut filters = Vec::new();
    let mut terms = String::new();
    for id in messages {
        let term = format!("message='{id}'");
        if !terms.is_empty() && head.len() + terms.len() + term.len() + 5 > FILTER_BUDGET {
            filters.push(format!("{head}{terms})"));
            terms.clear();
        }
        if !terms.is_empty() {
            terms.push_str(" || ");
        }
        terms.push_str(&term);
    }
    if !terms.is_empty() {
        filters.push(format!("{head}{terms})"));
    }
    filters
}

/// An event of `chat/<room>`; `None` for kinds this client does not know
/// (a newer server may add some).
fn decode(data: &str) -> Option<ChatEvent> {
    // An event without a readable kind is broken, not merely new: it is
    // reported like any other event that does not decode.
    let kind = match parse::<EventKind>(data) {
        Ok(envelope) => envelope.kind,
        Err(e) => return Some(ChatEvent::Failed(e)),
    };
    let event = match kind.as_str() {
        "message" => parse::<RecordEvent<MessageRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(ChatEvent::Message),
        "booking" => parse::<RecordEvent<BookingRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(ChatEvent::Booking),
        "reaction" => parse::<RecordEvent<ReactionRecord>>(data).and_then(|e| {
            let change = match e.action.as_str() {
                "create" => ReactionChange::Added,
                "delete" => ReactionChange::Removed,
                other => {
                    return Err(BackendError::Decode(format!(
                        "unknown reaction action {other:?}"
                    )));
                }
            };
            Ok(ChatEvent::Reaction {
                change,
                reaction: e.record.into_domain()?,
            })
        }),
        "member" => parse::<RecordEvent<MemberRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(ChatEvent::Member),
        "presence" => parse::<RecordEvent<PresenceRecord>>(data)
            .and_then(|e| e.record.into_domain())
            .map(ChatEvent::Presence),
        _ => return None,
    };
    Some(event.unwrap_or_else(ChatEvent::Failed))
}

/// An event of `typing/<room>`.
fn decode_typing(data: &str) -> ChatEvent {
    let event = parse::<TypingEvent>(data).and_then(|t| {
        let user = UserId::parse(t.user)
            .map_err(|e| BackendError::Decode(format!("bad typing user: {e}")))?;
        Ok(ChatEvent::Typing { user, name: t.name })
    });
    event.unwrap_or_else(ChatEvent::Failed)
}

impl PbChat {
    /// The signed-in user, checked like any id (it goes into filters).
    fn me(&self) -> Result<UserId> {
        let id = self
            .http
            .auth_identity()
            .ok_or(BackendError::Unauthorized)?;
        UserId::parse(id).map_err(|_| BackendError::Unauthorized)
    }

    fn known_row(&self, room: &RoomId, user: &UserId) -> Option<String> {
        self.own_rows
            .borrow()
            .iter()
            .find(|r| &r.room == room && &r.user == user)
            .map(|r| r.row.clone())
    }

    fn remember_row(&self, room: &RoomId, user: &UserId, row: &str) {
        let mut rows = self.own_rows.borrow_mut();
        rows.retain(|r| !(&r.room == room && &r.user == user));
        rows.push(OwnRow {
            room: room.clone(),
            user: user.clone(),
            row: row.to_owned(),
        });
    }

    fn forget_row(&self, room: &RoomId, user: &UserId) {
        self.own_rows
            .borrow_mut()
            .retain(|r| !(&r.room == room && &r.user == user));
    }

    /// The id of `user`'s `room_members` row in `room`; `NotFound` when they
    /// are not a member.
    async fn own_row(&self, call: &Call, room: &RoomId, user: &UserId) -> Result<String> {
        if let Some(row) = self.known_row(room, user) {
            return Ok(row);
        }
        let filter = format!("room='{room}' && user='{user}'");
        let path = format!(
            "{MEMBERS}?filter={}&perPage=1&skipTotal=1",
            js_sys::encode_uri_component(&filter)
        );
        let page: ListPage<MemberRecord> = self.http.get_json(call, &path).await?;
        let row = page
            .items
            .into_iter()
            .next()
            .ok_or(BackendError::NotFound)?
            .id;
        self.remember_row(room, user, &row);
        Ok(row)
    }

    async fn mark(&self, call: &Call, room: &RoomId, body: &MarkBody) -> Result<Member> {
        let me = self.me()?;
        let row = self.own_row(call, room, &me).await?;
        let result: Result<MemberRecord> = self
            .http
            .send_json(call, Method::Patch, &format!("{MEMBERS}/{row}"), body)
            .await;
        if matches!(result, Err(BackendError::NotFound)) {
            // The remembered id no longer names a row this user may update;
            // the next receipt looks it up again rather than fail forever.
            self.forget_row(room, &me);
        }
        result?.into_domain()
    }

    /// Up to `limit` messages matching `filter`, in `sort` order.
    async fn list_messages(
        &self,
        call: &Call,
        filter: &str,
        sort: &str,
        limit: u32,
    ) -> Result<Vec<Message>> {
        let path = format!(
            "{MESSAGES}?filter={}&sort={}&perPage={}&skipTotal=1",
            js_sys::encode_uri_component(filter),
            js_sys::encode_uri_component(sort),
            limit.clamp(1, 200)
        );
        let page: ListPage<MessageRecord> = self.http.get_json(call, &path).await?;
        page.items
            .into_iter()
            .map(MessageRecord::into_domain)
            .collect()
    }

    /// Whether the reaction is still stored. A list, unlike a read of the
    /// record, answers "none" without an error (which would be reported).
    async fn reaction_exists(&self, call: &Call, id: &ReactionId) -> Result<bool> {
        let path = format!(
            "{REACTIONS}?filter={}&perPage=1&skipTotal=1",
            js_sys::encode_uri_component(&format!("id='{id}'"))
        );
        let page: ListPage<ReactionRecord> = self.http.get_json(call, &path).await?;
        Ok(!page.items.is_empty())
    }
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
            "{MESSAGES}?filter={}&sort={}&perPage={}&skipTotal=1",
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

    async fn changes(
        &self,
        call: &Call,
        room: &RoomId,
        since: &ChangeCursor,
        limit: u32,
    ) -> Result<Vec<Message>> {
        self.list_messages(call, &changes_filter(room, since), "updated,id", limit)
            .await
    }

    async fn send(
        &self,
        call: &Call,
        message: &NewMessage,
        photos: &[PhotoUpload],
    ) -> Result<Message> {
        let sender = self.me()?;
        if !photos.is_empty() {
            let form = super::inbox::message_form(message, &sender, photos)?;
            let record: MessageRecord = self
                .http
                .create_form(call, MESSAGES, message.id.as_str(), form)
                .await?;
            return record.into_domain();
        }
        let body = SendBody {
            id: message.id.as_str(),
            room: message.room.as_str(),
            sender: sender.as_str(),
            kind: "text",
            body: &message.body,
            reply_to: message.reply_to.as_ref().map_or("", |r| r.as_str()),
        };
        let record: MessageRecord = self
            .http
            .create_json(call, MESSAGES, message.id.as_str(), &body)
            .await?;
        record.into_domain()
    }

    async fn message(&self, call: &Call, id: &MessageId) -> Result<Message> {
        let record: MessageRecord = self
            .http
            .get_json(call, &format!("{MESSAGES}/{id}"))
            .await?;
        record.into_domain()
    }

    async fn edit(&self, call: &Call, id: &MessageId, body: &str) -> Result<Message> {
        // Safe to retry: the same body again is a no-op on the server.
        let record: MessageRecord = self
            .http
            .send_json(
                call,
                Method::Patch,
                &format!("{MESSAGES}/{id}"),
                &EditBody { body },
            )
            .await?;
        record.into_domain()
    }

    async fn delete(&self, call: &Call, id: &MessageId) -> Result<Message> {
        // Any date asks for the delete; the server stamps its own time, and
        // deleting again is a no-op, so a retry is safe.
        let body = DeleteBody {
            deleted_at: BrowserClock.now().to_iso8601(),
        };
        let record: MessageRecord = self
            .http
            .send_json(call, Method::Patch, &format!("{MESSAGES}/{id}"), &body)
            .await?;
        record.into_domain()
    }

    async fn react(&self, call: &Call, reaction: &NewReaction) -> Result<Reaction> {
        let user = self.me()?;
        let body = ReactBody {
            id: reaction.id.as_str(),
            message: reaction.message.as_str(),
            user: user.as_str(),
            emoji: &reaction.emoji,
        };
        let record: ReactionRecord = self
            .http
            .create_json(call, REACTIONS, reaction.id.as_str(), &body)
            .await?;
        record.into_domain()
    }

    async fn unreact(&self, call: &Call, id: &ReactionId) -> Result<()> {
        // PbHttp sends GET, POST and PATCH only, so the DELETE goes as a
        // batch of one, which PocketBase runs as the same request under the
        // same rules.
        let body = BatchBody {
            requests: [BatchRequest {
                method: "DELETE",
                url: format!("{REACTIONS}/{id}"),
            }],
        };
        let sent: Result<Vec<BatchAnswer>> =
            self.http.send_json(call, Method::Post, BATCH, &body).await;
        match sent {
            // PocketBase answers 200 only when every request in the batch
            // succeeded; the status is read anyway, so that a backend that
            // reports failures per request is not taken at its 200.
            Ok(answers) if answers.iter().all(|a| (200..300).contains(&a.status)) => Ok(()),
            Ok(_) => Err(BackendError::Decode(
                "the reaction's removal was not confirmed".into(),
            )),
            // A failed request fails its batch with a 400 that does not say
            // why. The usual reason is that the reaction is gone already (an
            // earlier attempt removed it and its answer was lost), which
            // counts as removed; otherwise the failure stands.
            Err(e @ BackendError::Validation { .. }) => {
                if self.reaction_exists(call, id).await? {
                    Err(e)
                } else {
                    Ok(())
                }
            }
            Err(e) => Err(e),
        }
    }

    async fn reactions(
        &self,
        call: &Call,
        room: &RoomId,
        messages: &[MessageId],
    ) -> Result<Vec<Reaction>> {
        let mut reactions = Vec::new();
        for filter in reaction_filters(room, messages) {
            for page in 1.. {
                let path = format!(
                    "{REACTIONS}?filter={}&sort={}&page={page}&perPage={REACTIONS_PER_PAGE}&skipTotal=1",
                    js_sys::encode_uri_component(&filter),
                    js_sys::encode_uri_component("created,id"),
                );
                let answer: ListPage<ReactionRecord> = self.http.get_json(call, &path).await?;
                let more = answer.items.len() >= REACTIONS_PER_PAGE;
                for record in answer.items {
                    reactions.push(record.into_domain()?);
                }
                if !more {
                    break;
                }
            }
        }
        Ok(reactions)
    }

    async fn members(&self, call: &Call, room: &RoomId) -> Result<Vec<Member>> {
        let path = format!(
            "{MEMBERS}?filter={}&perPage=50&skipTotal=1&expand=user",
            js_sys::encode_uri_component(&format!("room='{room}'"))
        );
        let page: ListPage<MemberRecord> = self.http.get_json(call, &path).await?;
        if let Ok(me) = self.me()
            && let Some(own) = page.items.iter().find(|r| r.user == me.as_str())
        {
            self.remember_row(room, &me, &own.id);
        }
        page.items
            .into_iter()
            .map(MemberRecord::into_domain)
            .collect()
    }

    async fn mark_read(&self, call: &Call, room: &RoomId, at: Millis) -> Result<Member> {
        let at = at.to_iso8601();
        let body = MarkBody {
            last_read_at: Some(at.clone()),
            last_delivered_at: Some(at),
        };
        self.mark(call, room, &body).await
    }

    async fn mark_delivered(&self, call: &Call, room: &RoomId, at: Millis) -> Result<Member> {
        let body = MarkBody {
            last_read_at: None,
            last_delivered_at: Some(at.to_iso8601()),
        };
        self.mark(call, room, &body).await
    }

    async fn typing(&self, _call: &Call, room: &RoomId) -> Result<()> {
        // Sent once, outside the resilience layer. A typing notice is stale
        // by the time a retry could go (and the route takes one every 2 s,
        // so a quick retry would only meet 429); the next keystroke sends a
        // fresh one anyway. The route answers an empty 204, which the JSON
        // path refuses. Failures reach the caller, not the Monitor: a lost
        // typing notice is nothing to report.
        self.http
            .send_unguarded(
                Method::Post,
                &format!("/api/janji/typing/{room}"),
                &Empty {},
            )
            .await
    }

    async fn presence(&self, call: &Call, room: &RoomId) -> Result<Vec<Presence>> {
        let rows: Vec<PresenceRecord> = self
            .http
            .get_json(call, &format!("/api/janji/presence/{room}"))
            .await?;
        rows.into_iter().map(PresenceRecord::into_domain).collect()
    }

    async fn search(
        &self,
        call: &Call,
        room: &RoomId,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Message>> {
        let Some(text) = search_text(query) else {
            return Ok(Vec::new());
        };
        self.list_messages(call, &search_filter(room, &text), "-created,-id", limit)
            .await
    }

    fn watch(&self, room: &RoomId, on_event: Rc<dyn Fn(ChatEvent)>) -> Subscription {
        let on_chat = on_event.clone();
        let chat = self.realtime.subscribe_raw(
            format!("chat/{room}"),
            Rc::new(move |raw| match raw {
                RawEvent::Data(data) => {
                    if let Some(event) = decode(data) {
                        on_chat(event);
                    }
                }
                RawEvent::Live => on_chat(ChatEvent::Live),
                RawEvent::Failed(e) => on_chat(ChatEvent::Failed(e)),
            }),
        );
        let typing = self.realtime.subscribe_raw(
            format!("typing/{room}"),
            Rc::new(move |raw| match raw {
                RawEvent::Data(data) => on_event(decode_typing(data)),
                // Typing is never fetched, so there is nothing to catch up
                // on; the chat topic's `Live` stands for the room.
                RawEvent::Live => {}
                RawEvent::Failed(e) => on_event(ChatEvent::Failed(e)),
            }),
        );
        Subscription::new(move || {
            drop(chat);
            drop(typing);
        })
    }

    async fn inbox(&self, call: &Call) -> Result<Vec<InboxRow>> {
        super::inbox::rows(&self.http, call).await
    }

    async fn inbox_row(&self, call: &Call, room: &RoomId) -> Result<InboxRow> {
        super::inbox::row(&self.http, call, room).await
    }

    fn watch_inbox(&self, user: &UserId, on_event: Rc<dyn Fn(InboxEvent)>) -> Subscription {
        super::inbox::watch(&*self.realtime, user, on_event)
    }

    async fn block(&self, call: &Call, user: &UserId) -> Result<()> {
        super::inbox::block(&self.http, call, &self.me()?, user).await
    }

    async fn unblock(&self, call: &Call, user: &UserId) -> Result<()> {
        super::inbox::unblock(&self.http, call, user).await
    }

    async fn photo(
        &self,
        call: &Call,
        message: &MessageId,
        name: &str,
        size: PhotoSize,
    ) -> Result<FileBlob> {
        super::inbox::photo(&self.http, call, message, name, size).await
    }

    async fn limits(&self, call: &Call) -> Result<ChatLimitsUse> {
        super::inbox::limits(&self.http, call, BrowserClock.now()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> RoomId {
        RoomId::parse("probebooking001").unwrap()
    }

    #[test]
    fn a_hostile_search_stays_inside_its_string() {
        assert_eq!(
            search_filter(&room(), "x' || room!='"),
            r"room='probebooking001' && deletedAt='' && body ~ 'x\' || room!=\''"
        );
        assert_eq!(
            search_filter(&room(), r"100% \ a_b"),
            r"room='probebooking001' && deletedAt='' && body ~ '100\\% \\\\ a\\_b'"
        );
    }

    #[test]
    fn changes_are_read_with_the_range_cursor() {
        let since = ChangeCursor::from(Millis(1_767_225_600_000));
        assert_eq!(
            changes_filter(&room(), &since),
            "room='probebooking001' && updated >= '2026-01-01 00:00:00.000Z'"
        );
        let next = ChangeCursor {
            id: Some(MessageId::parse("m00000000000007").unwrap()),
            ..since
        };
        assert_eq!(
            changes_filter(&room(), &next),
            "room='probebooking001' && updated >= '2026-01-01 00:00:00.000Z' && (updated > '2026-01-01 00:00:00.000Z' || id > 'm00000000000007')"
        );
    }

    #[test]
    fn reaction_filters_stay_under_the_length_limit() {
        let ids: Vec<MessageId> = (0..250)
            .map(|i| MessageId::parse(format!("m{i:014}")).unwrap())
            .collect();
        let filters = reaction_filters(&room(), &ids);
        assert!(filters.len() > 1);
        assert!(filters.iter().all(|f| f.len() <= FILTER_BUDGET));
        let named: usize = filters.iter().map(|f| f.matches("message='").count()).sum();
        assert_eq!(named, ids.len(), "every id is asked for once");
        assert_eq!(
            reaction_filters(&room(), &ids[..2]),
            [
                "message.room='probebooking001' && (message='m00000000000000' || message='m00000000000001')"
            ]
        );
        assert!(reaction_filters(&room(), &[]).is_empty());
    }

    #[test]
    fn reaction_events_say_whether_it_came_or_went() {
        let record = r#"{"collectionId":"jnj_reactions","collectionName":"reactions","created":"2026-11-23 19:30:57.458Z","emoji":"👍","id":"probereaction01","message":"probemessage001","updated":"2026-11-23 19:30:57.458Z","user":"usrcustomer0001"}"#;
        let event = |action: &str| {
            decode(&format!(
                r#"{{"kind":"reaction","action":"{action}","record":{record}}}"#
            ))
        };
        let Some(ChatEvent::Reaction { change, reaction }) = event("create") else {
            panic!("not a reaction");
        };
        assert_eq!(change, ReactionChange::Added);
        assert_eq!(reaction.emoji, "👍");
        assert!(matches!(
            event("delete"),
            Some(ChatEvent::Reaction {
                change: ReactionChange::Removed,
                ..
            })
        ));
        assert!(matches!(event("update"), Some(ChatEvent::Failed(_))));
    }

    #[test]
    fn member_and_presence_events_decode() {
        let member = r#"{"kind":"member","action":"update","record":{"archived":false,"collectionId":"jnj_room_members","collectionName":"room_members","created":"2026-11-23 19:30:57.429Z","id":"z8qb958291xgnh6","lastDeliveredAt":"2026-11-23 19:30:57.493Z","lastReadAt":"2026-11-23 19:30:57.480Z","muted":false,"room":"probebooking001","updated":"2026-11-23 19:30:57.496Z","user":"usrcustomer0001"}}"#;
        let Some(ChatEvent::Member(m)) = decode(member) else {
            panic!("not a member event");
        };
        assert_eq!(m.user.as_str(), "usrcustomer0001");
        assert_eq!(
            m.last_read_at,
            Millis::parse_utc("2026-11-23 19:30:57.480Z")
        );

        let presence = r#"{"kind":"presence","action":"update","record":{"user":"usrprovider0001","online":true,"lastSeenAt":"2026-11-23 19:40:00.000Z"}}"#;
        let Some(ChatEvent::Presence(p)) = decode(presence) else {
            panic!("not a presence event");
        };
        assert!(p.online);
        assert_eq!(
            p.last_seen_at,
            Millis::parse_utc("2026-11-23 19:40:00.000Z")
        );

        let broken = r#"{"kind":"presence","action":"update","record":{"online":true}}"#;
        assert!(matches!(decode(broken), Some(ChatEvent::Failed(_))));
        assert_eq!(
            decode(r#"{"kind":"sticker","action":"create","record":{}}"#),
            None
        );
    }

    #[test]
    fn an_event_without_a_readable_kind_is_a_failure_not_ignored() {
        assert!(matches!(decode("not json"), Some(ChatEvent::Failed(_))));
        assert!(matches!(
            decode(r#"{"action":"create","record":{}}"#),
            Some(ChatEvent::Failed(_))
        ));
    }

    #[test]
    fn typing_events_decode() {
        let event = decode_typing(
            r#"{"user":"usrprovider0001","name":"Dewi Lestari","at":"2026-11-23T15:40:31.038Z"}"#,
        );
        assert_eq!(
            event,
            ChatEvent::Typing {
                user: UserId::parse("usrprovider0001").unwrap(),
                name: "Dewi Lestari".into(),
            }
        );
        assert!(matches!(
            decode_typing(r#"{"user":"a/b","name":"x"}"#),
            ChatEvent::Failed(BackendError::Decode(_))
        ));
        assert!(matches!(decode_typing("{}"), ChatEvent::Failed(_)));
    }
}
