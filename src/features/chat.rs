//! What a signed-in user has over every page: the chat window while a room
//! is open, and toasts about rooms that are not. The dock is part of the
//! first load; its code (with the inbox and the outbox behind it) is
//! fetched once someone is signed in.

mod chat_window;
mod dock;

use leptos::prelude::*;

use crate::state::session::{SessionState, use_session};

#[component]
pub fn ChatDock() -> impl IntoView {
    let session = use_session();
    let state = session.state();
    // Whether someone is signed in, not who: a refreshed session does not
    // rebuild the dock (signing in as another user passes through signed out).
    let signed_in = Memo::new(move |_| matches!(state.get(), SessionState::SignedIn(_)));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                signed_in
                    .get()
                    .then(|| session.user_untracked())
                    .flatten()
                    .map(|me| Suspend::new(async move { dock::load(me).await }))
            }}
        </Suspense>
    }
}
