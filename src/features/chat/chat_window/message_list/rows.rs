//! The timeline's rows: its messages with the day each day's messages
//! begin on, and the marker where the unread ones begin.

use std::sync::Arc;

use crate::domain::ids::{MessageId, UserId};
use crate::domain::time::Millis;
use crate::platform::time_zone::{day_label, local_day};
use crate::state::chat_room::Line;

/// A row of the list: a message, or the day the next messages were sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Day(i64, String),
    /// Where the messages this user had not read yet begin.
    Unread,
    /// Shared, so the list's copies of a row cost no copy of its message.
    Message(Arc<Line>),
}

impl Row {
    pub fn message_id(&self) -> Option<&MessageId> {
        match self {
            Row::Message(l) => Some(&l.message.id),
            _ => None,
        }
    }

    /// Changes whenever the row's content does, so only changed rows render.
    pub fn key(&self) -> RowKey {
        match self {
            Row::Day(day, _) => RowKey::Day(*day),
            Row::Unread => RowKey::Unread,
            Row::Message(l) => RowKey::Message {
                id: l.message.id.clone(),
                delivery: l.delivery.as_str(),
                updated: l.message.updated.0,
                change: l.change.as_ref().map(|c| (c.deleting, c.failure.is_some())),
            },
        }
    }
}

/// A row's identity in the list, with what of a message shows: built for
/// each of hundreds of rows on every change, so no text is formatted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowKey {
    Day(i64),
    Unread,
    Message {
        id: MessageId,
        delivery: &'static str,
        updated: u64,
        /// A pending edit or deletion: whether it deletes, whether refused.
        change: Option<(bool, bool)>,
    },
}

/// The rows for `lines`. The unread marker goes above the first message
/// from someone else after `unread_since`, and only where the held run shows
/// that this is the first one (not when older unread messages are not
/// loaded yet: `all_older_held` says whether they are).
pub fn rows(
    lines: &[Arc<Line>],
    me: Option<&UserId>,
    unread_since: Option<Millis>,
    all_older_held: bool,
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(lines.len() + 8);
    let mut last_day = None;
    let mut marked = false;
    // Whether no unread message can be above the current one: the room's
    // beginning is held, or a held message from before the marker's time.
    let mut after_read = all_older_held;
    for line in lines {
        let m = &line.message;
        let day = local_day(m.created);
        if last_day != Some(day) {
            rows.push(Row::Day(day, day_label(m.created)));
            last_day = Some(day);
        }
        let unread = unread_since.is_some_and(|since| m.created > since)
            && m.sender.is_some()
            && m.sender.as_ref() != me;
        if unread && !marked && after_read {
            rows.push(Row::Unread);
        }
        marked |= unread;
        after_read |= unread_since.is_some_and(|since| m.created <= since);
        rows.push(Row::Message(Arc::clone(line)));
    }
    rows
}
