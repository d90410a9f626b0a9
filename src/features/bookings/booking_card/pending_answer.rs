//! An answer to this booking (accept, decline, cancel) still in the outbox:
//! "sending" while it waits, and why when the server refused it, with retry
//! and discard.

use leptos::prelude::*;

use crate::domain::ids::RoomId;
use crate::domain::outbox::Intent;
use crate::state::chat::use_chat;
use crate::state::outbox_status::OutboxCommand;

#[component]
pub fn PendingAnswer(room: RoomId) -> impl IntoView {
    let status = use_chat().outbox_status();
    move || {
        let status = status.get()?;
        let room = room.clone();
        let entry = status.entries().with(|all| {
            all.iter()
                .rev()
                .find(|e| e.room == room && matches!(e.intent, Intent::StatusChange { .. }))
                .cloned()
        })?;
        let Intent::StatusChange { change, .. } = entry.intent else {
            return None;
        };
        Some(match entry.failure {
            None => view! {
                <p class="card-meta" data-testid="answer-sending">{format!("{}: sending…", change.label())}</p>
            }
            .into_any(),
            Some(why) => {
                let (retry, discard) = (entry.id.clone(), entry.id);
                view! {
                    <p class="failed" role="alert" data-testid="answer-refused">
                        {format!("{} not sent: {why} ", change.label())}
                        <button class="link-button" on:click=move |_| status.command(OutboxCommand::Retry(retry.clone()))>"Retry"</button>
                        <button class="link-button" on:click=move |_| status.command(OutboxCommand::Discard(discard.clone()))>"Discard"</button>
                    </p>
                }
                .into_any()
            }
        })
    }
}
