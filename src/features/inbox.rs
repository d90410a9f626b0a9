//! `/chats`: the signed-in user's conversations, newest activity first,
//! with unread counts, live; `/chats/<room>` opens that conversation too. A lazy route; the list itself is built by the
//! signed-in dock, which runs the inbox (`features/chat/dock.rs`).

pub mod inbox_item;
pub mod inbox_list;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::domain::ids::RoomId;
use crate::state::chat::use_chat;
use crate::state::session::{SessionState, use_session};
use crate::state::startup;

lazy_page!(
    /// The inbox.
    InboxPage => InboxView, shown by the view
);

/// `/chats/<room>`: the address of one conversation.
#[derive(Params, Clone, Debug, PartialEq, Default)]
pub struct ChatAddress {
    pub room: Option<String>,
}

#[component]
fn InboxView() -> impl IntoView {
    let session = use_session().state();
    let chat = use_chat();
    let list = chat.inbox_view();
    // Arriving at a conversation's address (a link, a reload) opens its
    // chat window: a side effect of the route, not derived state.
    let address = use_params::<ChatAddress>();
    Effect::new(move |_| {
        let room = address.get().ok().and_then(|a| a.room);
        if let Some(room) = room.and_then(|r| RoomId::parse(r).ok()) {
            chat.open_by_address(room);
        } else {
            // The list is the content; a conversation's window says when
            // its messages are shown: see `startup`.
            startup::page_shown();
        }
    });
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
