//! The one error type of the backend port. Adapters map their wire errors
//! into it; the layers above decide on retries and messages from it alone.

use std::time::Duration;

use thiserror::Error;

use crate::resilience::breaker::Rejected;
use crate::resilience::retry::Failure;

/// A problem with one field of a request, as the backend reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name in the backend contract, e.g. `email`.
    pub field: String,
    /// A machine-readable code, e.g. `validation_required`.
    pub code: String,
    /// The backend's human-readable message.
    pub message: String,
}

/// Why a backend call failed.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackendError {
    /// The request never got an answer: DNS, connection refused or reset.
    #[error("network error: {0}")]
    Network(String),
    /// The device is offline (`navigator.onLine` is false): the request was
    /// not sent, or its answer was lost to the connection going down. It
    /// says nothing about the backend, so the breaker ignores it, and it is
    /// not retried until the device is back online.
    #[error("the device is offline")]
    Offline,
    #[error("the request timed out after {} s", .0.as_secs())]
    Timeout(Duration),
    /// The credentials or the session token were not accepted.
    #[error("not signed in, or the session has expired")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    /// The other participant of a chat has blocked the user, who cannot
    /// write there; the text is the backend's, for the user.
    #[error("{0}")]
    Blocked(String),
    #[error("not found")]
    NotFound,
    /// A create with an id that is already taken: for a client-made id this
    /// means the earlier attempt landed.
    #[error("already exists")]
    AlreadyExists,
    #[error("{message}")]
    Validation {
        message: String,
        fields: Vec<FieldError>,
    },
    #[error("too many requests")]
    RateLimited { retry_after: Option<Duration> },
    /// The server answered with a 5xx.
    #[error("the service is unavailable (HTTP {status})")]
    Unavailable { status: u16 },
    /// The answer was not what the contract promises (wrong content type,
    /// malformed JSON, missing fields).
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
    /// The circuit breaker is open: the call was not sent. `retry_in` is when
    /// the next try is allowed (unknown while a probe call is out).
    #[error("the service is paused after repeated failures")]
    CircuitOpen { retry_in: Option<Duration> },
}

impl BackendError {
    /// Whether trying the same request again may succeed: network trouble,
    /// timeouts, rate limits and server errors. Other answers are final.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Network(_)
                | Self::Timeout(_)
                | Self::RateLimited { .. }
                | Self::Unavailable { .. }
        )
    }

    /// Whether trying again later may succeed: everything retryable, and
    /// the calls that could not go out yet (offline, breaker open).
    pub fn may_succeed_later(&self) -> bool {
        self.is_retryable() || matches!(self, Self::Offline | Self::CircuitOpen { .. })
    }

    /// The HTTP status behind the error, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized => Some(401),
            Self::Forbidden | Self::Blocked(_) => Some(403),
            Self::NotFound => Some(404),
            Self::AlreadyExists | Self::Validation { .. } => Some(400),
            Self::RateLimited { .. } => Some(429),
            Self::Unavailable { status } => Some(*status),
            Self::Network(_)
            | Self::Offline
            | Self::Timeout(_)
            | Self::Decode(_)
            | Self::CircuitOpen { .. } => None,
        }
    }

    /// What to tell the person using the app.
    pub fn user_message(&self) -> String {
        match self {
            Self::Network(_) | Self::Timeout(_) => {
                "We can't reach the server. Check your connection; we'll keep trying.".into()
            }
            Self::Offline => "You're offline. We'll carry on when the connection is back.".into(),
            Self::Unauthorized => "Please sign in again.".into(),
            Self::Forbidden => "You don't have access to this.".into(),
            Self::Blocked(message) => message.clone(),
            Self::NotFound => "We couldn't find that.".into(),
            Self::AlreadyExists => "That was already done.".into(),
            Self::Validation { message, fields } if fields.is_empty() => message.clone(),
            Self::Validation { fields, .. } => {
                let list: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message.trim_end_matches('.')))
                    .collect();
                format!("Please check {}.", list.join("; "))
            }
            Self::RateLimited {
                retry_after: Some(d),
            } => {
                format!("Too many requests. Try again in {} s.", d.as_secs().max(1))
            }
            Self::RateLimited { retry_after: None } => {
                "Too many requests. Try again shortly.".into()
            }
            Self::Unavailable { status: 502..=504 } => {
                "We can't reach the server right now. We'll keep trying.".into()
            }
            Self::Unavailable { .. } => {
                "The service is having trouble. Try again in a moment.".into()
            }
            Self::CircuitOpen { retry_in: Some(d) } => {
                format!(
                    "The service is temporarily unavailable. Retrying in {} s.",
                    d.as_secs().max(1)
                )
            }
            Self::CircuitOpen { retry_in: None } => {
                "The service is temporarily unavailable. Retrying now.".into()
            }
            Self::Decode(_) => "The server sent something we didn't understand.".into(),
        }
    }

    /// The backend's message for one field, if it reported one.
    pub fn field(&self, name: &str) -> Option<&FieldError> {
        match self {
            Self::Validation { fields, .. } => fields.iter().find(|f| f.field == name),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, BackendError>;

impl Failure for BackendError {
    fn is_retryable(&self) -> bool {
        BackendError::is_retryable(self)
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    fn was_sent(&self) -> bool {
        !matches!(self, Self::Offline)
    }
}

impl From<Rejected> for BackendError {
    fn from(rejected: Rejected) -> Self {
        match rejected {
            Rejected::Open { retry_in } => Self::CircuitOpen {
                retry_in: Some(retry_in),
            },
            Rejected::ProbeInFlight => Self::CircuitOpen { retry_in: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retryable() {
        assert!(BackendError::Network("reset".into()).is_retryable());
        assert!(BackendError::Timeout(Duration::from_secs(10)).is_retryable());
        assert!(BackendError::RateLimited { retry_after: None }.is_retryable());
        assert!(BackendError::Unavailable { status: 503 }.is_retryable());
        for final_error in [
            BackendError::Unauthorized,
            BackendError::Forbidden,
            BackendError::NotFound,
            BackendError::AlreadyExists,
            BackendError::Decode("html".into()),
            BackendError::Validation {
                message: "bad".into(),
                fields: Vec::new(),
            },
            BackendError::CircuitOpen { retry_in: None },
        ] {
            assert!(!final_error.is_retryable(), "{final_error:?}");
        }
    }

    #[test]
    fn user_messages_say_what_to_do() {
        assert!(
            BackendError::Network("x".into())
                .user_message()
                .contains("connection")
        );
        let limited = BackendError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        };
        assert!(limited.user_message().contains("7 s"));
        let open = BackendError::CircuitOpen {
            retry_in: Some(Duration::from_secs(23)),
        };
        assert_eq!(
            open.user_message(),
            "The service is temporarily unavailable. Retrying in 23 s."
        );
        let invalid = BackendError::Validation {
            message: "Failed to create record.".into(),
            fields: vec![FieldError {
                field: "email".into(),
                code: "x".into(),
                message: "Must be a valid email.".into(),
            }],
        };
        assert_eq!(
            invalid.user_message(),
            "Please check email: Must be a valid email."
        );
    }
}
