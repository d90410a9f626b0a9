//! The people in an open room: their receipts (how far each has read),
//! who is typing, and who is online. Receipts are also written here: what
//! reached this device is delivered, what the reader saw at the bottom of
//! the timeline is read.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{Call, Operation};
use crate::domain::ids::UserId;
use crate::domain::message::receipts::{Member, Pace, Presence};
use crate::domain::message::typing::Typists;
use crate::domain::outbox::Intent;
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::platform::sleep::sleep;
use crate::resilience::clock::Clock;

use super::ChatRoom;

/// Replaces the row of the same user, or adds it.
fn upsert<T>(rows: &mut Vec<T>, row: T, same: impl Fn(&T, &T) -> bool) {
    match rows.iter_mut().find(|r| same(r, &row)) {
        Some(held) => *held = row,
        None => rows.push(row),
    }
}

impl ChatRoom {
    /// Loads the members' receipts and presence when the room opens.
    pub(super) async fn load_people(&self) {
        // Called after other awaits: the window may be gone.
        let (Some(deps), Some(room)) = (self.deps.try_get_value(), self.room.try_get_value())
        else {
            return;
        };
        let api = deps.api.get().await;
        let call = Call::new(Operation::LoadMembers, client_id().into());
        if let Ok(members) = api.members(&call, &room).await {
            // Where this user had read up to when the room opened: the
            // unread marker goes after it.
            let Some(me) = self.me.try_get_value() else {
                return;
            };
            let since = members
                .iter()
                .find(|m| Some(&m.user) == me.as_ref())
                .map(|m| m.last_read_at.unwrap_or_default());
            if self.unread_since.get_untracked().is_none() {
                let _ = self.unread_since.try_set(since);
            }
            let _ = self.members.try_set(members);
        }
        let call = Call::new(Operation::LoadPresence, client_id().into());
        if let Ok(presence) = api.presence(&call, &room).await {
            let _ = self.presence.try_set(presence);
        }
    }

    pub(super) fn take_member(&self, mut member: Member) {
        let _ = self.members.try_update(|rows| {
            // Live updates carry no name: keep the one loaded with the row.
            if member.name.is_none() {
                member.name = rows
                    .iter()
                    .find(|r| r.user == member.user)
                    .and_then(|r| r.name.clone());
            }
            upsert(rows, member, |a, b| a.user == b.user)
        });
    }

    /// The participants' names, as far as they are loaded.
    pub(super) fn people(&self) -> Vec<String> {
        self.members
            .with_untracked(|rows| rows.iter().filter_map(|r| r.name.clone()).collect())
    }

    pub(super) fn take_presence(&self, presence: Presence) {
        let _ = self
            .presence
            .try_update(|rows| upsert(rows, presence, |a, b| a.user == b.user));
    }

    /// Someone else is typing: shown for five seconds after their event.
    pub(super) fn take_typing(&self, user: UserId, name: String) {
        if Some(&user) == self.me.get_value().as_ref() {
            return;
        }
        let now = BrowserClock.now();
        let _ = self.typists.try_update(|t| t.heard(user, name, now));
        let me = *self;
        spawn_local(async move {
            sleep(crate::domain::message::typing::SHOWN_FOR).await;
            let _ = me.typists.try_update(|t| t.expire(BrowserClock.now()));
        });
    }

    /// Tells the others this user is typing, at most once every 2.5 s (the server takes one per 2 s).
    pub fn typing(&self) {
        let deps = self.deps.get_value();
        if !deps.pacer.borrow_mut().should_send(BrowserClock.now()) {
            return;
        }
        let room = self.room.get_value();
        spawn_local(async move {
            let api = deps.api.get().await;
            // A lost typing ping only hides the indicator for a moment; the
            // adapter sends it once and records nothing.
            let _ = api
                .typing(&Call::new(Operation::Typing, client_id().into()), &room)
                .await;
        });
    }

    /// Writes this user's receipt for the newest message, at once or, while
    /// messages keep arriving, once a second (see
    /// [`crate::domain::message::receipts::ReceiptPacer`]).
    pub(super) fn acknowledge(&self) {
        let Some(deps) = self.deps.try_get_value() else {
            return;
        };
        let pace = deps.receipts.borrow_mut().ask(BrowserClock.now());
        match pace {
            Pace::Now => self.write_receipt(),
            Pace::After(wait) => {
                let me = *self;
                spawn_local(async move {
                    sleep(wait).await;
                    // The window may have closed meanwhile.
                    let Some(deps) = me.deps.try_get_value() else {
                        return;
                    };
                    deps.receipts.borrow_mut().written(BrowserClock.now());
                    me.write_receipt();
                });
            }
            Pace::Scheduled => {}
        }
    }

    /// Writes this user's receipt for the newest message: read when the
    /// reader is at the bottom of the timeline, delivered otherwise.
    fn write_receipt(&self) {
        let Some(deps) = self.deps.try_get_value() else {
            return;
        };
        let me = self.me.get_value();
        let Some(newest) = self.timeline.with_untracked(|t| {
            t.messages()
                .iter()
                .rev()
                .find(|m| m.sender.is_some() && m.sender != me)
                .map(|m| m.created)
        }) else {
            return;
        };
        let read = deps.at_bottom.get() && crate::platform::page::is_visible();
        let done = if read {
            &deps.read_up_to
        } else {
            &deps.delivered_up_to
        };
        if done.get().is_some_and(|at| at >= newest) {
            return;
        }
        done.set(Some(newest));
        // Through the outbox like every write: a receipt made offline is
        // sent when the device is back, and a newer one replaces it.
        self.queue(self.intent(Intent::Receipt { at: newest, read }));
    }

    /// Where this user had read up to when the room opened.
    pub fn unread_since(&self) -> Signal<Option<crate::domain::time::Millis>> {
        self.unread_since.into()
    }

    pub fn members(&self) -> Signal<Vec<Member>> {
        self.members.into()
    }

    pub fn presence(&self) -> Signal<Vec<Presence>> {
        self.presence.into()
    }

    pub fn typists(&self) -> Signal<Typists> {
        self.typists.into()
    }

    /// The signed-in user, as the room sees them.
    pub fn me(&self) -> Option<UserId> {
        self.me.get_value()
    }
}
