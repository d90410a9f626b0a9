//! A small indicator of the live connection, shown only when it is not live.

use leptos::prelude::*;

use crate::backend::ConnectionState;
use crate::state::connection::use_connection;

#[component]
pub fn ConnectionBadge() -> impl IntoView {
    let state = use_connection().state();
    move || {
        match state.get() {
        ConnectionState::Idle | ConnectionState::Connected => None,
        ConnectionState::Connecting => {
            Some(view! { <span class="badge badge-muted" role="status">"Connecting…"</span> }.into_any())
        }
        ConnectionState::Reconnecting { attempt, retry_in_ms } => Some(
            view! {
                <span class="badge badge-warn" role="status" title=format!("attempt {attempt}")>
                    {format!("Offline, retrying in {}.{} s", retry_in_ms / 1000, retry_in_ms % 1000 / 100)}
                </span>
            }
            .into_any(),
        ),
    }
    }
}
