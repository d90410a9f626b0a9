//! The outbox on this device: how many intents wait to be sent, the dead
//! letters the server refused (with why, to retry or discard), and whether
//! this tab is the one sending.

use leptos::prelude::*;

use crate::state::chat::use_chat;
use crate::state::outbox_status::{OutboxCommand, OutboxStatus};

#[component]
pub fn OutboxPanel() -> impl IntoView {
    let status = use_chat().outbox_status();
    move || {
        match status.get() {
        Some(status) => view! { <OutboxFacts status /> }.into_any(),
        None => view! {
            <section class="panel"><h2>"Outbox (this device)"</h2><p>"Not started yet."</p></section>
        }
        .into_any(),
    }
    }
}

#[component]
fn OutboxFacts(status: OutboxStatus) -> impl IntoView {
    let depth = status.depth();
    let refused = status.refused();
    let sender = status.sender_tab();
    view! {
        <section class="panel">
            <h2>"Outbox (this device)"</h2>
            <dl class="facts">
                <dt>"Waiting to send"</dt>
                <dd data-testid="outbox-waiting">{move || depth.get().waiting}</dd>
                <dt>"Dead letters"</dt>
                <dd data-testid="outbox-refused">{move || depth.get().refused}</dd>
                <dt>"This tab sends"</dt>
                <dd data-testid="outbox-sender">{move || if sender.get() { "yes" } else { "no (another tab does)" }}</dd>
            </dl>
            <ul class="dead-letters">
                {move || refused.get().into_iter().map(|entry| {
                    let (retry, discard) = (entry.id.clone(), entry.id.clone());
                    view! {
                        <li data-testid="dead-letter">
                            {format!("{} in {}: {}", entry.intent.name(), entry.room, entry.failure.clone().unwrap_or_default())}
                            " "
                            <button class="link-button" on:click=move |_| status.command(OutboxCommand::Retry(retry.clone()))>"Retry"</button>
                            <button class="link-button" on:click=move |_| status.command(OutboxCommand::Discard(discard.clone()))>"Discard"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
