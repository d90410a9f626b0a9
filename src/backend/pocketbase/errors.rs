//! Mapping PocketBase answers to [`BackendError`].

use crate::backend::{BackendError, FieldError};
use crate::resilience::clock::Millis;
use crate::resilience::retry_after;

use super::wire::ErrorBody;

/// Checks that a successful answer is JSON. PocketBase answers an unknown
/// `/api/...` path with `index.html` and status 200 when it serves the app
/// (`--publicDir`), so a 200 alone proves nothing.
pub fn require_json(content_type: Option<&str>) -> Result<(), BackendError> {
    match content_type {
        Some(ct)
            if ct
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json") =>
        {
            Ok(())
        }
        Some(ct) => Err(BackendError::Decode(format!("expected JSON, got {ct}"))),
        None => Err(BackendError::Decode(
            "expected JSON, got no content type".into(),
        )),
    }
}

/// Maps a non-2xx answer received at `now` (for `Retry-After` dates); `parsed`
/// is its body ([`ErrorBody::read`]).
pub fn from_status(
    status: u16,
    parsed: ErrorBody,
    retry_after: Option<&str>,
    now: Millis,
) -> BackendError {
    match status {
        400 if parsed
            .data
            .get("id")
            .is_some_and(|f| f.code == "validation_not_unique") =>
        {
            BackendError::AlreadyExists
        }
        401 => BackendError::Unauthorized,
        403 => match parsed.data.get("room") {
            Some(f) if f.code == "chat_blocked" => BackendError::Blocked(parsed.message),
            _ => BackendError::Forbidden,
        },
        404 => BackendError::NotFound,
        408 => BackendError::Unavailable { status },
        429 => BackendError::RateLimited {
            retry_after: retry_after.and_then(|v| retry_after::parse(v, now)),
        },
        500..=599 => BackendError::Unavailable { status },
        _ => {
            let fields = parsed
                .data
                .0
                .into_iter()
                .map(|(field, f)| FieldError {
                    field,
                    code: f.code,
                    message: f.message,
                })
                .collect();
            let message = if parsed.message.is_empty() {
                format!("The request was refused (HTTP {status}).")
            } else {
                parsed.message
            };
            BackendError::Validation { message, fields }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pocketbase::wire::{FieldErrorBody, FieldErrors};
    use crate::resilience::retry_after::MAX_RETRY_AFTER;
    use std::time::Duration;

    const NOW: Millis = Millis(784_111_777_000);

    /// An error body with `message` and, per field, a code.
    fn body(message: &str, fields: &[(&str, &str)]) -> ErrorBody {
        ErrorBody {
            message: message.into(),
            data: FieldErrors(
                fields
                    .iter()
                    .map(|(field, code)| {
                        let error = FieldErrorBody {
                            code: (*code).into(),
                            message: format!("{field} is wrong"),
                        };
                        ((*field).into(), error)
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn html_fallback_is_not_accepted_as_data() {
        assert!(require_json(Some("application/json; charset=utf-8")).is_ok());
        assert!(matches!(
            require_json(Some("text/html; charset=utf-8")),
            Err(BackendError::Decode(_))
        ));
        assert!(matches!(require_json(None), Err(BackendError::Decode(_))));
    }

    #[test]
    fn repeated_create_means_already_exists() {
        let body = body(
            "Failed to create record.",
            &[("id", "validation_not_unique")],
        );
        assert_eq!(
            from_status(400, body, None, NOW),
            BackendError::AlreadyExists
        );
    }

    #[test]
    fn validation_errors_keep_their_fields() {
        let body = body(
            "Failed to create record.",
            &[("email", "validation_invalid_email")],
        );
        let e = from_status(400, body, None, NOW);
        assert_eq!(
            e.field("email").map(|f| f.code.as_str()),
            Some("validation_invalid_email")
        );
        assert!(!e.is_retryable());
    }

    #[test]
    fn statuses_map_to_their_kinds() {
        assert_eq!(
            from_status(401, ErrorBody::default(), None, NOW),
            BackendError::Unauthorized
        );
        assert_eq!(
            from_status(403, ErrorBody::default(), None, NOW),
            BackendError::Forbidden
        );
        assert_eq!(
            from_status(404, ErrorBody::default(), None, NOW),
            BackendError::NotFound
        );
        assert_eq!(
            from_status(503, ErrorBody::default(), None, NOW),
            BackendError::Unavailable { status: 503 }
        );
        assert!(from_status(408, ErrorBody::default(), None, NOW).is_retryable());
        assert!(!from_status(409, ErrorBody::default(), None, NOW).is_retryable());
    }

    #[test]
    fn a_refusal_because_of_a_block_keeps_the_servers_words() {
        let body = body(
            "You can't send messages in this chat.",
            &[("room", "chat_blocked")],
        );
        let e = from_status(403, body, None, NOW);
        assert_eq!(
            e,
            BackendError::Blocked("You can't send messages in this chat.".into())
        );
        assert_eq!(e.user_message(), "You can't send messages in this chat.");
        assert_eq!(e.status(), Some(403));
    }

    #[test]
    fn retry_after_seconds_are_read_and_capped() {
        assert_eq!(
            from_status(429, ErrorBody::default(), Some("7"), NOW),
            BackendError::RateLimited {
                retry_after: Some(Duration::from_secs(7))
            }
        );
        assert_eq!(
            from_status(429, ErrorBody::default(), Some("3600"), NOW),
            BackendError::RateLimited {
                retry_after: Some(MAX_RETRY_AFTER)
            }
        );
        assert_eq!(
            from_status(
                429,
                ErrorBody::default(),
                Some("Sun, 06 Nov 1994 08:49:42 GMT"),
                NOW
            ),
            BackendError::RateLimited {
                retry_after: Some(Duration::from_secs(5))
            }
        );
        assert_eq!(
            from_status(429, ErrorBody::default(), Some("soon"), NOW),
            BackendError::RateLimited { retry_after: None }
        );
    }
}
