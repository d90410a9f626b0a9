//! Typed identifiers. Every record id is a newtype so a room id can never be
//! passed where a booking id is expected, and every id is checked once, at the
//! edge, to hold only URL- and filter-safe characters.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The longest id accepted from a backend or a URL.
const MAX_ID_LEN: usize = 64;

/// Length of the ids this client makes; it matches PocketBase's default id
/// pattern (`[a-z0-9]{15}`) so a client id can be the record id.
pub const CLIENT_ID_LEN: usize = 15;

const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("the id is empty")]
    Empty,
    #[error("the id is longer than {MAX_ID_LEN} characters")]
    TooLong,
    #[error("the id may hold only letters, digits, '-' and '_'")]
    InvalidCharacter,
}

/// Checks the shape every id shares.
pub fn check_id(raw: &str) -> Result<(), IdError> {
    if raw.is_empty() {
        return Err(IdError::Empty);
    }
    if raw.len() > MAX_ID_LEN {
        return Err(IdError::TooLong);
    }
    if !raw
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(IdError::InvalidCharacter);
    }
    Ok(())
}

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses an id that came from outside (a URL, a record, storage).
            pub fn parse(raw: impl Into<String>) -> Result<Self, IdError> {
                let raw = raw.into();
                check_id(&raw)?;
                Ok(Self(raw))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(raw: String) -> Result<Self, IdError> {
                Self::parse(raw)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl From<ClientId> for $name {
            fn from(id: ClientId) -> Self {
                Self(id.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_newtype!(
    /// A user account.
    UserId
);
id_newtype!(
    /// A provider listing (a therapist or a place).
    ProviderId
);
id_newtype!(
    /// A booking; made on the client so a retried submit cannot book twice.
    BookingId
);
id_newtype!(
    /// A chat room, one per booking.
    RoomId
);
id_newtype!(
    /// A chat message; made on the client so a resend is never a duplicate.
    MessageId
);
id_newtype!(
    /// An emoji reaction on a message; made on the client, so adding it
    /// again after a lost answer finds the one already stored.
    ReactionId
);
id_newtype!(
    /// A user intent waiting in the outbox: its key, its correlation id, and
    /// the record id of what it creates (a message, a reaction).
    IntentId
);

impl From<BookingId> for RoomId {
    /// Every booking has one chat room, with the booking's id.
    fn from(id: BookingId) -> Self {
        RoomId(id.0)
    }
}

impl From<BookingId> for IntentId {
    /// The intent that made a booking has the booking's id.
    fn from(id: BookingId) -> Self {
        IntentId(id.0)
    }
}

impl From<MessageId> for IntentId {
    /// The intent that created a message has the message's id.
    fn from(id: MessageId) -> Self {
        IntentId(id.0)
    }
}

impl IntentId {
    /// The intent that created a reaction has the reaction's id.
    pub fn from_reaction(id: &ReactionId) -> Self {
        IntentId(id.0.clone())
    }

    /// The message a new-message intent creates: the same client id.
    pub fn message_id(&self) -> MessageId {
        MessageId(self.0.clone())
    }

    /// The reaction a reaction intent creates: the same client id.
    pub fn reaction_id(&self) -> ReactionId {
        ReactionId(self.0.clone())
    }
}

id_newtype!(
    /// Ties together everything one logical operation did: its requests (as
    /// `X-Correlation-Id`), its log lines and its error records. For a user
    /// intent it is the intent's client id.
    CorrelationId
);

/// A user intent's id is its correlation id too (DESIGN §3).
macro_rules! correlates {
    ($($intent:ident),+) => {
        $(impl From<$intent> for CorrelationId {
            fn from(id: $intent) -> Self {
                CorrelationId(id.0)
            }
        })+
    };
}
correlates!(BookingId, MessageId, ReactionId, IntentId);

/// An id made on this client for one user intent. It travels from the click
/// to the database: record id, outbox key, timeline dedupe key and
/// correlation id are all this one value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClientId(String);

impl ClientId {
    /// Makes an id from 16 random bytes (the caller supplies them, so this
    /// stays deterministic under test).
    pub fn from_entropy(bytes: [u8; 16]) -> Self {
        let mut n = u128::from_le_bytes(bytes);
        let mut out = String::with_capacity(CLIENT_ID_LEN);
        for _ in 0..CLIENT_ID_LEN {
            out.push(char::from(ALPHABET[(n % 36) as usize]));
            n /= 36;
        }
        Self(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_reject_filter_breaking_characters() {
        assert_eq!(
            ProviderId::parse("abc' || 1=1"),
            Err(IdError::InvalidCharacter)
        );
        assert_eq!(RoomId::parse(""), Err(IdError::Empty));
        assert_eq!(UserId::parse("a".repeat(65)), Err(IdError::TooLong));
        assert!(BookingId::parse("p0000000000001a").is_ok());
    }

    #[test]
    fn ids_deserialize_through_validation() {
        let ok: ProviderId = serde_json::from_str("\"prov_1\"").unwrap();
        assert_eq!(ok.as_str(), "prov_1");
        assert!(serde_json::from_str::<ProviderId>("\"a/b\"").is_err());
    }

    proptest! {
        #[test]
        fn client_ids_match_the_backend_id_pattern(bytes in any::<[u8; 16]>()) {
            let id = ClientId::from_entropy(bytes);
            prop_assert_eq!(id.as_str().len(), CLIENT_ID_LEN);
            prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            prop_assert!(MessageId::from(id).as_str().len() == CLIENT_ID_LEN);
        }

        #[test]
        fn different_entropy_gives_different_client_ids(a in any::<[u8; 16]>(), b in any::<[u8; 16]>()) {
            // 36^15 > 2^77, so two distinct inputs below that range never collide.
            let mask = (1u128 << 77) - 1;
            let (a, b) = (u128::from_le_bytes(a) & mask, u128::from_le_bytes(b) & mask);
            prop_assume!(a != b);
            prop_assert_ne!(ClientId::from_entropy(a.to_le_bytes()), ClientId::from_entropy(b.to_le_bytes()));
        }
    }
}
