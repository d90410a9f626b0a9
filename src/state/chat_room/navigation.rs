//! Moving around a conversation: answering a message (the reply quotes
//! it), jumping to a quoted message or a search result (the timeline is
//! reloaded around it when it is not held), and searching the room on the
//! server.

use leptos::prelude::*;

use crate::backend::{Call, Operation};
use crate::domain::ids::MessageId;
use crate::domain::message::{Message, search_text};
use crate::domain::timeline::{Cursor, PageRequest};
use crate::platform::random::client_id;

use super::ChatRoom;

/// The most results a search shows.
const SEARCH_RESULTS: u32 = 20;

impl ChatRoom {
    /// The message the next send answers.
    pub fn replying(&self) -> Signal<Option<Message>> {
        self.replying.into()
    }

    pub fn reply_to(&self, message: Option<Message>) {
        self.replying.set(message);
    }

    /// A held message, for a reply's quote.
    pub fn held(&self, id: &MessageId) -> Option<Message> {
        self.timeline
            .with(|t| t.messages().iter().find(|m| &m.id == id).cloned())
    }

    /// Makes sure `id` is in the held run, loading the pages around it when
    /// it is not; false when the server does not have it (any more).
    pub async fn bring_into_view(&self, id: &MessageId) -> bool {
        if self.timeline.with_untracked(|t| t.contains(id)) {
            return true;
        }
        let api = self.deps.get_value().api.get().await;
        let room = self.room.get_value();
        let call = Call::new(Operation::LoadMessages, client_id().into());
        let Ok(found) = api.message(&call, id).await else {
            return false;
        };
        if found.room != room {
            return false;
        }
        let cursor = Cursor::of(&found);
        let (Some(before), Some(after)) = (
            self.fetch(&PageRequest::Before(cursor.clone())).await,
            self.fetch(&PageRequest::After(cursor)).await,
        ) else {
            return false;
        };
        let _ = self
            .timeline
            .try_update(|t| t.reset_around(before, found, after));
        true
    }

    /// Searches the room's messages on the server, newest first.
    pub async fn search(&self, query: &str) -> Vec<Message> {
        let Some(query) = search_text(query) else {
            return Vec::new();
        };
        let api = self.deps.get_value().api.get().await;
        let call = Call::new(Operation::SearchMessages, client_id().into());
        match api
            .search(&call, &self.room.get_value(), &query, SEARCH_RESULTS)
            .await
        {
            Ok(found) => found,
            Err(e) => {
                let _ = self.error.try_set(Some(e));
                Vec::new()
            }
        }
    }
}
