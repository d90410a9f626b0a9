//! The chat window's controller: which room is open. The booking flow opens
//! the chat through it (never through window events), and reads from it
//! whether a chat window is open when a booking starts.

use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::{ChatApi, OnDemand};
use crate::domain::booking::BookingSource;
use crate::domain::ids::{BookingId, ProviderId, RoomId};

use super::bookings::Bookings;
use super::chat_room::ChatRoom;
use super::monitor::Monitor;
use super::outbox_status::OutboxStatus;

/// A chat window's subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenChat {
    pub room: RoomId,
    pub booking: BookingId,
    pub provider: ProviderId,
    pub provider_name: String,
    /// Where the booking came from (shown in the window's header).
    pub source: BookingSource,
}

/// Opens a room the inbox knows; `false` when it does not know it.
pub type Opener = Rc<dyn Fn(&RoomId) -> bool>;

#[derive(Clone, Copy)]
pub struct ChatController {
    open: RwSignal<Option<OpenChat>>,
    /// Unread messages in all the user's rooms, for the navigation badge;
    /// the inbox keeps it once it runs.
    unread: RwSignal<u32>,
    /// The inbox's list, once the signed-in dock has started the inbox. A
    /// view function rather than the inbox itself, so `/chats` shows it
    /// without its code leaving the dock's chunk.
    inbox: RwSignal<Option<ViewFn>>,
    /// What the outbox holds, once the signed-in dock has started it.
    outbox: RwSignal<Option<OutboxStatus>>,
    /// A room asked for by its address (`/chats/<room>`) that the inbox
    /// does not know yet: it opens when the inbox's rows arrive.
    wanted: StoredValue<Option<RoomId>>,
    /// The running inbox's way to open a room it knows (`false` when it
    /// does not); set by the dock, so opening by address needs none of the
    /// inbox's code here.
    opener: StoredValue<Option<Opener>, LocalStorage>,
    api: StoredValue<OnDemand<dyn ChatApi>, LocalStorage>,
    bookings: Bookings,
    monitor: Monitor,
}

impl ChatController {
    pub fn new(api: OnDemand<dyn ChatApi>, bookings: Bookings, monitor: Monitor) -> Self {
        Self {
            open: RwSignal::new(None),
            unread: RwSignal::new(0),
            inbox: RwSignal::new(None),
            outbox: RwSignal::new(None),
            wanted: StoredValue::new(None),
            opener: StoredValue::new_local(None),
            api: StoredValue::new_local(api),
            bookings,
            monitor,
        }
    }

    /// The chat capability (loaded on first use).
    pub fn api(&self) -> OnDemand<dyn ChatApi> {
        self.api.get_value()
    }

    /// The state of the open room, for the chat window.
    pub fn room(&self, room: RoomId) -> ChatRoom {
        ChatRoom::open(room, self.api.get_value(), self.bookings, self.monitor)
    }

    /// Opens the chat of a booking just made, on its new room.
    pub fn open_after_booking(&self, chat: OpenChat) {
        self.open.set(Some(chat));
    }

    /// Opens the chat of an existing booking (from "My bookings").
    pub fn open_room(&self, chat: OpenChat) {
        self.open.set(Some(chat));
    }

    pub fn unread(&self) -> Signal<u32> {
        self.unread.into()
    }

    /// Sets the unread count (the inbox calls this whenever its rows change).
    pub fn set_unread(&self, n: u32) {
        if self.unread.get_untracked() != n {
            self.unread.set(n);
        }
    }

    /// Opens the chat of `room` by its address: at once if the inbox knows
    /// the room, else as soon as its rows (cached or fetched) do.
    pub fn open_by_address(&self, room: RoomId) {
        let opened = self
            .opener
            .with_value(|open| open.as_ref().is_some_and(|open| open(&room)));
        self.wanted.set_value((!opened).then_some(room));
    }

    /// Offers the room asked for by address, if any, to `open` (the inbox,
    /// whose rows changed); it is forgotten once opened.
    pub fn open_wanted(&self, open: impl Fn(&RoomId) -> bool) {
        if self.wanted.with_value(|w| w.as_ref().is_some_and(open)) {
            self.wanted.set_value(None);
        }
    }

    /// Called by the dock as the inbox starts (and with `None` as it stops).
    pub fn set_opener(&self, opener: Option<Opener>) {
        self.opener.set_value(opener);
    }

    pub fn inbox_view(&self) -> Signal<Option<ViewFn>> {
        self.inbox.into()
    }

    /// Called by the dock as the inbox starts (and with `None` as it stops).
    pub fn set_inbox_view(&self, view: Option<ViewFn>) {
        self.inbox.set(view);
    }

    /// Called by the dock as the outbox starts.
    pub fn set_outbox_status(&self, status: Option<OutboxStatus>) {
        self.outbox.set(status);
    }

    /// What the outbox on this device holds, once it runs.
    pub fn outbox_status(&self) -> Signal<Option<OutboxStatus>> {
        self.outbox.into()
    }

    pub fn close(&self) {
        self.open.set(None);
        self.wanted.set_value(None);
    }

    /// Whether a chat window is open right now (not tracked: read once,
    /// when a booking is submitted).
    pub fn is_window_open(&self) -> bool {
        self.open.with_untracked(Option::is_some)
    }

    pub fn current(&self) -> Signal<Option<OpenChat>> {
        self.open.into()
    }
}

pub fn use_chat() -> ChatController {
    expect_context::<ChatController>()
}
