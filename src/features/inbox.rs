//! `/chats`: the signed-in user's conversations, newest activity first,
//! with unread counts, live. A lazy route; the list itself is built by the
//! signed-in dock, which runs the inbox (`features/chat/dock.rs`).

pub mod inbox_item;
pub mod inbox_list;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::chat::use_chat;
use crate::state::session::{SessionState, use_session};

lazy_page!(
    /// The inbox.
    InboxPage => InboxView
);

#[component]
fn InboxView() -> impl IntoView {
    let session = use_session().state();
    let list = use_chat().inbox_view();
    move || match session.get() {
        SessionState::Restoring => view! { <p class="loading">"…"</p> }.into_any(),
        SessionState::SignedOut => view! {
            <section class="page narrow">
                <p>"Sign in to see your chats."</p>
                <A href="/sign-in" attr:class="button">"Sign in"</A>
            </section>
        }
        .into_any(),
        SessionState::SignedIn(_) => match list.get() {
            Some(view) => view.run(),
            None => view! { <p class="loading">"Loading your chats…"</p> }.into_any(),
        },
    }
}
