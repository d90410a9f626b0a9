//! The quoted message above a reply: a short preview that jumps to the
//! original (loading the conversation around it when it is not held).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::ids::MessageId;
use crate::platform::scroll_anchor::reveal;
use crate::state::chat_room::ChatRoom;

/// Characters of the original shown in the quote.
const PREVIEW_CHARS: usize = 80;

#[component]
pub fn Quote(room: ChatRoom, original: MessageId) -> impl IntoView {
    let id = original.clone();
    let preview = move || {
        room.held(&id).map_or_else(
            || "An earlier message".to_owned(),
            |m| {
                if m.deleted_at.is_some() {
                    return "Message deleted".to_owned();
                }
                let text: String = m.body.chars().take(PREVIEW_CHARS).collect();
                if m.body.chars().count() > PREVIEW_CHARS {
                    format!("{text}…")
                } else {
                    text
                }
            },
        )
    };
    let jump = move |_| {
        let id = original.clone();
        spawn_local(async move {
            if room.bring_into_view(&id).await {
                reveal(id.to_string());
            }
        });
    };
    view! {
        <button class="quote" data-testid="quote" on:click=jump title="Go to the original message">
            {preview}
        </button>
    }
}
