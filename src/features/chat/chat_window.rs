//! The chat window of one booking: its header (provider, status, the
//! response countdown), the messages, and a box to write in.

use leptos::html::Textarea;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::booking::{BookingStatus, EntryPoint};
use crate::domain::message::MessageKind;
use crate::state::booking_entry::use_booking_entry;
use crate::state::bookings::use_bookings;
use crate::state::chat::{OpenChat, use_chat};
use crate::state::session::use_session;
use crate::ui::countdown::Countdown;

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
    let text = NodeRef::<Textarea>::new();
    let problem = RwSignal::new(None::<String>);
    let entry = use_booking_entry();
    let navigate = use_navigate();
    let provider = open.provider.clone();

    let send = move || {
        let Some(input) = text.get_untracked() else {
            return;
        };
        match room.send(&input.value()) {
            Ok(()) => {
                input.set_value("");
                problem.set(None);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
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
    let lines = room.lines();
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
            <ol class="messages" data-testid="messages">
                {move || lines.get().into_iter().map(|line| {
                    let m = line.message;
                    let class = match m.kind {
                        MessageKind::System => "message message-system",
                        MessageKind::BookingUpdate => "message message-update",
                        MessageKind::Text if line.sending || m.sender == me => "message message-mine",
                        MessageKind::Text => "message",
                    };
                    view! {
                        <li class=class data-kind=format!("{:?}", m.kind) data-testid="message">
                            {m.body}
                            {line.sending.then(|| view! { <span class="sending">" · sending"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || room.error().get().map(|e| view! { <p class="field-error" role="alert">{e.user_message()}</p> })}
            {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <textarea name="message" rows="2" aria-label="Message" node_ref=text
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            send();
                        }
                    }></textarea>
                <button class="button button-small" type="submit">"Send"</button>
            </form>
        </aside>
    }
}
