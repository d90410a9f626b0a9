//! The outbox: messages the user sent that the server has not stored yet.
//! Each is kept on the device before its request leaves, under its client
//! id, and sent once, in the order it was written.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::attachment::PreparedPhoto;
use super::ids::{MessageId, RoomId, UserId};
use super::message::Message;
use super::time::Millis;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    /// The client id: the record id the server will keep.
    pub id: MessageId,
    pub room: RoomId,
    /// Who wrote it (an entry is only sent for the same signed-in user).
    pub sender: Option<UserId>,
    pub body: String,
    pub reply_to: Option<MessageId>,
    /// When it was written, on this device's clock: the sending order.
    pub queued_at: Millis,
    /// Why the server refused it for good; such an entry waits for the
    /// user to retry or discard it.
    pub failure: Option<String>,
    /// The photos going with it, prepared for upload; their files are kept
    /// beside the entry under the same id.
    #[serde(default)]
    pub photos: Vec<PreparedPhoto>,
}

impl OutboxEntry {
    /// The message as the timeline shows it until the server has it.
    pub fn as_message(&self) -> Message {
        let mut m = Message::text(
            self.id.clone(),
            self.room.clone(),
            self.sender.clone(),
            self.body.clone(),
            self.queued_at,
        );
        m.reply_to = self.reply_to.clone();
        m
    }
}

/// The order entries are sent in: by the time they were written, then by
/// id so that two entries of one millisecond still have one order.
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
        .filter(|e| e.failure.is_none() && e.sender.as_ref() == Some(sender))
        .min_by(|a, b| a.queued_at.cmp(&b.queued_at).then_with(|| a.id.cmp(&b.id)))
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
            id: MessageId::parse(id).unwrap(),
            room: RoomId::parse("room").unwrap(),
            sender: Some(me()),
            body: id.into(),
            reply_to: None,
            queued_at: Millis(at),
            failure: failed.then(|| "refused".into()),
            photos: Vec::new(),
        }
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
    }

    #[test]
    fn entries_written_in_one_millisecond_keep_one_order() {
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
    fn entries_wait_for_the_account_that_wrote_them() {
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
    fn an_entry_shows_as_its_message_until_stored() {
        let e = entry("a", 7, false);
        let m = e.as_message();
        assert_eq!((m.id, m.body, m.created), (e.id, e.body, e.queued_at));
    }
}
