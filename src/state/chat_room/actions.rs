//! What a user does to messages already sent: edit and delete their own,
//! and react to any. Each is held to its rate limit, then goes through the
//! outbox like a message: kept on the device, sent once, in order. A
//! reaction shows at once; one the server refuses is listed with why.

use leptos::prelude::*;

use crate::backend::{BackendError, Call, Operation};
use crate::domain::ids::{IntentId, MessageId, ReactionId, UserId};
use crate::domain::message::reactions::chips;
use crate::domain::message::{Reaction, message_body, reaction_emoji};
use crate::domain::outbox::{Intent, OutboxEntry};
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::resilience::clock::Clock;
use crate::store::health::{self, StorageHealth};

use super::{ChatRoom, LIMITS, SendRefused};

impl ChatRoom {
    /// Replaces the text of one's own message (the server keeps the old
    /// text in the message's history and marks it edited). It goes through
    /// the outbox: the message says "saving" until the server has it.
    pub fn edit(&self, id: MessageId, text: &str) -> Result<(), SendRefused> {
        let body = message_body(text)?;
        self.check_mentions(&body)?;
        self.check_storage()?;
        LIMITS.with(|l| l.borrow_mut().edits.take(BrowserClock.now()))?;
        self.queue(self.intent(Intent::Edit { message: id, body }));
        Ok(())
    }

    /// Deletes one's own message: everyone then sees "message deleted".
    pub fn delete(&self, id: MessageId) -> Result<(), SendRefused> {
        self.check_storage()?;
        LIMITS.with(|l| l.borrow_mut().deletions.take(BrowserClock.now()))?;
        self.queue(self.intent(Intent::Delete { message: id }));
        Ok(())
    }

    /// Adds this user's `emoji` to a message, or takes it away if it is
    /// there. It shows at once; the outbox sends it.
    pub fn toggle_reaction(&self, message: MessageId, emoji: &str) -> Result<(), SendRefused> {
        let Ok(emoji) = reaction_emoji(emoji) else {
            return Ok(());
        };
        let Some(user) = self.me.get_value() else {
            return Ok(());
        };
        self.check_storage()?;
        LIMITS.with(|l| l.borrow_mut().reactions.take(BrowserClock.now()))?;
        let shown = self.reactions.with_untracked(|stored| {
            self.pending
                .with_untracked(|p| shown_reactions(stored, p, &user))
        });
        let mine = chips(&shown, &message, Some(&user))
            .into_iter()
            .find(|c| c.emoji == emoji)
            .and_then(|c| c.mine);
        match mine {
            // Still on its way: it never needs to reach the server.
            Some(id) if self.is_waiting(&id) => self.discard(&IntentId::from_reaction(&id)),
            Some(reaction) => self.queue(self.intent(Intent::Unreact { reaction })),
            None => self.queue(self.intent(Intent::React { message, emoji })),
        }
        Ok(())
    }

    /// Whether `reaction` is this user's, still waiting in the outbox.
    fn is_waiting(&self, reaction: &ReactionId) -> bool {
        self.pending.with_untracked(|p| {
            p.iter().any(|e| {
                e.id.as_str() == reaction.as_str()
                    && e.is_waiting()
                    && matches!(e.intent, Intent::React { .. })
            })
        })
    }

    /// Refuses a write when another tab took over the device's storage.
    pub(super) fn check_storage(&self) -> Result<(), SendRefused> {
        if health::current() == StorageHealth::Outdated {
            return Err(SendRefused::Outdated);
        }
        Ok(())
    }

    pub(super) fn take_reaction(&self, reaction: Reaction) {
        let _ = self.reactions.try_update(|all| {
            if !all.iter().any(|r| r.id == reaction.id) {
                all.push(reaction);
            }
        });
    }

    pub(super) fn drop_reaction(&self, id: &ReactionId) {
        let _ = self.reactions.try_update(|all| all.retain(|r| &r.id != id));
    }

    /// Loads the reactions of newly held messages.
    pub(super) async fn load_reactions(&self, messages: Vec<MessageId>) {
        if let Some(found) = self.fetch_reactions(&messages).await {
            let _ = self.reactions.try_update(|all| {
                for r in found {
                    if !all.iter().any(|held| held.id == r.id) {
                        all.push(r);
                    }
                }
            });
        }
    }

    /// The stored reactions on `messages`; `None` (the failure recorded)
    /// when they could not be read, or the window is gone.
    pub(super) async fn fetch_reactions(&self, messages: &[MessageId]) -> Option<Vec<Reaction>> {
        if messages.is_empty() {
            return None;
        }
        let (deps, room) = (self.deps.try_get_value()?, self.room.try_get_value()?);
        let api = deps.api.get().await;
        let call = Call::new(Operation::LoadReactions, client_id().into());
        match api.reactions(&call, &room, messages).await {
            Ok(found) => Some(found),
            Err(e) => {
                self.failed(e);
                None
            }
        }
    }

    /// The reactions as this user sees them: those stored, with this
    /// user's own still on their way added and those being taken back left
    /// out.
    pub fn reactions(&self) -> Memo<Vec<Reaction>> {
        self.shown_reactions
    }

    pub(super) fn failed(&self, e: BackendError) {
        let _ = self.error.try_set(Some(e));
    }
}

/// The room's reactions as shown: see [`shown_reactions`].
pub(super) fn shown(
    stored: RwSignal<Vec<Reaction>>,
    pending: Memo<Vec<OutboxEntry>>,
    me: Option<UserId>,
) -> Memo<Vec<Reaction>> {
    Memo::new(move |_| {
        let Some(me) = &me else {
            return stored.get();
        };
        stored.with(|s| pending.with(|p| shown_reactions(s, p, me)))
    })
}

/// Stored reactions, with `me`'s waiting reactions added and the ones `me`
/// is taking back left out.
fn shown_reactions(stored: &[Reaction], pending: &[OutboxEntry], me: &UserId) -> Vec<Reaction> {
    let waiting = || pending.iter().filter(|e| e.is_waiting());
    let mut shown: Vec<Reaction> = stored
        .iter()
        .filter(|r| {
            !waiting()
                .any(|e| matches!(&e.intent, Intent::Unreact { reaction } if reaction == &r.id))
        })
        .cloned()
        .collect();
    for e in waiting() {
        if let Intent::React { message, emoji } = &e.intent {
            let id = e.id.reaction_id();
            if !shown.iter().any(|r| r.id == id) {
                shown.push(Reaction {
                    id,
                    message: message.clone(),
                    user: me.clone(),
                    emoji: emoji.clone(),
                });
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::RoomId;
    use crate::domain::time::Millis;

    fn user(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }

    fn reaction(id: &str, by: &str) -> Reaction {
        Reaction {
            id: ReactionId::parse(id).unwrap(),
            message: MessageId::parse("m").unwrap(),
            user: user(by),
            emoji: "👍".into(),
        }
    }

    fn waiting(id: &str, intent: Intent) -> OutboxEntry {
        OutboxEntry {
            id: IntentId::parse(id).unwrap(),
            room: RoomId::parse("room").unwrap(),
            sender: Some(user("me")),
            intent,
            queued_at: Millis(1),
            failure: None,
        }
    }

    #[test]
    fn waiting_reactions_show_and_ones_being_taken_back_do_not() {
        let stored = [reaction("r1", "me"), reaction("r2", "you")];
        let pending = [
            waiting(
                "u1",
                Intent::Unreact {
                    reaction: ReactionId::parse("r1").unwrap(),
                },
            ),
            waiting(
                "r3",
                Intent::React {
                    message: MessageId::parse("m").unwrap(),
                    emoji: "❤️".into(),
                },
            ),
        ];
        let shown = shown_reactions(&stored, &pending, &user("me"));
        let ids: Vec<&str> = shown.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["r2", "r3"]);
        let mut refused = pending[1].clone();
        refused.failure = Some("no".into());
        assert_eq!(
            shown_reactions(&stored, &[refused], &user("me")).len(),
            2,
            "a refused reaction is not shown as given"
        );
    }
}
