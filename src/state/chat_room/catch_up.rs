//! Catching up: the backend never replays what a closed stream missed, so
//! whenever the room may have missed something (the stream is live again,
//! the tab is back in the foreground, the browser is back online) it fetches
//! what changed and merges it by id and `updated`, so the window converges
//! to the server's state: the messages after the newest held one, the held
//! messages that changed (edits, deletions), their reactions, and the
//! members' receipts and presence.

use std::time::Duration;

use leptos::prelude::*;

use crate::backend::{Call, ChangeCursor, Operation};
use crate::domain::ids::MessageId;
use crate::domain::timeline::{PAGE, PageRequest, Timeline};
use crate::platform::random::client_id;

use super::ChatRoom;

/// How far before the latest change held the change fetch starts: two
/// writes close together may reach the stream in the other order, so the
/// last one heard does not prove the one before it was heard.
pub(super) const CHANGE_MARGIN: Duration = Duration::from_secs(5);

/// Changes read per request.
const CHANGES_PER_PAGE: u32 = 200;

/// After this many full pages of changes, the room starts again from its
/// newest page rather than reading on.
const MAX_CHANGE_PAGES: usize = 10;

/// How thorough a catch-up is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CatchUp {
    /// Only the messages after the newest held one: the stream went live
    /// for the first time while the room's first pages are on their way.
    Newer,
    /// Everything that may have changed.
    Everything,
}

impl ChatRoom {
    /// Catches up; one at a time (a request made meanwhile runs once after,
    /// as thorough as the most thorough one asked for).
    pub(super) async fn catch_up(&self, how: CatchUp) {
        let Some(deps) = self.deps.try_get_value() else {
            return;
        };
        if deps.catching_up.replace(true) {
            let asked = deps.catch_up_again.get().max(Some(how));
            deps.catch_up_again.set(asked);
            return;
        }
        let mut how = how;
        loop {
            // Measured before any page lands: a page brings messages made
            // after the cut, whose `updated` says nothing of held messages.
            let since = self
                .timeline
                .try_with_untracked(Timeline::last_change)
                .flatten()
                .map(|at| at.minus(CHANGE_MARGIN));
            self.catch_up_newer().await;
            if how == CatchUp::Everything {
                if let Some(since) = since {
                    self.catch_up_changes(since).await;
                }
                self.reload_reactions().await;
                self.load_people().await;
            }
            match deps.catch_up_again.take() {
                Some(next) => how = next,
                None => break,
            }
        }
        deps.catching_up.set(false);
    }

    /// Fetches what came after the newest held message, page by page.
    async fn catch_up_newer(&self) {
        loop {
            let Some(request) = self
                .timeline
                .try_with_untracked(Timeline::catch_up_request)
                .flatten()
            else {
                return;
            };
            let Some(page) = self.fetch(&request).await else {
                return;
            };
            let full = page.len() >= PAGE;
            let _ = self.timeline.try_update(|t| match request {
                PageRequest::Latest => t.take_latest(page),
                _ => t.take_newer(page),
            });
            if !full {
                return;
            }
        }
    }

    /// Fetches the room's messages changed since `since` and lets the held
    /// ones take their newer copies.
    pub(super) async fn catch_up_changes(&self, since: crate::domain::time::Millis) {
        let (Some(deps), Some(room)) = (self.deps.try_get_value(), self.room.try_get_value())
        else {
            return;
        };
        let api = deps.api.get().await;
        let mut cursor = ChangeCursor::from(since);
        for _ in 0..MAX_CHANGE_PAGES {
            let call = Call::new(Operation::LoadChanges, client_id().into());
            let page = match api.changes(&call, &room, &cursor, CHANGES_PER_PAGE).await {
                Ok(page) => page,
                Err(e) => return self.failed(e),
            };
            let full = page.len() >= CHANGES_PER_PAGE as usize;
            if let Some(last) = page.last() {
                cursor = ChangeCursor::after(last);
            }
            let _ = self.timeline.try_update(|t| t.take_changes(page));
            if !full {
                return;
            }
        }
        // Too much changed to read it all: start again from the newest page.
        if let Some(page) = self.fetch(&PageRequest::Latest).await {
            let _ = self.timeline.try_update(|t| t.reset_latest(page));
        }
    }

    /// Reads the reactions of every held message again and keeps exactly
    /// those: one taken back while the stream was down disappears too.
    async fn reload_reactions(&self) {
        let Some(ids) = self.timeline.try_with_untracked(|t| {
            t.messages()
                .iter()
                .map(|m| m.id.clone())
                .collect::<Vec<MessageId>>()
        }) else {
            return;
        };
        if let Some(found) = self.fetch_reactions(&ids).await {
            let _ = self.reactions.try_update(|all| {
                all.retain(|r| !ids.contains(&r.message));
                all.extend(found);
            });
        }
    }
}
