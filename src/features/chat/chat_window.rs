//! The chat window of one booking: its header (provider, status, the
//! response countdown), the timeline, and a box to write in.

mod composer;
mod message_item;
mod message_list;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::booking::{BookingStatus, EntryPoint};
use crate::state::booking_entry::use_booking_entry;
use crate::state::bookings::use_bookings;
use crate::state::chat::{OpenChat, use_chat};
use crate::state::session::use_session;
use crate::ui::countdown::Countdown;

use composer::Composer;
use message_list::MessageList;

/// The window, built in its own code chunk.
#[leptos::lazy]
pub fn load(open: OpenChat) -> AnyView {
    view! { <ChatWindow open=open /> }.into_any()
}

#[component]
fn ChatWindow(open: OpenChat) -> impl IntoView {
    let chat = use_chat();
    let room = chat.room(open.room.clone());
    let bookings = use_bookings();
    let me = use_session().user().map(|u| u.id);
    let booking_id = open.booking.clone();
    let list = bookings.list();
    let booking = Memo::new(move |_| list.with(|l| l.iter().find(|b| b.id == booking_id).cloned()));
    let entry = use_booking_entry();
    let navigate = use_navigate();
    let provider = open.provider.clone();

    let book_again = move |_| {
        entry.start(provider.clone(), EntryPoint::BookingButton);
        navigate(&format!("/book?provider={provider}"), Default::default());
    };
    let header_status = move || {
        booking.get().map(|b| {
            let pending = b.status == BookingStatus::Pending;
            view! {
                <span data-testid="chat-status">{b.status.label()}</span>
                {pending.then(|| view! { " · " <Countdown deadline=Signal::stored(b.response_deadline) /> })}
            }
        })
    };
    view! {
        <aside class="chat-window" aria-label="Chat" data-testid="chat-window">
            <header class="chat-header">
                <div>
                    <strong>{open.provider_name.clone()}</strong>
                    <p class="card-meta">{header_status}</p>
                </div>
                <button class="nav-link" on:click=book_again>"Book again"</button>
                <button class="close" aria-label="Close chat" on:click=move |_| chat.close()>"×"</button>
            </header>
            <MessageList room=room me=me />
            {move || room.error().get().map(|e| view! { <p class="field-error" role="alert">{e.user_message()}</p> })}
            <Composer room=room />
        </aside>
    }
}
