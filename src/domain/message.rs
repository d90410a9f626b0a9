//! Chat messages.

pub mod links;
pub mod mentions;
pub mod profanity;
pub mod reactions;
pub mod receipts;
pub mod typing;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::ids::{MessageId, ReactionId, RoomId, UserId};
use super::person::is_hidden_control;
use super::time::Millis;

/// The longest message, in characters after trimming.
pub const MESSAGE_MAX_CHARS: usize = 2000;

/// The longest reaction, in characters: one emoji can be several code
/// points (skin tones, ZWJ sequences), and the backend keeps 16.
pub const REACTION_MAX_CHARS: usize = 16;

/// The longest search within a conversation, in characters; longer text is
/// cut. Nobody searches a chat for a paragraph, and a short query keeps the
/// backend's filter well under its length limit once escaped.
pub const SEARCH_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Written by a person.
    Text,
    /// Written by the server: a welcome, a notice.
    System,
    /// Written by the server when the booking's status changes.
    BookingUpdate,
}

impl MessageKind {
    /// The kind's name in the page (a message's `data-kind`), which styles
    /// and tests select by.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "Text",
            Self::System => "System",
            Self::BookingUpdate => "BookingUpdate",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: MessageId,
    pub room: RoomId,
    /// The author; server messages have none.
    pub sender: Option<UserId>,
    pub kind: MessageKind,
    pub body: String,
    pub created: Millis,
    /// The message this one answers.
    pub reply_to: Option<MessageId>,
    /// When the body was last changed by its sender.
    pub edited_at: Option<Millis>,
    /// When its sender deleted it; the body is then empty.
    pub deleted_at: Option<Millis>,
    /// When the server last changed it (created, edited, deleted, flagged):
    /// of two copies of a message, the later one wins. Cached copies from
    /// before the field existed read as 0, so any copy from the server wins.
    #[serde(default)]
    pub updated: Millis,
    /// The server's warnings for readers (spam patterns, suspicious links).
    #[serde(default)]
    pub flags: Vec<links::Flag>,
    /// The attached photos' stored names (up to four), for the backend's
    /// photo route; a message sent with photos may have an empty body.
    #[serde(default)]
    pub images: Vec<String>,
}

impl Message {
    /// A plain text message, as most tests and local echoes need.
    pub fn text(
        id: MessageId,
        room: RoomId,
        sender: Option<UserId>,
        body: String,
        created: Millis,
    ) -> Self {
        Self {
            id,
            room,
            sender,
            kind: MessageKind::Text,
            body,
            created,
            reply_to: None,
            edited_at: None,
            deleted_at: None,
            updated: created,
            flags: Vec::new(),
            images: Vec::new(),
        }
    }

    /// Whether this copy is at least as new as `other` (the same message).
    pub fn is_newer_or_same(&self, other: &Message) -> bool {
        self.updated >= other.updated
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MessageError {
    #[error("Write something first.")]
    Empty,
    #[error("Keep messages under {MESSAGE_MAX_CHARS} characters.")]
    TooLong,
    #[error("The message contains a character that cannot be sent.")]
    HiddenControl,
    #[error("You can only mention people in this chat; @{0} is not one of them.")]
    UnknownMention(String),
}

/// A message body as it will be sent: trimmed, 1–2000 characters, with no
/// NUL or bidi-override characters (which can disguise text).
pub fn message_body(raw: &str) -> Result<String, MessageError> {
    let body = raw.trim();
    if body.is_empty() {
        return Err(MessageError::Empty);
    }
    if body.chars().count() > MESSAGE_MAX_CHARS {
        return Err(MessageError::TooLong);
    }
    // Line breaks and tabs are fine in a message; other controls are not.
    if body
        .chars()
        .any(|c| c != '\n' && c != '\t' && is_hidden_control(c))
    {
        return Err(MessageError::HiddenControl);
    }
    Ok(body.to_owned())
}

/// A photo's caption: as [`message_body`], except that it may be empty.
pub fn caption_body(raw: &str) -> Result<String, MessageError> {
    match message_body(raw) {
        Err(MessageError::Empty) => Ok(String::new()),
        other => other,
    }
}

/// Messages in display order: by time, then by id (client ids break ties
/// the same way everywhere), each id once.
pub fn merge(timeline: &mut Vec<Message>, incoming: impl IntoIterator<Item = Message>) {
    for message in incoming {
        match timeline.iter_mut().find(|m| m.id == message.id) {
            Some(existing) => *existing = message,
            None => timeline.push(message),
        }
    }
    timeline.sort_unstable_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
}

/// One person's emoji on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    pub id: ReactionId,
    pub message: MessageId,
    pub user: UserId,
    pub emoji: String,
}

/// A reaction this user adds, under its client-made id; the backend records
/// the user from the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReaction {
    pub id: ReactionId,
    pub message: MessageId,
    /// Checked with [`reaction_emoji`].
    pub emoji: String,
}

/// Whether a reaction came or went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReactionChange {
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReactionError {
    #[error("Pick an emoji.")]
    Empty,
    #[error("A reaction is a single emoji.")]
    NotOneEmoji,
}

/// A reaction as it will be sent: trimmed, one short token with no spaces
/// or control characters. The backend refuses anything else; checking here
/// first saves a round trip that could only fail.
pub fn reaction_emoji(raw: &str) -> Result<String, ReactionError> {
    let emoji = raw.trim();
    if emoji.is_empty() {
        return Err(ReactionError::Empty);
    }
    if emoji.chars().count() > REACTION_MAX_CHARS
        || emoji
            .chars()
            .any(|c| c.is_whitespace() || is_hidden_control(c))
    {
        return Err(ReactionError::NotOneEmoji);
    }
    Ok(emoji.to_owned())
}

/// Search text as it will be sent: trimmed and cut to [`SEARCH_MAX_CHARS`];
/// `None` when nothing is left to search for.
pub fn search_text(raw: &str) -> Option<String> {
    let text: String = raw.trim().chars().take(SEARCH_MAX_CHARS).collect();
    let text = text.trim_end();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_named_in_the_page_as_its_variant() {
        for kind in [
            MessageKind::Text,
            MessageKind::System,
            MessageKind::BookingUpdate,
        ] {
            assert_eq!(kind.name(), format!("{kind:?}"));
        }
    }

    #[test]
    fn a_caption_may_be_empty_but_keeps_every_other_rule() {
        assert_eq!(caption_body("   "), Ok(String::new()));
        assert_eq!(caption_body(" the room "), Ok("the room".into()));
        assert_eq!(
            caption_body(&"x".repeat(MESSAGE_MAX_CHARS + 1)),
            Err(MessageError::TooLong)
        );
        assert_eq!(caption_body("a\u{202E}b"), Err(MessageError::HiddenControl));
    }

    fn msg(id: &str, at: u64) -> Message {
        Message::text(
            MessageId::parse(id).unwrap(),
            RoomId::parse("r").unwrap(),
            None,
            id.into(),
            Millis(at),
        )
    }

    #[test]
    fn bodies_are_trimmed_and_checked() {
        assert_eq!(message_body("  hi\nthere "), Ok("hi\nthere".into()));
        assert_eq!(message_body(" \n "), Err(MessageError::Empty));
        assert_eq!(message_body(&"x".repeat(2001)), Err(MessageError::TooLong));
        assert!(message_body(&"é".repeat(2000)).is_ok());
        assert_eq!(message_body("a\u{0}b"), Err(MessageError::HiddenControl));
        assert_eq!(
            message_body("abc\u{202E}cba"),
            Err(MessageError::HiddenControl)
        );
    }

    #[test]
    fn merging_keeps_each_message_once_in_time_order() {
        let mut timeline = vec![msg("b", 2), msg("a", 1)];
        merge(&mut timeline, [msg("c", 2), msg("a", 1)]);
        let ids: Vec<&str> = timeline.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn reactions_are_one_short_token() {
        assert_eq!(reaction_emoji(" 👍 "), Ok("👍".into()));
        // A family emoji is one reaction made of several code points.
        assert!(reaction_emoji("👨\u{200D}👩\u{200D}👧").is_ok());
        assert_eq!(reaction_emoji("  "), Err(ReactionError::Empty));
        assert_eq!(reaction_emoji("👍 👎"), Err(ReactionError::NotOneEmoji));
        assert_eq!(
            reaction_emoji("a\u{202E}b"),
            Err(ReactionError::NotOneEmoji)
        );
        assert_eq!(
            reaction_emoji(&"x".repeat(REACTION_MAX_CHARS + 1)),
            Err(ReactionError::NotOneEmoji)
        );
    }

    #[test]
    fn search_text_is_trimmed_and_cut() {
        assert_eq!(search_text("  halo "), Some("halo".into()));
        assert_eq!(search_text(" \n "), None);
        assert_eq!(
            search_text(&"é".repeat(SEARCH_MAX_CHARS + 5)).map(|t| t.chars().count()),
            Some(SEARCH_MAX_CHARS)
        );
    }
}

/// A message this user sends, under its client-made id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub id: MessageId,
    pub room: RoomId,
    pub body: String,
    /// The message this one answers (of the same room).
    pub reply_to: Option<MessageId>,
}
