//! PocketBase's JSON shapes and their conversion into domain types.

use serde::Deserialize;

use crate::backend::{BackendError, Result};
use crate::domain::booking::{Booking, BookingMode, BookingSource, BookingStatus, ResponseTimes};
use crate::domain::ids::{BookingId, MessageId, ProviderId, ReactionId, RoomId, UserId};
use crate::domain::message::links::Flag;
use crate::domain::message::receipts::{Member, Presence};
use crate::domain::message::{Message, MessageKind, Reaction};
use crate::domain::money::Idr;
use crate::domain::monitoring::record::fingerprint;
use crate::domain::monitoring::{Category, Context, ErrorRecord, Severity};
use crate::domain::provider::{Provider, ProviderKind, Rating, Service};
use crate::domain::time::Millis;
use crate::domain::user::{Role, User};

pub mod read;

/// PocketBase's error body: `{status, message, data: {field: {code, message}}}`.
#[derive(Debug, Default)]
pub struct ErrorBody {
    pub message: String,
    pub data: FieldErrors,
}

/// The `data` object of an error body, in the server's order. A list of
/// pairs rather than a map: there are a handful of fields at most, and a map
/// type would add its whole implementation to the bundle.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<(String, FieldErrorBody)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&FieldErrorBody> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, e)| e)
    }
}

#[derive(Debug)]
pub struct FieldErrorBody {
    pub code: String,
    pub message: String,
}

/// One page of a list answer.
#[derive(Debug, Deserialize)]
pub struct ListPage<T> {
    pub items: Vec<T>,
}

/// Read by [`AuthAnswer::read`].
#[derive(Debug)]
pub struct AuthAnswer {
    pub token: String,
    pub record: UserRecord,
}

/// Read by [`UserRecord::read`].
#[derive(Debug)]
pub struct UserRecord {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
}

impl UserRecord {
    pub fn into_domain(self) -> Result<User> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| BackendError::Decode(format!("unknown role {:?}", self.role)))?;
        Ok(User {
            id: parse_id(UserId::parse(self.id))?,
            name: self.name,
            email: self.email,
            role,
        })
    }
}

#[derive(Debug)]
pub struct ServiceRecord {
    pub minutes: u16,
    pub price: u64,
}

/// Read by [`ProviderRecord::read`].
#[derive(Debug)]
pub struct ProviderRecord {
    pub id: String,
    pub collection_id: String,
    pub user: String,
    pub name: String,
    pub kind: String,
    pub bio: String,
    pub photo: String,
    pub services: Option<Vec<ServiceRecord>>,
    pub rating: f32,
    pub online: bool,
    pub timezone: String,
    pub city: String,
    pub updated: String,
}

impl ProviderRecord {
    /// `base_url` prefixes file URLs (empty for the page's own origin).
    pub fn into_domain(self, base_url: &str) -> Result<Provider> {
        let kind = self
            .kind
            .parse::<ProviderKind>()
            .map_err(|()| BackendError::Decode(format!("unknown provider kind {:?}", self.kind)))?;
        let photo_url = (!self.photo.is_empty()).then(|| {
            format!(
                "{base_url}/api/files/{}/{}/{}",
                self.collection_id, self.id, self.photo
            )
        });
        let user = if self.user.is_empty() {
            None
        } else {
            Some(parse_id(UserId::parse(self.user))?)
        };
        let services = self
            .services
            .unwrap_or_default()
            .into_iter()
            .map(|s| Service {
                minutes: s.minutes,
                price: Idr(s.price),
            })
            .collect();
        Ok(Provider {
            id: parse_id(ProviderId::parse(self.id))?,
            user,
            name: self.name,
            kind,
            bio_html: self.bio,
            photo_url,
            services,
            rating: Rating::from_stars(self.rating),
            online: self.online,
            timezone: self.timezone,
            city: self.city,
            updated: self.updated,
        })
    }
}

/// A row of `client_errors`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientErrorRecord {
    pub id: String,
    pub severity: String,
    pub category: String,
    #[serde(default)]
    pub operation: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub correlation_id: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub route: String,
    #[serde(default)]
    pub app_version: String,
    #[serde(default)]
    pub context: Option<Context>,
    #[serde(default)]
    pub count: u32,
    #[serde(default)]
    pub occurred_at: String,
    #[serde(default)]
    pub created: String,
}

impl ClientErrorRecord {
    pub fn into_domain(self) -> Result<ErrorRecord> {
        let severity = Severity::parse(&self.severity)
            .ok_or_else(|| BackendError::Decode(format!("unknown severity {:?}", self.severity)))?;
        let category = Category::parse(&self.category)
            .ok_or_else(|| BackendError::Decode(format!("unknown category {:?}", self.category)))?;
        let at = Millis::parse_utc(&self.occurred_at)
            .or_else(|| Millis::parse_utc(&self.created))
            .unwrap_or_default();
        let status = (self.status != 0).then_some(self.status);
        Ok(ErrorRecord {
            fingerprint: fingerprint(severity, category, &self.operation, status, &self.message),
            id: self.id,
            first_seen: at,
            last_seen: at,
            severity,
            category,
            operation: self.operation,
            message: self.message,
            correlation_id: (!self.correlation_id.is_empty()).then_some(self.correlation_id),
            status,
            route: self.route,
            app_version: self.app_version,
            context: self.context.unwrap_or_default(),
            count: self.count.max(1),
            reported: self.count.max(1),
        })
    }
}

/// A PocketBase date (`2026-11-23 15:04:05.678Z`, empty for none).
pub fn date(text: &str) -> Result<Option<Millis>> {
    if text.is_empty() {
        return Ok(None);
    }
    Millis::parse_utc(text)
        .map(Some)
        .ok_or_else(|| BackendError::Decode(format!("bad date {text:?}")))
}

/// A time as PocketBase stores it, for filters: stored dates are compared as
/// text, so the separator must be its space, not ISO's `T`.
pub fn pb_date(at: Millis) -> String {
    at.to_iso8601().replacen('T', " ", 1)
}

/// `text` as the inside of a quoted filter string. PocketBase's filter
/// parser reads a backslash as escaping the next character, so a backslash
/// in the text is doubled and a quote is escaped: nothing the user typed can
/// end the string early.
pub fn filter_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as a `~` (contains) operand that matches itself only. PocketBase
/// hands an operand holding an unescaped `%` to SQL's `LIKE` as a pattern,
/// unwrapped (so `100%` would mean "starts with 100"); escaping `%`, `_` and
/// `\` (its `LIKE … ESCAPE '\'`) makes it wrap the operand in `%…%` and
/// match the text literally. Quote the result with [`filter_text`].
pub fn like_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn required_date(text: &str) -> Result<Millis> {
    date(text)?.ok_or_else(|| BackendError::Decode("a required date is empty".into()))
}

fn enum_field<T>(parsed: Option<T>, text: &str) -> Result<T> {
    parsed.ok_or_else(|| BackendError::Decode(format!("unknown value {text:?}")))
}

/// A row of `bookings`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingRecord {
    pub id: String,
    pub customer: String,
    pub provider: String,
    pub status: String,
    pub minutes: u16,
    pub price: u64,
    pub source: String,
    #[serde(default)]
    pub chat_window_open: bool,
    pub mode: String,
    #[serde(default)]
    pub scheduled_at: String,
    #[serde(default)]
    pub customer_name: String,
    #[serde(default)]
    pub customer_whats_app: String,
    #[serde(default)]
    pub response_deadline: String,
    #[serde(default)]
    pub responded_at: String,
    #[serde(default)]
    pub decline_reason: String,
    #[serde(default)]
    pub created: String,
    #[serde(default)]
    pub updated: String,
}

impl BookingRecord {
    pub fn into_domain(self) -> Result<Booking> {
        Ok(Booking {
            id: parse_id(BookingId::parse(self.id))?,
            customer: parse_id(UserId::parse(self.customer))?,
            provider: parse_id(ProviderId::parse(self.provider))?,
            status: enum_field(BookingStatus::parse(&self.status), &self.status)?,
            minutes: self.minutes,
            price: Idr(self.price),
            source: enum_field(BookingSource::parse(&self.source), &self.source)?,
            chat_window_open: self.chat_window_open,
            mode: enum_field(BookingMode::parse(&self.mode), &self.mode)?,
            scheduled_at: date(&self.scheduled_at)?,
            customer_name: self.customer_name,
            customer_whatsapp: self.customer_whats_app,
            response_deadline: required_date(&self.response_deadline)?,
            responded_at: date(&self.responded_at)?,
            decline_reason: self.decline_reason,
            created: required_date(&self.created)?,
            updated: required_date(&self.updated)?,
        })
    }
}

/// A row of `messages`.
#[derive(Debug, Deserialize)]
pub struct MessageRecord {
    pub id: String,
    pub room: String,
    #[serde(default)]
    pub sender: String,
    pub kind: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub created: String,
    #[serde(default)]
    pub updated: String,
    #[serde(default, rename = "replyTo")]
    pub reply_to: String,
    #[serde(default, rename = "editedAt")]
    pub edited_at: String,
    #[serde(default, rename = "deletedAt")]
    pub deleted_at: String,
    /// Null on messages stored before the field existed.
    #[serde(default)]
    pub flags: Option<Vec<String>>,
    /// The stored names of the attached photos.
    #[serde(default)]
    pub images: Vec<String>,
}

impl MessageRecord {
    pub fn into_domain(self) -> Result<Message> {
        let kind = match self.kind.as_str() {
            "text" => MessageKind::Text,
            "system" => MessageKind::System,
            "booking_update" => MessageKind::BookingUpdate,
            other => {
                return Err(BackendError::Decode(format!(
                    "unknown message kind {other:?}"
                )));
            }
        };
        let sender = if self.sender.is_empty() {
            None
        } else {
            Some(parse_id(UserId::parse(self.sender))?)
        };
        let created = required_date(&self.created)?;
        Ok(Message {
            id: parse_id(MessageId::parse(self.id))?,
            room: parse_id(RoomId::parse(self.room))?,
            sender,
            kind,
            body: self.body,
            created,
            // A record written before `updated` was sent counts as unchanged.
            updated: date(&self.updated)?.unwrap_or(created),
            reply_to: if self.reply_to.is_empty() {
                None
            } else {
                Some(parse_id(MessageId::parse(self.reply_to))?)
            },
            edited_at: date(&self.edited_at)?,
            deleted_at: date(&self.deleted_at)?,
            // Flags this client does not know yet are left out.
            flags: self
                .flags
                .unwrap_or_default()
                .iter()
                .filter_map(|f| Flag::from_server(f))
                .collect(),
            images: self.images,
        })
    }
}

/// A row of `reactions`.
#[derive(Debug, Deserialize)]
pub struct ReactionRecord {
    pub id: String,
    pub message: String,
    pub user: String,
    pub emoji: String,
}

impl ReactionRecord {
    pub fn into_domain(self) -> Result<Reaction> {
        Ok(Reaction {
            id: parse_id(ReactionId::parse(self.id))?,
            message: parse_id(MessageId::parse(self.message))?,
            user: parse_id(UserId::parse(self.user))?,
            emoji: self.emoji,
        })
    }
}

/// A row of `room_members`. Its `muted` and `archived` belong to the inbox
/// and are not read here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberRecord {
    /// The row's own id, which a receipt update names.
    pub id: String,
    pub room: String,
    pub user: String,
    #[serde(default)]
    pub last_read_at: String,
    #[serde(default)]
    pub last_delivered_at: String,
    /// The member's user, when the list asked for `expand=user`.
    #[serde(default)]
    pub expand: Option<MemberExpand>,
}

#[derive(Debug, Deserialize)]
pub struct MemberExpand {
    pub user: Option<NamedRecord>,
}

/// Any record of which only the name is read.
#[derive(Debug, Deserialize)]
pub struct NamedRecord {
    #[serde(default)]
    pub name: String,
}

impl MemberRecord {
    pub fn into_domain(self) -> Result<Member> {
        Ok(Member {
            name: self.expand.and_then(|e| e.user).map(|u| u.name),
            room: parse_id(RoomId::parse(self.room))?,
            user: parse_id(UserId::parse(self.user))?,
            last_read_at: date(&self.last_read_at)?,
            last_delivered_at: date(&self.last_delivered_at)?,
        })
    }
}

/// A participant's presence: a row of `GET /api/janji/presence/{room}`, and
/// the `record` of a `presence` event on `chat/<room>` (the same shape).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PresenceRecord {
    pub user: String,
    #[serde(default)]
    pub online: bool,
    #[serde(default)]
    pub last_seen_at: String,
}

impl PresenceRecord {
    pub fn into_domain(self) -> Result<Presence> {
        Ok(Presence {
            user: parse_id(UserId::parse(self.user))?,
            online: self.online,
            last_seen_at: date(&self.last_seen_at)?,
        })
    }
}

/// An event on `typing/<room>`: `{user, name, at}`. Its `at` is not read:
/// a typing notice lapses by the receiver's clock, which a sender's time
/// would only confuse.
#[derive(Debug, Deserialize)]
pub struct TypingEvent {
    pub user: String,
    #[serde(default)]
    pub name: String,
}

/// One answer of `POST /api/batch`: `{status, body}`.
#[derive(Debug, Deserialize)]
pub struct BatchAnswer {
    pub status: u16,
}

/// A row of the `booking_sources` view.
#[derive(Debug, Deserialize)]
pub struct SourceCountRecord {
    pub source: String,
    #[serde(default)]
    pub bookings: u32,
}

/// A row of the `provider_response_times` view.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseTimesRecord {
    pub provider: String,
    #[serde(default)]
    pub provider_name: String,
    #[serde(default)]
    pub responded: u32,
    #[serde(default)]
    pub median_seconds: Option<f64>,
    #[serde(default)]
    pub p90_seconds: Option<f64>,
    #[serde(default, rename = "under5m")]
    pub under_5m: u32,
    #[serde(default, rename = "under15m")]
    pub under_15m: u32,
    #[serde(default, rename = "under60m")]
    pub under_60m: u32,
}

impl ResponseTimesRecord {
    pub fn into_domain(self) -> Result<ResponseTimes> {
        Ok(ResponseTimes {
            provider: parse_id(ProviderId::parse(self.provider))?,
            provider_name: self.provider_name,
            responded: self.responded,
            median_seconds: self.median_seconds,
            p90_seconds: self.p90_seconds,
            under_5m: self.under_5m,
            under_15m: self.under_15m,
            under_60m: self.under_60m,
        })
    }
}

/// Which kind of record a custom topic's event carries:
/// `{"kind": "message" | "booking" | …, "action": …, "record": …}`.
#[derive(Debug, Deserialize)]
pub struct EventKind {
    pub kind: String,
}

/// A record event on a collection topic: `{action, record}`.
#[derive(Debug, Deserialize)]
pub struct RecordEvent<T> {
    pub action: String,
    pub record: T,
}

/// The first event of every realtime connection.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectEvent {
    pub client_id: String,
}

pub fn parse_id<T>(id: std::result::Result<T, crate::domain::ids::IdError>) -> Result<T> {
    id.map_err(|e| BackendError::Decode(format!("bad record id: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_error_rows_become_records() {
        let json = r#"{"id":"e1","severity":"error","category":"network","operation":"providers.list",
            "message":"down","correlationId":"c1","status":503,"route":"/","appVersion":"0.1.0",
            "context":{"attempts":"3"},"count":2,"occurredAt":"2026-11-23 15:04:05.678Z","created":""}"#;
        let row: ClientErrorRecord = serde_json::from_str(json).unwrap();
        let r = row.into_domain().unwrap();
        assert_eq!(r.severity, Severity::Error);
        assert_eq!(r.category, Category::Network);
        assert_eq!(r.status, Some(503));
        assert_eq!(r.count, 2);
        assert_eq!(r.context.0, vec![("attempts".to_string(), "3".to_string())]);
        assert_eq!(r.last_seen, Millis(1_795_446_245_678));
        let bad: ClientErrorRecord =
            serde_json::from_str(r#"{"id":"e","severity":"meh","category":"ui"}"#).unwrap();
        assert!(matches!(bad.into_domain(), Err(BackendError::Decode(_))));
    }

    #[test]
    fn booking_rows_become_bookings() {
        let json = r#"{"id":"b1","collectionId":"c","customer":"u1","provider":"p1","status":"Pending",
            "minutes":60,"price":200000,"source":"menuSlider","chatWindowOpen":false,"mode":"immediate",
            "scheduledAt":"","customerName":"Ayu","customerWhatsApp":"+6281234567890",
            "responseDeadline":"2026-11-23 15:19:05.678Z","respondedAt":"","declineReason":"",
            "created":"2026-11-23 15:04:05.678Z","updated":"2026-11-23 15:04:05.678Z"}"#;
        let b = serde_json::from_str::<BookingRecord>(json)
            .unwrap()
            .into_domain()
            .unwrap();
        assert_eq!(b.status, BookingStatus::Pending);
        assert_eq!(b.source, BookingSource::MenuSlider);
        assert_eq!(b.scheduled_at, None);
        assert_eq!(b.response_deadline.0 - b.created.0, 15 * 60 * 1000);
        assert_eq!(b.room().as_str(), "b1");
        let bad = json.replace("Pending", "Lost");
        assert!(
            serde_json::from_str::<BookingRecord>(&bad)
                .unwrap()
                .into_domain()
                .is_err()
        );
    }

    #[test]
    fn filter_dates_use_the_stored_form() {
        let at = Millis::parse_utc("2026-11-23 15:04:05.678Z").unwrap();
        assert_eq!(pb_date(at), "2026-11-23 15:04:05.678Z");
    }

    #[test]
    fn message_rows_become_messages() {
        let json = r#"{"id":"m1","room":"b1","sender":"","kind":"booking_update","body":"Booking received","created":"2026-11-23 15:04:05.678Z"}"#;
        let m = serde_json::from_str::<MessageRecord>(json)
            .unwrap()
            .into_domain()
            .unwrap();
        assert_eq!(m.kind, MessageKind::BookingUpdate);
        assert_eq!(m.sender, None);
    }

    #[test]
    fn reaction_rows_become_reactions() {
        let json = r#"{"collectionId":"jnj_reactions","collectionName":"reactions","created":"2026-11-23 19:30:57.458Z",
            "emoji":"👍","id":"probereaction01","message":"probemessage001","updated":"2026-11-23 19:30:57.458Z",
            "user":"usrcustomer0001"}"#;
        let r = serde_json::from_str::<ReactionRecord>(json)
            .unwrap()
            .into_domain()
            .unwrap();
        assert_eq!(r.id.as_str(), "probereaction01");
        assert_eq!(r.message.as_str(), "probemessage001");
        assert_eq!(r.user.as_str(), "usrcustomer0001");
        assert_eq!(r.emoji, "👍");
        let bad = json.replace("probemessage001", "a/b");
        assert!(matches!(
            serde_json::from_str::<ReactionRecord>(&bad)
                .unwrap()
                .into_domain(),
            Err(BackendError::Decode(_))
        ));
    }

    #[test]
    fn member_rows_become_members_with_their_receipts() {
        let json = r#"{"archived":false,"collectionId":"jnj_room_members","collectionName":"room_members",
            "created":"2026-11-23 19:30:57.429Z","id":"z8qb958291xgnh6","lastDeliveredAt":"2026-11-23 19:30:57.493Z",
            "lastReadAt":"","muted":false,"room":"probebooking001","updated":"2026-11-23 19:30:57.496Z",
            "user":"usrcustomer0001"}"#;
        let record = serde_json::from_str::<MemberRecord>(json).unwrap();
        assert_eq!(record.id, "z8qb958291xgnh6");
        let m = record.into_domain().unwrap();
        assert_eq!(m.room.as_str(), "probebooking001");
        assert_eq!(m.user.as_str(), "usrcustomer0001");
        assert_eq!(m.last_read_at, None, "an empty date is no receipt");
        assert_eq!(
            m.last_delivered_at,
            Millis::parse_utc("2026-11-23 19:30:57.493Z")
        );
        let bad = json.replace(r#""lastReadAt":"""#, r#""lastReadAt":"yesterday""#);
        assert!(
            serde_json::from_str::<MemberRecord>(&bad)
                .unwrap()
                .into_domain()
                .is_err()
        );
    }

    #[test]
    fn presence_rows_become_presence() {
        // The presence route's answer, as the server sends it.
        let json = r#"[{"lastSeenAt":"","user":"usrcustomer0001","online":false},
            {"user":"usrprovider0001","online":true,"lastSeenAt":"2026-11-23 19:30:57.480Z"}]"#;
        let rows: Vec<PresenceRecord> = serde_json::from_str(json).unwrap();
        let presence: Vec<Presence> = rows
            .into_iter()
            .map(PresenceRecord::into_domain)
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(presence[0].user.as_str(), "usrcustomer0001");
        assert!(!presence[0].online);
        assert_eq!(presence[0].last_seen_at, None);
        assert!(presence[1].online);
        assert_eq!(
            presence[1].last_seen_at,
            Millis::parse_utc("2026-11-23 19:30:57.480Z")
        );
    }

    #[test]
    fn typing_events_and_batch_answers_decode() {
        let t: TypingEvent = serde_json::from_str(
            r#"{"user":"usrprovider0001","name":"Dewi Lestari","at":"2026-11-23T15:40:31.038Z"}"#,
        )
        .unwrap();
        assert_eq!(
            (t.user.as_str(), t.name.as_str()),
            ("usrprovider0001", "Dewi Lestari")
        );
        let answers: Vec<BatchAnswer> =
            serde_json::from_str(r#"[{"body":null,"status":204}]"#).unwrap();
        assert_eq!(answers[0].status, 204);
    }

    /// Reads a quoted filter string the way PocketBase 0.40.6 does (a
    /// backslash escapes the next character) from just after its opening
    /// quote; returns the text and what follows the closing quote.
    fn read_quoted(filter: &str) -> Option<(String, &str)> {
        let mut text = String::new();
        let mut chars = filter.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => text.push(chars.next()?.1),
                '\'' => return Some((text, &filter[i + 1..])),
                _ => text.push(c),
            }
        }
        None
    }

    /// Undoes [`like_text`] the way `LIKE … ESCAPE '\'` reads it.
    fn unlike(pattern: &str) -> String {
        let mut out = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            out.push(if c == '\\' { chars.next().unwrap() } else { c });
        }
        out
    }

    #[test]
    fn hostile_text_stays_inside_its_filter_string() {
        for hostile in [
            "x' || room!='",
            "x\\' || room!='",
            "\\",
            "end\\",
            "'",
            "\\'",
            "100%",
            "a_b",
            "\"' && 1=1 // ",
        ] {
            let quoted = filter_text(&like_text(hostile));
            let filter = format!("{quoted}' && x");
            let (read, rest) = read_quoted(&filter).unwrap();
            assert_eq!(rest, " && x", "{hostile:?} ended the string early");
            assert_eq!(unlike(&read), hostile);
        }
        assert_eq!(filter_text("it's"), "it\\'s");
        assert_eq!(like_text("100%_\\"), "100\\%\\_\\\\");
    }

    proptest::proptest! {
        #[test]
        fn any_text_stays_inside_its_filter_string(text in "[\\\\'\"%_a-z |&=()]{0,12}|\\PC{0,12}") {
            let quoted = filter_text(&like_text(&text));
            let filter = format!("{quoted}'!");
            let (read, rest) = read_quoted(&filter).unwrap();
            proptest::prop_assert_eq!(rest, "!");
            proptest::prop_assert_eq!(unlike(&read), text);
        }
    }

    #[test]
    fn user_record_with_unknown_role_is_rejected() {
        let r = UserRecord {
            id: "u1".into(),
            name: "A".into(),
            email: String::new(),
            role: "root".into(),
        };
        assert!(matches!(r.into_domain(), Err(BackendError::Decode(_))));
    }
}
