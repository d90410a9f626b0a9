//! A booking's chat room: its messages, sending, editing and deleting them,
//! reactions, receipts, typing, presence, search, and live changes. Loaded
//! on demand.

use std::rc::Rc;

use async_trait::async_trait;

use crate::domain::booking::Booking;
use crate::domain::ids::{MessageId, ReactionId, RoomId, UserId};
use crate::domain::inbox::InboxRow;
use crate::domain::message::receipts::{Member, Presence};
use crate::domain::message::{Message, NewMessage, NewReaction, Reaction, ReactionChange};
use crate::domain::time::Millis;
use crate::domain::timeline::PageRequest;
use crate::platform::file_blob::FileBlob;
use crate::resilience::rate_limit::Window;

use super::{BackendError, Call, Result, Subscription};

/// Something that happened in a room.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatEvent {
    /// A new or changed message (an edit, or a soft delete with its body
    /// cleared).
    Message(Message),
    /// The room's booking changed (its status, its deadline).
    Booking(Booking),
    /// A reaction was added to or removed from a message of the room.
    Reaction {
        change: ReactionChange,
        reaction: Reaction,
    },
    /// A member's receipts moved on (they received or read messages).
    Member(Member),
    /// A participant came online or went offline.
    Presence(Presence),
    /// A participant is typing. It comes at most every 2 s while they type
    /// and is never withdrawn: it lapses on its own, or when their message
    /// arrives. The signed-in user's own notices come back too (from this
    /// tab and any other), so the listener leaves those out.
    Typing {
        user: UserId,
        name: String,
    },
    /// Messages flow from now on (also after every reconnect): what was
    /// fetched before may have missed one.
    Live,
    Failed(BackendError),
}

/// Something that happened to one of the signed-in user's rooms, on the
/// user's own topic: each means that room's inbox row is out of date.
#[derive(Debug, Clone, PartialEq)]
pub enum InboxEvent {
    /// A message arrived or changed.
    Message(Message),
    /// The room's booking changed status.
    Booking(Booking),
    /// Something else of the room changed: a new room, a read receipt of the
    /// user's (from another tab or device).
    Room(RoomId),
    /// A block was made or lifted: any row may be affected.
    Blocks,
    /// Someone the user shares a room with came online or went offline.
    Presence(Presence),
    /// Changes flow from now on (also after every reconnect).
    Live,
    Failed(BackendError),
}

/// A place in the order a room's messages changed in: by the server's
/// `updated`, then by id. An empty id means "from this time on".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeCursor {
    pub updated: Millis,
    pub id: Option<MessageId>,
}

impl ChangeCursor {
    /// Changes at or after `updated`.
    pub fn from(updated: Millis) -> Self {
        Self { updated, id: None }
    }

    /// Changes after `message`.
    pub fn after(message: &Message) -> Self {
        Self {
            updated: message.updated,
            id: Some(message.id.clone()),
        }
    }
}

/// How big a photo to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoSize {
    /// The square thumbnail the timeline shows.
    Thumb,
    /// The stored photo, for the viewer.
    Full,
}

/// A photo going up with a message.
#[derive(Debug, Clone)]
pub struct PhotoUpload {
    pub file: FileBlob,
    /// The name it is stored under: made by the app, never the user's own.
    pub name: String,
}

/// The limits a backend applies to one kind of action, and the user's
/// recent actions of that kind as `(time, count)` groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LimitUse {
    pub windows: Vec<Window>,
    pub recent: Vec<(Millis, u32)>,
}

/// The chat limits as the backend applies them to the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChatLimitsUse {
    pub messages: LimitUse,
    pub reactions: LimitUse,
    pub edits: LimitUse,
    pub deletions: LimitUse,
}

#[async_trait(?Send)]
pub trait ChatApi {
    /// One message, by id (to jump to it when it is not held).
    async fn message(&self, call: &Call, id: &MessageId) -> Result<Message>;
    /// Up to `limit` messages of `room` at the place `request` names,
    /// oldest first.
    async fn page(
        &self,
        call: &Call,
        room: &RoomId,
        request: &PageRequest,
        limit: u32,
    ) -> Result<Vec<Message>>;
    /// Up to `limit` messages of `room` that the server changed after
    /// `since` (created, edited, deleted), in the order they changed: what a
    /// listener may have missed while the stream was down. The next page
    /// starts after the last one returned.
    async fn changes(
        &self,
        call: &Call,
        room: &RoomId,
        since: &ChangeCursor,
        limit: u32,
    ) -> Result<Vec<Message>>;
    /// Sends a message, with its photos, under its client-made id (sending
    /// it again returns the one already stored).
    async fn send(
        &self,
        call: &Call,
        message: &NewMessage,
        photos: &[PhotoUpload],
    ) -> Result<Message>;
    /// Replaces the body of one's own text message (checked with
    /// `message_body`). The backend stamps `edited_at` and keeps the old body
    /// in the message's history; sending the same body again changes nothing.
    async fn edit(&self, call: &Call, id: &MessageId, body: &str) -> Result<Message>;
    /// Deletes one's own text message, softly: it stays in the timeline with
    /// `deleted_at` set and its body cleared. Deleting again changes nothing.
    async fn delete(&self, call: &Call, id: &MessageId) -> Result<Message>;
    /// Adds a reaction as the signed-in user under its client-made id
    /// (adding it again returns the one already stored).
    async fn react(&self, call: &Call, reaction: &NewReaction) -> Result<Reaction>;
    /// Removes one of one's own reactions; one that is gone already counts
    /// as removed.
    async fn unreact(&self, call: &Call, id: &ReactionId) -> Result<()>;
    /// The reactions on `messages` of `room`, oldest first.
    async fn reactions(
        &self,
        call: &Call,
        room: &RoomId,
        messages: &[MessageId],
    ) -> Result<Vec<Reaction>>;
    /// Every member of `room`, with their receipts.
    async fn members(&self, call: &Call, room: &RoomId) -> Result<Vec<Member>>;
    /// Records that the signed-in user has read `room` up to `at` (which
    /// means received, too). The backend never moves a receipt back and
    /// never past its own clock; the answer is the row as it stored it.
    async fn mark_read(&self, call: &Call, room: &RoomId, at: Millis) -> Result<Member>;
    /// Records that the signed-in user's device has received `room`'s
    /// messages up to `at`; as [`ChatApi::mark_read`] otherwise.
    async fn mark_delivered(&self, call: &Call, room: &RoomId, at: Millis) -> Result<Member>;
    /// Tells the room the signed-in user is typing. The backend takes one
    /// every 2 s per user and room and answers `RateLimited` (with the wait)
    /// to more.
    async fn typing(&self, call: &Call, room: &RoomId) -> Result<()>;
    /// Whether each participant of `room` is online now, for the chat header
    /// on open (changes then come as [`ChatEvent::Presence`]).
    async fn presence(&self, call: &Call, room: &RoomId) -> Result<Vec<Presence>>;
    /// Up to `limit` messages of `room` whose body contains `query` (as
    /// `search_text` makes it; letters compared without case for ASCII),
    /// newest first. Deleted messages are left out.
    async fn search(
        &self,
        call: &Call,
        room: &RoomId,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Message>>;
    /// Everything that happens in `room` from now on, typing included.
    fn watch(&self, room: &RoomId, on_event: Rc<dyn Fn(ChatEvent)>) -> Subscription;

    /// The signed-in user's rooms, newest activity first.
    async fn inbox(&self, call: &Call) -> Result<Vec<InboxRow>>;
    /// One room's inbox row.
    async fn inbox_row(&self, call: &Call, room: &RoomId) -> Result<InboxRow>;
    /// Changes to any of `user`'s rooms from now on.
    fn watch_inbox(&self, user: &UserId, on_event: Rc<dyn Fn(InboxEvent)>) -> Subscription;
    /// Blocks `user` for the signed-in user: they can no longer write in a
    /// room the two share. Blocking twice is one block.
    async fn block(&self, call: &Call, user: &UserId) -> Result<()>;
    /// Lifts the signed-in user's block of `user`, if there is one.
    async fn unblock(&self, call: &Call, user: &UserId) -> Result<()>;
    /// One photo of a message, as a file in memory (the session goes in a
    /// header, never in the photo's URL).
    async fn photo(
        &self,
        call: &Call,
        message: &MessageId,
        name: &str,
        size: PhotoSize,
    ) -> Result<FileBlob>;
    /// The chat limits that apply to the signed-in user, and what they used.
    async fn limits(&self, call: &Call) -> Result<ChatLimitsUse>;
}
