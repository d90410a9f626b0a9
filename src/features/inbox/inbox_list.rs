//! The inbox's list: a row per room, newest activity first, and the offer
//! to turn on notifications. Built by the dock, shown at `/chats`.

use leptos::prelude::*;

use crate::domain::inbox::InboxRow;
use crate::state::inbox::{Inbox, InboxState};

use super::inbox_item::InboxItem;

#[component]
pub fn InboxList(inbox: Inbox) -> impl IntoView {
    let rows = inbox.rows();
    let state = inbox.state();
    let me = StoredValue::new(inbox.me());
    let ask = inbox.may_ask_permission();
    view! {
        <section class="page narrow inbox">
            <header class="inbox-head">
                <h1>"Chats"</h1>
                <Show when=move || ask.get()>
                    <button
                        class="button button-small"
                        data-testid="enable-notifications"
                        on:click=move |_| inbox.ask_permission()
                    >
                        "Notify me of new messages"
                    </button>
                </Show>
            </header>
            {move || match state.get() {
                InboxState::Failed(why) => Some(view! { <p class="notice" role="status">{why}</p> }),
                _ => None,
            }}
            <Show
                when=move || !rows.with(Vec::is_empty) || state.get() == InboxState::Loading
                fallback=|| view! { <p class="muted">"No chats yet. Book a session to start one."</p> }
            >
                <ul class="inbox-list" data-testid="inbox">
                    <For each=move || rows.get() key=|row| row.clone() let:row>
                        <InboxItem
                            row
                            me=me.get_value()
                            on_open=Callback::new(move |r: InboxRow| inbox.open(&r))
                        />
                    </For>
                </ul>
            </Show>
        </section>
    }
}
