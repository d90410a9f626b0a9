//! The notice itself: what is wrong with storage, and what to do.

use leptos::prelude::*;

use crate::platform::page::reload;
use crate::state::storage::StorageStatus;
use crate::store::health::StorageHealth;

#[leptos::lazy]
pub fn load(status: StorageStatus) -> AnyView {
    view! { <Notice status /> }.into_any()
}

#[component]
fn Notice(status: StorageStatus) -> impl IntoView {
    let health = status.health();
    move || {
        let (text, action) = match health.get() {
            StorageHealth::Fine => return None,
            StorageHealth::MemoryOnly(_) => (
                "This browser isn't letting janji save anything, so it is working from memory: \
                 messages not sent yet are lost if you close this tab.",
                None,
            ),
            StorageHealth::UpgradeBlocked => (
                "janji is updating how it saves your data. Close janji in your other tabs to finish.",
                None,
            ),
            StorageHealth::CachesEvicted => (
                "Your device's storage for janji is full, so saved conversations and lists were \
                 cleared to make space. Everything waiting to be sent is kept.",
                Some(("OK", false)),
            ),
            StorageHealth::Outdated => (
                "janji was updated in another tab. Reload to keep going.",
                Some(("Reload", true)),
            ),
        };
        Some(view! {
            <div class="banner notice" role="status" data-testid="storage-notice">
                {text}
                {action.map(|(label, reloads)| view! {
                    " " <button class="button button-small" on:click=move |_| {
                        if reloads { reload() } else { status.dismiss() }
                    }>{label}</button>
                })}
            </div>
        })
    }
}
