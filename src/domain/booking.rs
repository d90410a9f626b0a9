//! Bookings: their statuses and who may change them, where they came from
//! (source attribution), the form's rules, and the provider's response
//! countdown.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::ids::{BookingId, ProviderId, RoomId, UserId};
use super::money::Idr;
use super::person::{NameError, PersonName, PhoneError, WhatsAppNumber};
use super::provider::Provider;
use super::time::Millis;

/// How long a provider has to answer a new booking.
pub const RESPONSE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How far ahead a booking may be scheduled.
pub const MAX_SCHEDULE_AHEAD: Duration = Duration::from_secs(30 * 24 * 3600);

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name in the backend contract.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

string_enum!(
    /// Where a booking stands.
    BookingStatus {
        Pending => "Pending",
        Accepted => "Accepted",
        Declined => "Declined",
        Expired => "Expired",
        Cancelled => "Cancelled",
        Completed => "Completed",
    }
);

string_enum!(
    /// Where a booking was started (DESIGN §6).
    BookingSource {
        BookingButton => "bookingButton",
        ChatWindow => "chatWindow",
        MenuSlider => "menuSlider",
        Scheduled => "scheduled",
        PriceSlider => "priceSlider",
        Direct => "direct",
    }
);

string_enum!(
    /// Now, or at a set time.
    BookingMode {
        Immediate => "immediate",
        Scheduled => "scheduled",
    }
);

string_enum!(
    /// The UI element a booking was started from.
    EntryPoint {
        BookingButton => "bookingButton",
        MenuSlider => "menuSlider",
        PriceSlider => "priceSlider",
        Direct => "direct",
    }
);

impl BookingStatus {
    /// Declined, Expired, Cancelled and Completed never change again.
    pub fn is_final(self) -> bool {
        !matches!(self, Self::Pending | Self::Accepted)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for the provider",
            Self::Accepted => "Accepted",
            Self::Declined => "Declined",
            Self::Expired => "Expired: no answer in time",
            Self::Cancelled => "Cancelled",
            Self::Completed => "Completed",
        }
    }
}

/// The source to store: a scheduled booking is `scheduled`, whatever the
/// element; one started while a chat window is open is `chatWindow`;
/// otherwise it is the element's own.
pub fn derive_source(
    mode: BookingMode,
    chat_window_open: bool,
    entry: EntryPoint,
) -> BookingSource {
    match (mode, chat_window_open, entry) {
        (BookingMode::Scheduled, _, _) => BookingSource::Scheduled,
        (_, true, _) => BookingSource::ChatWindow,
        (_, false, EntryPoint::BookingButton) => BookingSource::BookingButton,
        (_, false, EntryPoint::MenuSlider) => BookingSource::MenuSlider,
        (_, false, EntryPoint::PriceSlider) => BookingSource::PriceSlider,
        (_, false, EntryPoint::Direct) => BookingSource::Direct,
    }
}

/// A booking as the app knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    pub id: BookingId,
    pub customer: UserId,
    pub provider: ProviderId,
    pub status: BookingStatus,
    pub minutes: u16,
    pub price: Idr,
    pub source: BookingSource,
    pub chat_window_open: bool,
    pub mode: BookingMode,
    pub scheduled_at: Option<Millis>,
    pub customer_name: String,
    pub customer_whatsapp: String,
    pub response_deadline: Millis,
    pub responded_at: Option<Millis>,
    pub decline_reason: String,
    pub created: Millis,
    pub updated: Millis,
}

impl Booking {
    /// Every booking has one chat room, with the booking's id.
    pub fn room(&self) -> RoomId {
        RoomId::parse(self.id.as_str()).unwrap_or_else(|_| unreachable!("ids share one shape"))
    }
}

/// Who is looking at a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Customer,
    Provider,
}

/// A status change someone can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatusChange {
    Accept,
    Decline,
    Cancel,
    Complete,
}

impl StatusChange {
    pub fn target(self) -> BookingStatus {
        match self {
            Self::Accept => BookingStatus::Accepted,
            Self::Decline => BookingStatus::Declined,
            Self::Cancel => BookingStatus::Cancelled,
            Self::Complete => BookingStatus::Completed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Accept => "Accept",
            Self::Decline => "Decline",
            Self::Cancel => "Cancel booking",
            Self::Complete => "Mark completed",
        }
    }
}

/// The changes `party` may make to a booking in `status` — the same rules
/// the server enforces: only the provider answers a pending booking or
/// completes an accepted one, only the customer cancels.
pub fn allowed_changes(status: BookingStatus, party: Party) -> &'static [StatusChange] {
    match (status, party) {
        (BookingStatus::Pending, Party::Provider) => &[StatusChange::Accept, StatusChange::Decline],
        (BookingStatus::Accepted, Party::Provider) => &[StatusChange::Complete],
        (BookingStatus::Pending | BookingStatus::Accepted, Party::Customer) => {
            &[StatusChange::Cancel]
        }
        _ => &[],
    }
}

/// The longest decline reason.
pub const DECLINE_REASON_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DeclineError {
    #[error("Say why you decline, so the customer knows.")]
    Missing,
    #[error("Keep the reason under {DECLINE_REASON_MAX} characters.")]
    TooLong,
}

/// A decline needs a reason the customer will read.
pub fn decline_reason(raw: &str) -> Result<String, DeclineError> {
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(DeclineError::Missing);
    }
    if reason.chars().count() > DECLINE_REASON_MAX {
        return Err(DeclineError::TooLong);
    }
    Ok(reason.to_owned())
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScheduleError {
    #[error("Choose a date and time.")]
    Missing,
    #[error("Choose a time in the future.")]
    InPast,
    #[error("Bookings can be made at most 30 days ahead.")]
    TooFar,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DurationError {
    #[error("Choose one of this provider's sessions.")]
    NotOffered,
}

/// What the form holds, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingInput {
    pub minutes: u16,
    pub mode: BookingMode,
    pub scheduled_at: Option<Millis>,
    pub name: String,
    pub whatsapp: String,
}

/// Every error of the form at once, each for its field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingErrors {
    pub minutes: Option<DurationError>,
    pub scheduled_at: Option<ScheduleError>,
    pub name: Option<NameError>,
    pub whatsapp: Option<PhoneError>,
}

impl BookingErrors {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A valid booking request, ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewBooking {
    pub id: BookingId,
    pub provider: ProviderId,
    pub minutes: u16,
    pub price: Idr,
    pub source: BookingSource,
    pub chat_window_open: bool,
    pub mode: BookingMode,
    pub scheduled_at: Option<Millis>,
    pub customer_name: PersonName,
    pub customer_whatsapp: WhatsAppNumber,
}

/// Where a booking comes from, fixed when the form is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub entry: EntryPoint,
    pub chat_window_open: bool,
}

/// Checks the form against the provider's menu and the clock. Nothing is
/// sent unless this returns `Ok`.
pub fn validate(
    input: &BookingInput,
    provider: &Provider,
    origin: Origin,
    id: BookingId,
    now: Millis,
) -> Result<NewBooking, BookingErrors> {
    let price = provider.price_for(input.minutes);
    let scheduled_at = match input.mode {
        BookingMode::Immediate => Ok(None),
        BookingMode::Scheduled => match input.scheduled_at {
            None => Err(ScheduleError::Missing),
            Some(at) if at <= now => Err(ScheduleError::InPast),
            Some(at) if at > now.plus(MAX_SCHEDULE_AHEAD) => Err(ScheduleError::TooFar),
            Some(at) => Ok(Some(at)),
        },
    };
    let name = PersonName::parse(&input.name);
    let whatsapp = WhatsAppNumber::parse(&input.whatsapp);
    match (price, scheduled_at, name, whatsapp) {
        (Some(price), Ok(scheduled_at), Ok(customer_name), Ok(customer_whatsapp)) => {
            Ok(NewBooking {
                id,
                provider: provider.id.clone(),
                minutes: input.minutes,
                price,
                source: derive_source(input.mode, origin.chat_window_open, origin.entry),
                chat_window_open: origin.chat_window_open,
                mode: input.mode,
                scheduled_at,
                customer_name,
                customer_whatsapp,
            })
        }
        (price, scheduled_at, name, whatsapp) => Err(BookingErrors {
            minutes: price.is_none().then_some(DurationError::NotOffered),
            scheduled_at: scheduled_at.err(),
            name: name.err(),
            whatsapp: whatsapp.err(),
        }),
    }
}

/// Puts `booking` into `list` (newest first), replacing an older copy. A
/// copy that is not newer than the one held is ignored, so a late answer
/// never undoes a live update.
pub fn upsert(list: &mut Vec<Booking>, booking: Booking) {
    match list.iter_mut().find(|b| b.id == booking.id) {
        Some(existing) if existing.updated <= booking.updated => *existing = booking,
        Some(_) => {}
        None => list.push(booking),
    }
    list.sort_unstable_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
}

/// The list after a refetch: the backend's `fetched` list, except where
/// `held` has a newer version of a booking (a change that arrived live
/// while the list was on its way). Bookings no longer listed go.
pub fn refreshed(fetched: Vec<Booking>, held: &[Booking]) -> Vec<Booking> {
    let mut list = Vec::with_capacity(fetched.len());
    fetched.into_iter().for_each(|b| upsert(&mut list, b));
    for b in held {
        if list.iter().any(|f| f.id == b.id) {
            upsert(&mut list, b.clone());
        }
    }
    list
}

/// How fast one provider answers bookings (the backend's admin view).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTimes {
    pub provider: ProviderId,
    pub provider_name: String,
    /// Bookings the provider answered.
    pub responded: u32,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
    pub under_5m: u32,
    pub under_15m: u32,
    pub under_60m: u32,
}

impl ResponseTimes {
    /// The share of answered bookings answered within a limit, in percent.
    pub fn share(&self, within: u32) -> u32 {
        (within * 100 + self.responded / 2)
            .checked_div(self.responded)
            .unwrap_or(0)
    }
}

/// Time left until `deadline`, by the server's clock: `offset` is how far
/// the server's clock is ahead of this browser's.
pub fn time_left(deadline: Millis, local_now: Millis, offset_ms: i64) -> Duration {
    let server_now = (local_now.0 as i64).saturating_add(offset_ms).max(0) as u64;
    Duration::from_millis(deadline.0.saturating_sub(server_now))
}

/// `m:ss`, rounded up so a countdown shows 0:00 only when time is up.
pub fn format_countdown(left: Duration) -> String {
    let secs = left.as_millis().div_ceil(1000) as u64;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::provider::ProviderKind;
    use crate::domain::provider::fixtures::provider;

    const NOW: Millis = Millis(1_800_000_000_000);

    fn input(mode: BookingMode, at: Option<Millis>) -> BookingInput {
        BookingInput {
            minutes: 60,
            mode,
            scheduled_at: at,
            name: "Ayu Lestari".into(),
            whatsapp: "0812 3456 7890".into(),
        }
    }

    fn origin(entry: EntryPoint, chat_window_open: bool) -> Origin {
        Origin {
            entry,
            chat_window_open,
        }
    }

    #[test]
    fn source_follows_scheduled_then_chat_window_then_element() {
        use BookingMode::*;
        let cases = [
            (
                Scheduled,
                true,
                EntryPoint::MenuSlider,
                BookingSource::Scheduled,
            ),
            (
                Immediate,
                true,
                EntryPoint::MenuSlider,
                BookingSource::ChatWindow,
            ),
            (
                Immediate,
                false,
                EntryPoint::MenuSlider,
                BookingSource::MenuSlider,
            ),
            (
                Immediate,
                false,
                EntryPoint::PriceSlider,
                BookingSource::PriceSlider,
            ),
            (
                Immediate,
                false,
                EntryPoint::BookingButton,
                BookingSource::BookingButton,
            ),
            (Immediate, false, EntryPoint::Direct, BookingSource::Direct),
        ];
        for (mode, chat_open, entry, expected) in cases {
            assert_eq!(
                derive_source(mode, chat_open, entry),
                expected,
                "{mode:?}, chat open {chat_open}, from {entry:?}"
            );
        }
    }

    #[test]
    fn a_valid_form_gets_its_price_from_the_menu() {
        let p = provider("p1", ProviderKind::Therapist, "Bandung", true, 4.5);
        let id = BookingId::parse("b1").unwrap();
        let b = validate(
            &input(BookingMode::Immediate, None),
            &p,
            origin(EntryPoint::BookingButton, false),
            id,
            NOW,
        )
        .unwrap();
        assert_eq!(b.price, Idr(200_000));
        assert_eq!(b.customer_whatsapp.as_str(), "+6281234567890");
        assert_eq!(b.source, BookingSource::BookingButton);
        assert_eq!(b.scheduled_at, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let p = provider("p1", ProviderKind::Place, "Bandung", true, 4.5);
        let bad = BookingInput {
            minutes: 45,
            mode: BookingMode::Scheduled,
            scheduled_at: None,
            name: "A".into(),
            whatsapp: "123".into(),
        };
        let errors = validate(
            &bad,
            &p,
            origin(EntryPoint::Direct, false),
            BookingId::parse("b").unwrap(),
            NOW,
        )
        .unwrap_err();
        assert_eq!(errors.minutes, Some(DurationError::NotOffered));
        assert_eq!(errors.scheduled_at, Some(ScheduleError::Missing));
        assert_eq!(errors.name, Some(NameError::TooShort));
        assert_eq!(errors.whatsapp, Some(PhoneError::MissingCountryCode));
    }

    #[test]
    fn scheduled_time_must_be_in_the_next_thirty_days() {
        let p = provider("p1", ProviderKind::Place, "Bandung", true, 4.5);
        let check = |at: Millis| {
            validate(
                &input(BookingMode::Scheduled, Some(at)),
                &p,
                origin(EntryPoint::MenuSlider, false),
                BookingId::parse("b").unwrap(),
                NOW,
            )
            .map(|b| b.source)
            .map_err(|e| e.scheduled_at)
        };
        assert_eq!(check(NOW), Err(Some(ScheduleError::InPast)));
        assert_eq!(
            check(NOW.plus(MAX_SCHEDULE_AHEAD).plus(Duration::from_secs(1))),
            Err(Some(ScheduleError::TooFar))
        );
        assert_eq!(
            check(NOW.plus(Duration::from_secs(3600))),
            Ok(BookingSource::Scheduled)
        );
    }

    #[test]
    fn only_the_right_party_may_change_a_booking() {
        use BookingStatus::*;
        assert_eq!(
            allowed_changes(Pending, Party::Provider),
            [StatusChange::Accept, StatusChange::Decline]
        );
        assert_eq!(
            allowed_changes(Pending, Party::Customer),
            [StatusChange::Cancel]
        );
        assert_eq!(
            allowed_changes(Accepted, Party::Customer),
            [StatusChange::Cancel]
        );
        assert_eq!(
            allowed_changes(Accepted, Party::Provider),
            [StatusChange::Complete]
        );
        for final_status in [Declined, Expired, Cancelled, Completed] {
            assert!(final_status.is_final());
            assert!(allowed_changes(final_status, Party::Provider).is_empty());
            assert!(allowed_changes(final_status, Party::Customer).is_empty());
        }
    }

    #[test]
    fn decline_needs_a_reason() {
        assert_eq!(decline_reason("  "), Err(DeclineError::Missing));
        assert_eq!(decline_reason(" fully booked "), Ok("fully booked".into()));
        assert_eq!(decline_reason(&"x".repeat(501)), Err(DeclineError::TooLong));
    }

    #[test]
    fn countdown_uses_the_server_clock() {
        let deadline = NOW.plus(Duration::from_secs(15 * 60));
        assert_eq!(time_left(deadline, NOW, 0), Duration::from_secs(900));
        // The browser is 30 s behind the server: 30 s less remain.
        assert_eq!(time_left(deadline, NOW, 30_000), Duration::from_secs(870));
        assert_eq!(
            time_left(deadline, NOW.plus(Duration::from_secs(1000)), 0),
            Duration::ZERO
        );
        assert_eq!(format_countdown(Duration::from_millis(899_001)), "15:00");
        assert_eq!(format_countdown(Duration::from_millis(61_000)), "1:01");
        assert_eq!(format_countdown(Duration::ZERO), "0:00");
    }

    fn booking(id: &str, created: u64, updated: u64, status: BookingStatus) -> Booking {
        Booking {
            id: BookingId::parse(id).unwrap(),
            customer: UserId::parse("u").unwrap(),
            provider: ProviderId::parse("p").unwrap(),
            status,
            minutes: 60,
            price: Idr(1),
            source: BookingSource::Direct,
            chat_window_open: false,
            mode: BookingMode::Immediate,
            scheduled_at: None,
            customer_name: String::new(),
            customer_whatsapp: String::new(),
            response_deadline: Millis(created + 900_000),
            responded_at: None,
            decline_reason: String::new(),
            created: Millis(created),
            updated: Millis(updated),
        }
    }

    #[test]
    fn upsert_keeps_newest_first_and_never_goes_back_in_time() {
        let mut list = vec![booking("a", 1, 1, BookingStatus::Pending)];
        upsert(&mut list, booking("b", 2, 2, BookingStatus::Pending));
        upsert(&mut list, booking("a", 1, 5, BookingStatus::Accepted));
        upsert(&mut list, booking("a", 1, 3, BookingStatus::Pending));
        assert_eq!(
            list.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(
            list[1].status,
            BookingStatus::Accepted,
            "an older copy does not undo a newer one"
        );
    }

    #[test]
    fn a_refetch_answered_after_a_live_change_does_not_undo_it() {
        // The list was fetched before the change; the change arrived live
        // while the answer was on its way.
        let fetched = vec![
            booking("a", 1, 1, BookingStatus::Pending),
            booking("b", 2, 2, BookingStatus::Pending),
        ];
        let held = vec![
            booking("a", 1, 4, BookingStatus::Expired),
            booking("gone", 3, 3, BookingStatus::Pending),
        ];
        let list = refreshed(fetched, &held);
        assert_eq!(
            list.iter()
                .map(|b| (b.id.as_str(), b.status))
                .collect::<Vec<_>>(),
            [("b", BookingStatus::Pending), ("a", BookingStatus::Expired)],
            "the live change stays, and what the server no longer lists goes"
        );
    }

    #[test]
    fn statuses_and_sources_use_the_contract_names() {
        assert_eq!(
            BookingStatus::parse("Expired"),
            Some(BookingStatus::Expired)
        );
        assert_eq!(
            BookingSource::parse("priceSlider"),
            Some(BookingSource::PriceSlider)
        );
        assert_eq!(
            serde_json::to_string(&BookingSource::ChatWindow).unwrap(),
            "\"chatWindow\""
        );
        assert_eq!(BookingMode::parse("later"), None);
    }
}
