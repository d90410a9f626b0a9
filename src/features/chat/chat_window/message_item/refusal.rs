//! What the server refused about a message (sending it, or an edit or a
//! deletion of it), why, and retry and discard for that intent.

use leptos::prelude::*;

use crate::domain::ids::IntentId;
use crate::state::chat_room::ChatRoom;

/// What the server refused to do with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Send,
    Edit,
    Delete,
}

impl Refused {
    fn label(self) -> &'static str {
        match self {
            Self::Send => "Not sent: ",
            Self::Edit => "Not saved: ",
            Self::Delete => "Not deleted: ",
        }
    }
}

#[component]
pub fn Refusal(
    room: ChatRoom,
    /// The intent the server refused.
    intent: IntentId,
    /// What did not happen.
    what: Refused,
    why: String,
) -> impl IntoView {
    let (retry_id, discard_id) = (intent.clone(), intent);
    view! {
        <span class="failed" role="alert">{what.label()} {why}</span>
        <span class="failed-actions">
            <button class="link-button" on:click=move |_| room.retry(&retry_id)>"Retry"</button>
            <button class="link-button" on:click=move |_| room.discard(&discard_id)>"Discard"</button>
        </span>
    }
}
