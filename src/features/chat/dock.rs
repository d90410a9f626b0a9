//! The signed-in dock: starts the user's inbox and outbox (which send what
//! an earlier visit left), shows toasts, and the chat window of the open
//! room. Everything here is one code chunk, fetched after sign-in.

mod outbox_pill;
mod toasts;

use std::rc::Rc;

use leptos::prelude::*;

use crate::domain::ids::{RoomId, UserId};
use crate::state::bookings::use_bookings;
use crate::state::chat::use_chat;
use crate::state::directory::use_directory_as_loaded;
use crate::state::inbox::Inbox;
use crate::state::monitor::Monitor;
use crate::state::outbox::Outbox;
use crate::state::session::use_session;

use super::chat_window::ChatWindow;
use crate::features::inbox::inbox_list::InboxList;
use outbox_pill::OutboxPill;
use toasts::Toasts;

#[leptos::lazy]
pub fn load(me: UserId) -> AnyView {
    view! { <Dock me /> }.into_any()
}

#[component]
fn Dock(me: UserId) -> impl IntoView {
    let chat = use_chat();
    let monitor = expect_context::<Monitor>();
    let inbox = Inbox::start(chat.api(), me, chat, monitor);
    let bookings = use_bookings();
    let outbox = Outbox::shared(chat.api(), bookings.api(), monitor, use_session());
    chat.set_outbox_status(Some(outbox.status()));
    outbox.serve_bookings(bookings, chat, use_directory_as_loaded());
    chat.set_inbox_view(Some(ViewFn::from(move || {
        view! { <InboxList inbox /> }.into_any()
    })));
    // Rooms asked for by address open through the inbox, which knows them.
    chat.set_opener(Some(Rc::new(move |room: &RoomId| inbox.open_room(room))));
    chat.open_wanted(|room| inbox.open_room(room));
    // Signing out (or in as someone else) ends this user's inbox.
    on_cleanup(move || {
        chat.set_inbox_view(None);
        chat.set_opener(None);
        Inbox::stop();
    });
    let current = chat.current();
    view! {
        <Toasts inbox />
        <OutboxPill status=outbox.status() />
        {move || current.get().map(|open| view! { <ChatWindow open /> })}
    }
}
