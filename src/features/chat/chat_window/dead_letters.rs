//! The room's refused actions that have no message of their own to show on
//! (a reaction the server would not take): each with why, and retry or
//! discard. Refused messages, edits and deletions show on their message.

use leptos::prelude::*;

use crate::domain::outbox::Intent;
use crate::state::chat_room::ChatRoom;

#[component]
pub fn DeadLetters(room: ChatRoom) -> impl IntoView {
    let refused = room.refused_actions();
    move || {
        let all = refused.get();
        (!all.is_empty()).then(|| {
            view! {
                <ul class="dead-letters" data-testid="dead-letters">
                    {all.into_iter().map(|entry| {
                        let what = match &entry.intent {
                            Intent::React { emoji, .. } => format!("Reaction {emoji} not saved"),
                            _ => "Reaction not taken back".to_owned(),
                        };
                        let (retry_id, discard_id) = (entry.id.clone(), entry.id.clone());
                        view! {
                            <li class="failed" role="alert">
                                {what} ": " {entry.failure.clone()} " "
                                <button class="link-button" on:click=move |_| room.retry(&retry_id)>"Retry"</button>
                                <button class="link-button" on:click=move |_| room.discard(&discard_id)>"Discard"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    }
}
