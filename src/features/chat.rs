//! The chat window: docked over every page while a room is open. The dock
//! is part of the first load; the window's code is fetched when a chat
//! first opens.

mod chat_window;

use leptos::prelude::*;

use crate::state::chat::use_chat;

#[component]
pub fn ChatDock() -> impl IntoView {
    let chat = use_chat();
    view! {
        <Suspense fallback=|| ()>
            {move || chat.current().get().map(|open| Suspend::new(async move { chat_window::load(open).await }))}
        </Suspense>
    }
}
