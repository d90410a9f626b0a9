//! What the server refused about a message (sending it, or an edit or a
//! deletion of it), why, and retry and discard for that intent.

use leptos::prelude::*;

use crate::domain::ids::IntentId;
use crate::state::chat_room::ChatRoom;

#[component]
pub fn Refusal(
    room: ChatRoom,
    /// The intent the server refused.
    intent: IntentId,
    /// What did not happen: "Not sent: ", "Not saved: ", "Not deleted: ".
    what: &'static str,
    why: String,
) -> impl IntoView {
    let (retry_id, discard_id) = (intent.clone(), intent);
    view! {
        <span class="failed" role="alert">{what} {why}</span>
        <span class="failed-actions">
            <button class="link-button" on:click=move |_| room.retry(&retry_id)>"Retry"</button>
            <button class="link-button" on:click=move |_| room.discard(&discard_id)>"Discard"</button>
        </span>
    }
}
