//! The chat window of one booking: its header (provider, status, the
//! response countdown), the timeline, and a box to write in.

mod block_button;
mod block_notice;
mod composer;
mod dead_letters;
mod message_item;
mod message_list;
mod search_panel;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::booking::{BookingStatus, EntryPoint};
use crate::domain::message::typing::typing_line;
use crate::platform::time_zone::clock_time;
use crate::state::booking_entry::use_booking_entry;
use crate::state::bookings::use_bookings;
use crate::state::chat::{OpenChat, use_chat};
use crate::state::inbox::Inbox;
use crate::state::session::use_session;
use crate::ui::countdown::Countdown;

use block_button::BlockButton;
use block_notice::BlockNotice;
use composer::Composer;
use dead_letters::DeadLetters;
use message_list::MessageList;
use search_panel::SearchPanel;

#[component]
pub fn ChatWindow(open: OpenChat) -> impl IntoView {
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
    let presence = room.presence();
    let me_id = room.me();
    let other_presence = move || {
        presence.with(|all| {
            all.iter()
                .find(|p| Some(&p.user) != me_id.as_ref())
                .map(|p| {
                    if p.online {
                        "online".to_owned()
                    } else {
                        p.last_seen_at
                            .map_or_else(String::new, |at| format!("last seen {}", clock_time(at)))
                    }
                })
        })
    };
    let typists = room.typists();
    let searching = RwSignal::new(false);
    // Blocks are known through the inbox, which runs while signed in.
    let inbox = Inbox::current();
    let row = inbox.map(|i| (i, i.row(open.room.clone())));
    let blocked_by_me =
        move || row.is_some_and(|(_, r)| r.with(|r| r.as_ref().is_some_and(|r| r.blocked_by_me)));
    // A chat the outbox opened just after a reload, before the directory
    // loaded, was not given the provider's name; the room's inbox row has it.
    let provider_name = {
        let given = open.provider_name.clone();
        move || {
            if !given.is_empty() {
                return given.clone();
            }
            row.and_then(|(_, r)| {
                r.with(|r| {
                    r.as_ref()
                        .and_then(|r| r.booking.as_ref())
                        .map(|b| b.provider_name.clone())
                })
            })
            .unwrap_or_default()
        }
    };
    view! {
        <aside class="chat-window" aria-label="Chat" data-testid="chat-window">
            <header class="chat-header">
                <div>
                    <strong data-testid="chat-title">{provider_name}</strong>
                    " " <span class="presence" data-testid="presence">{other_presence}</span>
                    <p class="card-meta">{header_status}</p>
                </div>
                <button class="nav-link" aria-pressed=move || searching.get().to_string()
                    on:click=move |_| searching.update(|s| *s = !*s)>"Search"</button>
                <button class="nav-link" on:click=book_again>"Book again"</button>
                {row.map(|(inbox, row)| view! { <BlockButton inbox room=open.room.clone() row /> })}
                <button class="close" aria-label="Close chat" on:click=move |_| chat.close()>"×"</button>
            </header>
            <Show when=move || searching.get()>
                <SearchPanel room=room />
            </Show>
            <MessageList room=room me=me />
            <DeadLetters room=room />
            {move || room.error().get().map(|e| view! { <p class="field-error" role="alert">{e.user_message()}</p> })}
            <p class="typing" data-testid="typing" aria-live="polite">
                {move || typists.with(|t| typing_line(&t.names()))}
            </p>
            {row.map(|(inbox, row)| view! { <BlockNotice inbox room=open.room.clone() row /> })}
            <Show when=move || !blocked_by_me()>
                <Composer room=room />
            </Show>
        </aside>
    }
}
