//! The outbox: what the user did that the server has not stored yet. Every
//! write intent (a booking, a status change, a message, an edit, a
//! deletion, a reaction or taking one back, a read receipt) is kept on the
//! device before its request leaves, under its client id, and sent once, in
//! the order it was made.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::attachment::PreparedPhoto;
use super::booking::{NewBooking, StatusChange};
use super::ids::{BookingId, IntentId, MessageId, ReactionId, RoomId, UserId};
use super::message::Message;
use super::time::Millis;

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Intent {
    /// A new booking, under its own id (the entry's); its room has the id.
    Booking { booking: NewBooking },
    /// An answer to a booking (accept, decline with a reason, cancel,
    /// complete); the server checks who may make it.
    StatusChange {
        booking: BookingId,
        change: StatusChange,
        reason: Option<String>,
    },
    /// A new message: the record the server keeps is the entry's id. Its
    /// photos, prepared for upload, are kept beside the entry.
    #[serde(rename_all = "camelCase")]
    Message {
        body: String,
        reply_to: Option<MessageId>,
        #[serde(default)]
        photos: Vec<PreparedPhoto>,
    },
    /// A new text for one's own message (the same text again is a no-op).
    Edit { message: MessageId, body: String },
    /// A soft delete of one's own message (deleting again is a no-op).
    Delete { message: MessageId },
    /// A reaction: the record the server keeps is the entry's id.
    React { message: MessageId, emoji: String },
    /// Taking one's reaction back (one gone already counts as taken back).
    Unreact { reaction: ReactionId },
    /// How far the user has read the room (`read`) or received it; the
    /// server never moves a receipt back, so a late one changes nothing.
    Receipt { at: Millis, read: bool },
}

impl Intent {
    /// A short, stable name, for logs and the dashboard.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Booking { .. } => "booking",
            Self::StatusChange { .. } => "status change",
            Self::Message { .. } => "message",
            Self::Edit { .. } => "edit",
            Self::Delete { .. } => "delete",
            Self::React { .. } => "reaction",
            Self::Unreact { .. } => "unreaction",
            Self::Receipt { .. } => "receipt",
        }
    }

    /// Whether a chat window shows it (as a message on its way, a pending
    /// edit or deletion, a reaction): all but receipts, which a window
    /// never shows and which come and go with nearly every message read.
    pub fn is_shown_in_chat(&self) -> bool {
        !matches!(self, Self::Receipt { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    /// The client id: the outbox key, the correlation id, and the record id
    /// of what the intent creates.
    pub id: IntentId,
    /// The room it belongs to: entries of a room are sent in order.
    pub room: RoomId,
    /// Who made it (an entry is only sent for the same signed-in user).
    pub sender: Option<UserId>,
    pub intent: Intent,
    /// When it was made, on this device's clock: the sending order.
    pub queued_at: Millis,
    /// Why the server refused it for good: a dead letter, which waits for
    /// the user to retry or discard it.
    pub failure: Option<String>,
}

impl OutboxEntry {
    /// The message as the timeline shows it until the server has it, for
    /// an entry that is a new message.
    pub fn as_message(&self) -> Option<Message> {
        let Intent::Message { body, reply_to, .. } = &self.intent else {
            return None;
        };
        let mut m = Message::text(
            self.id.message_id(),
            self.room.clone(),
            self.sender.clone(),
            body.clone(),
            self.queued_at,
        );
        m.reply_to = reply_to.clone();
        Some(m)
    }

    /// The photos going with a new message.
    pub fn photos(&self) -> &[PreparedPhoto] {
        match &self.intent {
            Intent::Message { photos, .. } => photos,
            _ => &[],
        }
    }

    /// Whether it waits to be sent (not refused).
    pub fn is_waiting(&self) -> bool {
        self.failure.is_none()
    }
}

/// The order entries are sent in: by the time they were made, then by id
/// so that two entries of one millisecond still have one order.
pub fn sort(entries: &mut [OutboxEntry]) {
    entries.sort_by(|a, b| a.queued_at.cmp(&b.queued_at).then_with(|| a.id.cmp(&b.id)));
}

/// The next entry to send as `sender` (the signed-in user): the oldest of
/// theirs that the server has not refused. Another account's entries wait
/// for that account.
pub fn next<'a>(entries: &'a [OutboxEntry], sender: Option<&UserId>) -> Option<&'a OutboxEntry> {
    let sender = sender?;
    entries
        .iter()
        .filter(|e| e.is_waiting() && e.sender.as_ref() == Some(sender))
        .min_by(|a, b| a.queued_at.cmp(&b.queued_at).then_with(|| a.id.cmp(&b.id)))
}

/// Receipts that a new one makes pointless: the waiting receipts of the
/// same room and kind (a read receipt also says received).
pub fn superseded_by(entries: &[OutboxEntry], new: &OutboxEntry) -> Vec<IntentId> {
    let Intent::Receipt { read, .. } = new.intent else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|e| e.room == new.room && e.is_waiting() && e.id != new.id)
        .filter(|e| matches!(e.intent, Intent::Receipt { read: r, .. } if r == read || read))
        .map(|e| e.id.clone())
        .collect()
}

/// How many wait to be sent, and how many the server refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    pub waiting: usize,
    pub refused: usize,
}

pub fn depth(entries: &[OutboxEntry]) -> Depth {
    let refused = entries.iter().filter(|e| !e.is_waiting()).count();
    Depth {
        waiting: entries.len() - refused,
        refused,
    }
}

/// How long to wait before trying again after the `attempt`-th flush in a
/// row that could not reach the server: 1 s, 2 s, 4 s … at most 30 s. (Each
/// flush already made its own retries through the resilience layer; coming
/// back online or the live stream reconnecting flushes at once.)
pub fn retry_delay(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(5)).min(Duration::from_secs(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me() -> UserId {
        UserId::parse("me").unwrap()
    }

    fn entry(id: &str, at: u64, failed: bool) -> OutboxEntry {
        OutboxEntry {
            id: IntentId::parse(id).unwrap(),
            room: RoomId::parse("room").unwrap(),
            sender: Some(me()),
            intent: Intent::Message {
                body: id.into(),
                reply_to: None,
                photos: Vec::new(),
            },
            queued_at: Millis(at),
            failure: failed.then(|| "refused".into()),
        }
    }

    fn receipt(id: &str, room: &str, read: bool) -> OutboxEntry {
        OutboxEntry {
            room: RoomId::parse(room).unwrap(),
            intent: Intent::Receipt {
                at: Millis(9),
                read,
            },
            ..entry(id, 1, false)
        }
    }

    #[test]
    fn a_chat_window_shows_every_intent_of_its_room_but_receipts() {
        assert!(entry("m1", 1, false).intent.is_shown_in_chat());
        assert!(!receipt("r1", "room", true).intent.is_shown_in_chat());
        assert!(!receipt("r2", "room", false).intent.is_shown_in_chat());
    }

    #[test]
    fn the_oldest_entry_not_refused_goes_next() {
        let entries = [
            entry("c", 3, false),
            entry("a", 1, true),
            entry("b", 2, false),
        ];
        assert_eq!(next(&entries, Some(&me())).unwrap().id.as_str(), "b");
        assert_eq!(next(&[entry("a", 1, true)], Some(&me())), None);
        assert_eq!(
            depth(&entries),
            Depth {
                waiting: 2,
                refused: 1
            }
        );
    }

    #[test]
    fn entries_made_in_one_millisecond_keep_one_order() {
        let mut entries = vec![
            entry("b", 5, false),
            entry("a", 5, false),
            entry("z", 1, false),
        ];
        sort(&mut entries);
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["z", "a", "b"]);
        assert_eq!(next(&entries, Some(&me())).unwrap().id.as_str(), "z");
    }

    #[test]
    fn entries_wait_for_the_account_that_made_them() {
        let entries = [entry("a", 1, false)];
        assert_eq!(next(&entries, None), None);
        assert_eq!(next(&entries, Some(&UserId::parse("other").unwrap())), None);
        assert!(next(&entries, Some(&me())).is_some());
    }

    #[test]
    fn retries_back_off_to_thirty_seconds() {
        let delays: Vec<u64> = (0..8).map(|a| retry_delay(a).as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn a_new_message_shows_as_its_message_until_stored_and_other_intents_do_not() {
        let e = entry("a", 7, false);
        let m = e.as_message().unwrap();
        assert_eq!(
            (m.id.as_str(), m.body.as_str(), m.created),
            ("a", "a", e.queued_at)
        );
        assert_eq!(receipt("r", "room", true).as_message(), None);
    }

    #[test]
    fn a_receipt_replaces_the_waiting_receipts_it_covers() {
        let entries = [
            receipt("d1", "room", false),
            receipt("r1", "room", true),
            receipt("o1", "other", true),
            entry("m", 1, false),
        ];
        let ids = |v: Vec<IntentId>| v.iter().map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ids(superseded_by(&entries, &receipt("r2", "room", true))),
            ["d1", "r1"],
            "a read receipt says received too"
        );
        assert_eq!(
            ids(superseded_by(&entries, &receipt("d2", "room", false))),
            ["d1"],
            "a delivered receipt leaves the read one"
        );
        assert!(superseded_by(&entries, &entry("m2", 2, false)).is_empty());
    }

    #[test]
    fn intents_are_stored_with_their_kind() {
        let e = receipt("r", "room", true);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["intent"]["kind"], "receipt");
        assert_eq!(serde_json::from_value::<OutboxEntry>(json).unwrap(), e);
    }
}
