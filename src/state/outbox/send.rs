//! Sending one intent: the backend call each kind of intent makes, what the
//! server stored for it, and what to do when it fails.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::backend::{BackendError, BookingsApi, Call, ChatApi, Operation, PhotoUpload};
use crate::domain::booking::Booking;
use crate::domain::ids::ReactionId;
use crate::domain::message::receipts::Member;
use crate::domain::message::{Message, NewMessage, NewReaction, Reaction};
use crate::domain::outbox::{Intent, OutboxEntry};

/// What the server stored for an intent, for the views to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Stored {
    /// A new or changed booking.
    Booking {
        booking: Booking,
    },
    /// A new, edited or deleted message.
    Message {
        message: Message,
    },
    Reaction {
        reaction: Reaction,
    },
    Unreacted {
        reaction: ReactionId,
    },
    /// The user's own receipts in a room.
    Member {
        member: Member,
    },
    /// The intent was done already (the same reaction from another tab).
    Nothing,
}

impl Stored {
    /// The message, when the intent stored one.
    pub fn message(&self) -> Option<&Message> {
        match self {
            Self::Message { message } => Some(message),
            _ => None,
        }
    }
}

/// What happened to a send, as the outbox acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The server could not be reached or asked to wait: keep it, try later.
    Later(Option<Duration>),
    /// The device is offline: keep it and wait for the browser to be online
    /// again (its `online` event flushes), rather than for a timer.
    WhenOnline,
    /// The server will never accept it: a dead letter, with the reason.
    Refused(String),
}

pub fn verdict(error: &BackendError) -> Verdict {
    match error {
        BackendError::Offline => Verdict::WhenOnline,
        BackendError::RateLimited { retry_after } => Verdict::Later(*retry_after),
        // The breaker says when it lets a call through again.
        BackendError::CircuitOpen { retry_in } => Verdict::Later(*retry_in),
        // A session that expired is renewed by signing in; the intent waits.
        BackendError::Unauthorized => Verdict::Later(None),
        e if e.may_succeed_later() => Verdict::Later(None),
        e => Verdict::Refused(e.user_message()),
    }
}

/// The operation an intent's call is, for the Monitor and the logs.
fn operation(intent: &Intent) -> Operation {
    match intent {
        Intent::Booking { .. } => Operation::CreateBooking,
        Intent::StatusChange { .. } => Operation::ChangeBookingStatus,
        Intent::Message { .. } => Operation::SendMessage,
        Intent::Edit { .. } => Operation::EditMessage,
        Intent::Delete { .. } => Operation::DeleteMessage,
        Intent::React { .. } => Operation::React,
        Intent::Unreact { .. } => Operation::Unreact,
        Intent::Receipt { .. } => Operation::MarkReceipts,
    }
}

/// Sends `entry` once (the resilience layer retries inside), under its
/// client id as the correlation id.
pub async fn deliver(
    api: &dyn ChatApi,
    bookings: &dyn BookingsApi,
    entry: &OutboxEntry,
    photos: &[PhotoUpload],
) -> Result<Stored, BackendError> {
    let call = Call::new(operation(&entry.intent), entry.id.clone().into());
    let room = &entry.room;
    match &entry.intent {
        Intent::Booking { booking } => {
            let booking = bookings.create(&call, booking).await?;
            Ok(Stored::Booking { booking })
        }
        Intent::StatusChange {
            booking,
            change,
            reason,
        } => match bookings
            .change_status(&call, booking, *change, reason.as_deref())
            .await
        {
            Ok(booking) => Ok(Stored::Booking { booking }),
            // Refused as a transition: an earlier attempt whose answer was
            // lost may have made it. If the booking is where the change
            // leads, it was done.
            Err(e @ BackendError::Validation { .. }) if e.field("status").is_some() => {
                let now = bookings.get(&call, booking).await?;
                if now.status == change.target() {
                    Ok(Stored::Booking { booking: now })
                } else {
                    Err(e)
                }
            }
            Err(e) => Err(e),
        },
        Intent::Message { body, reply_to, .. } => {
            let message = NewMessage {
                id: entry.id.message_id(),
                room: room.clone(),
                body: body.clone(),
                reply_to: reply_to.clone(),
            };
            let message = api.send(&call, &message, photos).await?;
            Ok(Stored::Message { message })
        }
        Intent::Edit { message, body } => {
            let message = api.edit(&call, message, body).await?;
            Ok(Stored::Message { message })
        }
        Intent::Delete { message } => {
            let message = api.delete(&call, message).await?;
            Ok(Stored::Message { message })
        }
        Intent::React { message, emoji } => {
            let new = NewReaction {
                id: entry.id.reaction_id(),
                message: message.clone(),
                emoji: emoji.clone(),
            };
            match api.react(&call, &new).await {
                Ok(reaction) => Ok(Stored::Reaction { reaction }),
                // The same emoji by the same person is there already (from
                // another tab or device): what the user wanted holds.
                Err(BackendError::Validation { fields, .. })
                    if fields.iter().any(|f| f.code == "validation_not_unique") =>
                {
                    Ok(Stored::Nothing)
                }
                Err(e) => Err(e),
            }
        }
        Intent::Unreact { reaction } => {
            api.unreact(&call, reaction).await?;
            Ok(Stored::Unreacted {
                reaction: reaction.clone(),
            })
        }
        Intent::Receipt { at, read } => {
            let member = if *read {
                api.mark_read(&call, room, *at).await?
            } else {
                api.mark_delivered(&call, room, *at).await?
            };
            Ok(Stored::Member { member })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_servers_and_expired_sessions_mean_later_and_refusals_are_kept_with_why() {
        assert_eq!(
            verdict(&BackendError::Network("down".into())),
            Verdict::Later(None)
        );
        assert_eq!(
            verdict(&BackendError::Unavailable { status: 503 }),
            Verdict::Later(None)
        );
        assert_eq!(verdict(&BackendError::Unauthorized), Verdict::Later(None));
        assert_eq!(verdict(&BackendError::Offline), Verdict::WhenOnline);
        assert_eq!(
            verdict(&BackendError::CircuitOpen {
                retry_in: Some(Duration::from_secs(12))
            }),
            Verdict::Later(Some(Duration::from_secs(12)))
        );
        assert_eq!(
            verdict(&BackendError::RateLimited {
                retry_after: Some(Duration::from_secs(7))
            }),
            Verdict::Later(Some(Duration::from_secs(7)))
        );
        assert_eq!(
            verdict(&BackendError::Forbidden),
            Verdict::Refused("You don't have access to this.".into())
        );
        assert!(matches!(
            verdict(&BackendError::Validation { message: "too long".into(), fields: vec![] }),
            Verdict::Refused(r) if r == "too long"
        ));
    }
}
