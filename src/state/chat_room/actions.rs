//! What a user does to messages already sent: edit and delete their own,
//! and react to any. Each is held to its rate limit before it is sent; the
//! reaction shows at once and is taken back if the server refuses it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, Operation};
use crate::domain::ids::{MessageId, ReactionId};
use crate::domain::message::reactions::chips;
use crate::domain::message::{NewReaction, Reaction, message_body, reaction_emoji};
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::resilience::clock::Clock;

use super::{ChatRoom, LIMITS, SendRefused};

impl ChatRoom {
    /// Replaces the text of one's own message (the server keeps the old
    /// text in the message's history and marks it edited).
    pub fn edit(&self, id: MessageId, text: &str) -> Result<(), SendRefused> {
        let body = message_body(text)?;
        self.check_mentions(&body)?;
        LIMITS.with(|l| l.borrow_mut().edits.take(BrowserClock.now()))?;
        let me = *self;
        spawn_local(async move {
            let api = me.deps.get_value().api.get().await;
            match api
                .edit(
                    &Call::new(Operation::EditMessage, client_id().into()),
                    &id,
                    &body,
                )
                .await
            {
                Ok(stored) => me.take_stored(stored),
                Err(e) => me.failed(e),
            }
        });
        Ok(())
    }

    /// Deletes one's own message: everyone then sees "message deleted".
    pub fn delete(&self, id: MessageId) -> Result<(), SendRefused> {
        LIMITS.with(|l| l.borrow_mut().deletions.take(BrowserClock.now()))?;
        let me = *self;
        spawn_local(async move {
            let api = me.deps.get_value().api.get().await;
            match api
                .delete(
                    &Call::new(Operation::DeleteMessage, client_id().into()),
                    &id,
                )
                .await
            {
                Ok(stored) => me.take_stored(stored),
                Err(e) => me.failed(e),
            }
        });
        Ok(())
    }

    /// Adds this user's `emoji` to a message, or takes it away if it is
    /// there.
    pub fn toggle_reaction(&self, message: MessageId, emoji: &str) -> Result<(), SendRefused> {
        let Ok(emoji) = reaction_emoji(emoji) else {
            return Ok(());
        };
        let Some(user) = self.me.get_value() else {
            return Ok(());
        };
        LIMITS.with(|l| l.borrow_mut().reactions.take(BrowserClock.now()))?;
        let mine = self.reactions.with_untracked(|all| {
            chips(all, &message, Some(&user))
                .into_iter()
                .find(|c| c.emoji == emoji)
                .and_then(|c| c.mine)
        });
        match mine {
            Some(id) => self.unreact(id),
            None => {
                let id: ReactionId = client_id().into();
                let reaction = Reaction {
                    id: id.clone(),
                    message: message.clone(),
                    user,
                    emoji: emoji.clone(),
                };
                self.reactions.update(|all| all.push(reaction));
                let me = *self;
                spawn_local(async move {
                    let api = me.deps.get_value().api.get().await;
                    let new = NewReaction {
                        id: id.clone(),
                        message,
                        emoji,
                    };
                    let call = Call::new(Operation::React, id.clone().into());
                    match api.react(&call, &new).await {
                        Ok(stored) => me.take_reaction(stored),
                        // The same emoji from another tab already counts.
                        Err(BackendError::Validation { .. }) => {
                            me.reactions.update(|all| all.retain(|r| r.id != id));
                        }
                        Err(e) => {
                            me.reactions.update(|all| all.retain(|r| r.id != id));
                            me.failed(e);
                        }
                    }
                });
            }
        }
        Ok(())
    }

    fn unreact(&self, id: ReactionId) {
        let removed = self
            .reactions
            .with_untracked(|all| all.iter().find(|r| r.id == id).cloned());
        self.reactions.update(|all| all.retain(|r| r.id != id));
        let me = *self;
        spawn_local(async move {
            let api = me.deps.get_value().api.get().await;
            let call = Call::new(Operation::Unreact, id.clone().into());
            if let Err(e) = api.unreact(&call, &id).await {
                if let Some(r) = removed {
                    me.take_reaction(r);
                }
                me.failed(e);
            }
        });
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

    /// Loads the reactions of the held messages that have none loaded.
    pub(super) async fn load_reactions(&self, messages: Vec<MessageId>) {
        if messages.is_empty() {
            return;
        }
        let api = self.deps.get_value().api.get().await;
        let call = Call::new(Operation::LoadReactions, client_id().into());
        match api
            .reactions(&call, &self.room.get_value(), &messages)
            .await
        {
            Ok(found) => {
                let _ = self.reactions.try_update(|all| {
                    for r in found {
                        if !all.iter().any(|held| held.id == r.id) {
                            all.push(r);
                        }
                    }
                });
            }
            Err(e) => self.failed(e),
        }
    }

    pub fn reactions(&self) -> Signal<Vec<Reaction>> {
        self.reactions.into()
    }

    pub(super) fn failed(&self, e: BackendError) {
        let _ = self.error.try_set(Some(e));
    }
}
