//! The top bar: brand, navigation and the session.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::chat::use_chat;
use crate::state::session::{SessionState, use_session};

use super::connection_badge::ConnectionBadge;

#[component]
pub fn NavBar() -> impl IntoView {
    let session = use_session();
    let state = session.state();
    let unread = use_chat().unread();
    let account = move || match state.get() {
        SessionState::Restoring => view! { <span class="nav-muted">"…"</span> }.into_any(),
        SessionState::SignedOut => view! {
            <A href="/sign-in" attr:class="nav-link">"Sign in"</A>
            <A href="/sign-up" attr:class="button button-small">"Sign up"</A>
        }
        .into_any(),
        SessionState::SignedIn(user) => view! {
            {user.is_admin().then(|| view! { <A href="/admin" attr:class="nav-link">"Admin"</A> })}
            <A href="/chats" attr:class="nav-link">
                "Chats"
                // An any-view, like the account part around it, so the badge
                // adds no new rendering code to the first load.
                {move || match unread.get() {
                    0 => ().into_any(),
                    n => view! {
                        <span class="badge" data-testid="nav-unread">
                            {if n > 99 { "99+".to_owned() } else { n.to_string() }}
                        </span>
                    }
                    .into_any(),
                }}
            </A>
            <A href="/bookings" attr:class="nav-link">"Bookings"</A>
            <span class="nav-user" data-testid="signed-in-as">{user.name}</span>
            <button class="nav-link" on:click=move |_| session.sign_out()>"Sign out"</button>
        }
        .into_any(),
    };
    view! {
        <header class="nav">
            <A href="/" attr:class="brand">"janji"</A>
            <ConnectionBadge />
            <nav class="nav-account">{account}</nav>
        </header>
    }
}
