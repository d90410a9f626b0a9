//! The inbox (DESIGN §7): every room the user takes part in, newest
//! activity first, each with the other person, its booking, a one-line
//! preview of the last message and how many messages are unread.

use serde::{Deserialize, Serialize};

use super::booking::{BookingSource, BookingStatus};
use super::ids::{BookingId, MessageId, ProviderId, RoomId, UserId};
use super::message::MessageKind;
use super::message::profanity;
use super::time::Millis;

/// The longest preview line, in characters, before it is cut with "…".
pub const PREVIEW_CHARS: usize = 80;

/// The other participant of a room, as the inbox shows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Peer {
    pub id: UserId,
    pub name: String,
    pub online: bool,
}

impl Peer {
    /// One or two capital letters for the avatar circle.
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// The booking a room belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomBooking {
    pub id: BookingId,
    pub status: BookingStatus,
    pub minutes: u16,
    pub provider: ProviderId,
    pub provider_name: String,
    pub source: BookingSource,
}

/// The room's last message, reduced to what a preview needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub id: MessageId,
    pub kind: MessageKind,
    pub body: String,
    pub sender: Option<UserId>,
    pub images: u8,
    pub deleted: bool,
    pub created: Millis,
}

/// One room of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxRow {
    pub room: RoomId,
    /// The last message's time, or the room's creation: the sort key.
    pub activity: Millis,
    pub booking: Option<RoomBooking>,
    pub other: Option<Peer>,
    pub last: Option<Preview>,
    pub unread: u32,
    /// The user blocked the other participant.
    pub blocked_by_me: bool,
    /// The other participant blocked the user.
    pub blocked_me: bool,
}

/// Newest activity first; rooms of the same moment in a fixed order, so
/// that two tabs show one list.
pub fn sort(rows: &mut [InboxRow]) {
    rows.sort_by(|a, b| {
        b.activity
            .cmp(&a.activity)
            .then_with(|| a.room.cmp(&b.room))
    });
}

/// Puts `row` in the list (replacing the room's old row) at its place.
pub fn upsert(rows: &mut Vec<InboxRow>, row: InboxRow) {
    rows.retain(|r| r.room != row.room);
    rows.push(row);
    sort(rows);
}

/// The unread messages of all rooms, for the navigation badge and the tab
/// title.
pub fn total_unread(rows: &[InboxRow]) -> u32 {
    rows.iter().map(|r| r.unread).sum()
}

/// The tab title with the unread count in front, as chat apps show it.
pub fn title_with_unread(base: &str, unread: u32) -> String {
    match unread {
        0 => base.to_owned(),
        n if n > 99 => format!("(99+) {base}"),
        n => format!("({n}) {base}"),
    }
}

/// The preview line of a message for the user `me`: plain text on one line,
/// cut to [`PREVIEW_CHARS`], listed words masked when someone else wrote it.
pub fn preview_line(last: &Preview, me: &UserId) -> String {
    let mine = last.sender.as_ref() == Some(me);
    let text = if last.deleted {
        "Message deleted".to_owned()
    } else {
        let body = last.body.split_whitespace().collect::<Vec<_>>().join(" ");
        let body = if mine {
            body
        } else {
            profanity::mask(&body).into_owned()
        };
        match (last.images, body.is_empty()) {
            (0, _) => body,
            (1, true) => "📷 Photo".to_owned(),
            (n, true) => format!("📷 {n} photos"),
            (_, false) => format!("📷 {body}"),
        }
    };
    let line = if mine && last.kind == MessageKind::Text {
        format!("You: {text}")
    } else {
        text
    };
    cut(&line, PREVIEW_CHARS)
}

/// How to tell the user about a message that arrived on their own topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announce {
    /// They wrote it, it is an edit, or they are looking at it.
    Nothing,
    /// An in-app toast.
    Toast,
    /// A system notification: the tab is hidden and they allowed them.
    System,
}

/// What the page is doing when a message arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attention {
    /// The page is on screen.
    pub visible: bool,
    /// The message's room is the one open in the chat window.
    pub room_open: bool,
    /// System notifications are allowed and would be seen: the caller
    /// reads the permission only for a hidden page, where they are used.
    pub system_allowed: bool,
}

/// Whether and how to announce a message from `sender` (`is_new` is false
/// for edits and deletions) to `me`.
pub fn announce(sender: Option<&UserId>, me: &UserId, is_new: bool, at: Attention) -> Announce {
    if !is_new || sender == Some(me) {
        return Announce::Nothing;
    }
    match (at.visible, at.room_open, at.system_allowed) {
        (true, true, _) => Announce::Nothing,
        (true, false, _) | (false, _, false) => Announce::Toast,
        (false, _, true) => Announce::System,
    }
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(n: u32) -> RoomId {
        RoomId::parse(format!("room{n}")).unwrap()
    }

    fn row(n: u32, activity: u64, unread: u32) -> InboxRow {
        InboxRow {
            room: room(n),
            activity: Millis(activity),
            booking: None,
            other: None,
            last: None,
            unread,
            blocked_by_me: false,
            blocked_me: false,
        }
    }

    fn preview(body: &str, sender: &str) -> Preview {
        Preview {
            id: MessageId::parse("m1").unwrap(),
            kind: MessageKind::Text,
            body: body.into(),
            sender: Some(UserId::parse(sender).unwrap()),
            images: 0,
            deleted: false,
            created: Millis(1),
        }
    }

    #[test]
    fn a_room_with_new_activity_moves_to_the_top_and_replaces_its_old_row() {
        let mut rows = vec![row(1, 30, 0), row(2, 20, 0), row(3, 10, 0)];
        upsert(&mut rows, row(3, 40, 1));
        let order: Vec<_> = rows.iter().map(|r| r.room.as_str().to_owned()).collect();
        assert_eq!(order, ["room3", "room1", "room2"]);
        assert_eq!(rows[0].unread, 1);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn rooms_of_the_same_moment_keep_one_order() {
        let mut a = vec![row(2, 5, 0), row(1, 5, 0)];
        let mut b = vec![row(1, 5, 0), row(2, 5, 0)];
        sort(&mut a);
        sort(&mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn the_badge_counts_every_unread_message_and_the_title_shows_it() {
        let rows = vec![row(1, 3, 2), row(2, 2, 0), row(3, 1, 5)];
        assert_eq!(total_unread(&rows), 7);
        assert_eq!(title_with_unread("janji", 7), "(7) janji");
        assert_eq!(title_with_unread("janji", 0), "janji");
        assert_eq!(title_with_unread("janji", 250), "(99+) janji");
    }

    #[test]
    fn previews_are_one_plain_line_cut_with_an_ellipsis() {
        let me = UserId::parse("me").unwrap();
        let long = "word ".repeat(40);
        let line = preview_line(&preview(&long, "other"), &me);
        assert_eq!(line.chars().count(), PREVIEW_CHARS);
        assert!(line.ends_with('…'));
        let multi = preview_line(&preview("a\n\nb   c", "other"), &me);
        assert_eq!(multi, "a b c");
    }

    #[test]
    fn own_messages_say_you_and_photos_and_deletions_have_words() {
        let me = UserId::parse("me").unwrap();
        assert_eq!(preview_line(&preview("hi", "me"), &me), "You: hi");
        let mut photo = preview("", "other");
        photo.images = 1;
        assert_eq!(preview_line(&photo, &me), "📷 Photo");
        photo.images = 3;
        assert_eq!(preview_line(&photo, &me), "📷 3 photos");
        photo.body = "the room".into();
        assert_eq!(preview_line(&photo, &me), "📷 the room");
        let mut gone = preview("secret", "other");
        gone.deleted = true;
        assert_eq!(preview_line(&gone, &me), "Message deleted");
    }

    #[test]
    fn listed_words_are_masked_in_previews_of_other_peoples_messages_only() {
        let me = UserId::parse("me").unwrap();
        let word = profanity::listed_words().next().unwrap().to_owned();
        let theirs = preview_line(&preview(&format!("you {word}"), "other"), &me);
        assert_eq!(theirs, format!("you {}", "*".repeat(word.chars().count())));
        let mine = preview_line(&preview(&format!("you {word}"), "me"), &me);
        assert_eq!(mine, format!("You: you {word}"));
    }

    #[test]
    fn a_message_is_announced_by_toast_when_seen_and_by_the_system_when_hidden() {
        let me = UserId::parse("me").unwrap();
        let them = UserId::parse("them").unwrap();
        let at = |visible, room_open, system_allowed| Attention {
            visible,
            room_open,
            system_allowed,
        };
        let new = |a| announce(Some(&them), &me, true, a);
        assert_eq!(new(at(true, false, true)), Announce::Toast);
        assert_eq!(new(at(true, true, true)), Announce::Nothing);
        assert_eq!(new(at(false, true, true)), Announce::System);
        assert_eq!(new(at(false, false, true)), Announce::System);
        assert_eq!(new(at(false, false, false)), Announce::Toast);
        assert_eq!(
            announce(Some(&me), &me, true, at(false, false, true)),
            Announce::Nothing
        );
        assert_eq!(
            announce(Some(&them), &me, false, at(false, false, true)),
            Announce::Nothing
        );
    }

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        let peer = Peer {
            id: UserId::parse("u").unwrap(),
            name: "dewi ayu lestari".into(),
            online: false,
        };
        assert_eq!(peer.initials(), "DA");
    }
}
