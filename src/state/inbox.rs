//! The inbox (DESIGN §7): the signed-in user's rooms, shown from the device
//! first, then from the server, and kept live through the user's own topic.
//! It also announces what arrives in rooms that are not open (toasts, and
//! system notifications while the tab is hidden), keeps the unread count in
//! the navigation badge and the tab title, and blocks and unblocks.
//!
//! One inbox runs per signed-in user, with its own root owner (like the
//! outbox), started after sign-in and stopped at sign-out.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, ChatApi, InboxEvent, OnDemand, Operation, Subscription};
use crate::domain::booking::Booking;
use crate::domain::ids::{RoomId, UserId};
use crate::domain::inbox::{
    self, Announce, Attention, InboxRow, announce, preview_line, title_with_unread,
};
use crate::domain::message::Message;
use crate::domain::monitoring::{Category, Severity};
use crate::platform::notify::{self, Permission};
use crate::platform::online::is_online;
use crate::platform::page::is_visible;
use crate::platform::random::client_id;
use crate::platform::sleep::sleep;
use crate::store::lazy_db::LazyDb;
use crate::store::rooms_cache::{IdbRoomsCache, RoomsCache};

use super::chat::{ChatController, OpenChat};
use super::monitor::Monitor;

/// The app's name, which the tab title keeps after the unread count.
const TITLE: &str = "janji";

/// How long a toast stays unless clicked or closed.
pub const TOAST_FOR: std::time::Duration = std::time::Duration::from_secs(6);

/// News from a room that is not open, shown for a while.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub title: String,
    pub body: String,
    /// The room a click opens.
    pub open: Option<OpenChat>,
}

/// How far the inbox has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxState {
    Loading,
    /// Rows from the device; the server has not answered yet.
    Cached,
    Fresh,
    /// The server could not be asked; what is shown is from the device.
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct Inbox {
    rows: RwSignal<Vec<InboxRow>>,
    state: RwSignal<InboxState>,
    /// Notified once the browser has answered the request for
    /// notifications. The permission itself is read when it is shown, not
    /// at start: reading it is a slow call into the browser.
    asked: Trigger,
    toasts: RwSignal<Vec<Toast>>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

struct Deps {
    api: OnDemand<dyn ChatApi>,
    next_toast: std::cell::Cell<u64>,
    me: UserId,
    cache: Rc<dyn RoomsCache>,
    chat: ChatController,
    monitor: Monitor,
    live: RefCell<Option<Subscription>>,
    /// Rooms whose row is being fetched, and those to fetch again after.
    fetching: RefCell<Vec<RoomId>>,
    stale: RefCell<Vec<RoomId>>,
}

thread_local! {
    static CURRENT: RefCell<Option<(Owner, Inbox)>> = const { RefCell::new(None) };
    /// Owners of stopped inboxes. They are kept, not disposed: a request of
    /// theirs still on its way finishes into signals nobody reads, where a
    /// disposed signal would panic. One per sign-out, for the page's life.
    static RETIRED: RefCell<Vec<Owner>> = const { RefCell::new(Vec::new()) };
}

impl Inbox {
    /// The running inbox, if someone is signed in and it has started.
    pub fn current() -> Option<Inbox> {
        CURRENT.with(|c| c.borrow().as_ref().map(|(_, i)| *i))
    }

    /// Starts the inbox of `me` (once; a different user replaces it).
    pub fn start(
        api: OnDemand<dyn ChatApi>,
        me: UserId,
        chat: ChatController,
        monitor: Monitor,
    ) -> Inbox {
        if let Some(running) = Self::current() {
            if running.me() == me {
                return running;
            }
            Self::stop();
        }
        let owner = super::detached::detached_root();
        let inbox = owner.with(|| Inbox {
            rows: RwSignal::new(Vec::new()),
            state: RwSignal::new(InboxState::Loading),
            asked: Trigger::new(),
            toasts: RwSignal::new(Vec::new()),
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                next_toast: std::cell::Cell::new(0),
                me,
                cache: Rc::new(IdbRoomsCache::new(LazyDb::app())),
                chat,
                monitor,
                live: RefCell::new(None),
                fetching: RefCell::new(Vec::new()),
                stale: RefCell::new(Vec::new()),
            })),
        });
        CURRENT.with(|c| *c.borrow_mut() = Some((owner, inbox)));
        spawn_local(async move { inbox.load_cached().await });
        inbox.go_live();
        inbox
    }

    /// Ends the inbox (at sign-out): no more events, counts or title, and
    /// the device forgets the rows.
    pub fn stop() {
        let Some((owner, inbox)) = CURRENT.with(|c| c.borrow_mut().take()) else {
            return;
        };
        let deps = inbox.deps.get_value();
        deps.live.borrow_mut().take();
        deps.chat.set_unread(0);
        notify::set_title(TITLE);
        let cache = deps.cache.clone();
        let monitor = deps.monitor;
        spawn_local(async move {
            if let Err(e) = cache.replace(&[]).await {
                monitor.note(
                    Severity::Warning,
                    Category::Storage,
                    "inbox.clear",
                    e.to_string(),
                );
            }
        });
        RETIRED.with(|r| r.borrow_mut().push(owner));
    }

    /// Whether this is the running inbox (a stopped one changes nothing
    /// outside itself).
    fn is_current(&self) -> bool {
        let mine = self.deps.get_value();
        Self::current().is_some_and(|c| c.deps.with_value(|d| Rc::ptr_eq(d, &mine)))
    }

    /// Changes the rows, then the counts that follow from them: the
    /// navigation badge and the tab title.
    fn set_rows(&self, change: impl FnOnce(&mut Vec<InboxRow>)) {
        self.rows.update(change);
        if !self.is_current() {
            return;
        }
        // A room asked for by address opens once its row is known.
        let chat = self.deps.with_value(|d| d.chat);
        chat.open_wanted(|room| self.open_room(room));
        let total = self.rows.with_untracked(|r| inbox::total_unread(r));
        self.deps.with_value(|d| d.chat.set_unread(total));
        notify::set_title(&title_with_unread(TITLE, total));
    }

    pub fn me(&self) -> UserId {
        self.deps.with_value(|d| d.me.clone())
    }

    pub fn rows(&self) -> Signal<Vec<InboxRow>> {
        self.rows.into()
    }

    pub fn state(&self) -> Signal<InboxState> {
        self.state.into()
    }

    /// One room's row, as it changes.
    pub fn row(&self, room: RoomId) -> Memo<Option<InboxRow>> {
        let rows = self.rows;
        Memo::new(move |_| rows.with(|r| r.iter().find(|row| row.room == room).cloned()))
    }

    async fn load_cached(&self) {
        let deps = self.deps.get_value();
        match deps.cache.load().await {
            Ok(mut cached) if self.state.get_untracked() == InboxState::Loading => {
                inbox::sort(&mut cached);
                self.set_rows(|rows| *rows = cached);
                self.state.set(InboxState::Cached);
            }
            Ok(_) => {}
            Err(e) => deps.monitor.note(
                Severity::Warning,
                Category::Storage,
                "inbox.load_cache",
                e.to_string(),
            ),
        }
    }

    fn go_live(&self) {
        let me = *self;
        spawn_local(async move {
            let deps = me.deps.get_value();
            let api = deps.api.get().await;
            let subscription = api.watch_inbox(&deps.me, Rc::new(move |event| me.on_event(event)));
            // If the inbox stopped meanwhile (signed out), the subscription
            // ends here instead of being kept.
            let running =
                Self::current().is_some_and(|c| c.deps.with_value(|d| Rc::ptr_eq(d, &deps)));
            if running {
                *deps.live.borrow_mut() = Some(subscription);
            }
        });
    }

    fn on_event(&self, event: InboxEvent) {
        if !self.is_current() {
            return;
        }
        match event {
            // Live also after every reconnect: what came meanwhile is fetched.
            InboxEvent::Live | InboxEvent::Blocks => self.refresh(),
            InboxEvent::Message(message) => {
                self.announce_message(&message);
                self.refresh_room(message.room);
            }
            InboxEvent::Booking(booking) => {
                self.announce_booking(&booking);
                self.refresh_room(booking.room());
            }
            InboxEvent::Room(room) => self.refresh_room(room),
            InboxEvent::Presence(p) => self.set_rows(|rows| {
                for row in rows.iter_mut() {
                    if let Some(other) = row.other.as_mut().filter(|o| o.id == p.user) {
                        other.online = p.online;
                    }
                }
            }),
            InboxEvent::Failed(e) => self.failed("inbox.event", &e),
        }
    }

    fn failed(&self, operation: &'static str, e: &BackendError) {
        self.deps.with_value(|d| {
            d.monitor
                .note(Severity::Warning, Category::Chat, operation, e.to_string())
        });
    }

    /// Fetches every row again. Not while the browser is offline: the
    /// request would fail, count against the backend's circuit breaker and
    /// hold up what matters more once the connection is back (the open
    /// chat's catch-up); the reconnect's `Live` fetches every row anyway.
    pub fn refresh(&self) {
        if !is_online() {
            return;
        }
        let me = *self;
        spawn_local(async move {
            let deps = me.deps.get_value();
            let call = Call::new(Operation::LoadInbox, client_id().into());
            match deps.api.get().await.inbox(&call).await {
                Ok(rows) => {
                    let kept = rows.clone();
                    me.set_rows(|r| *r = kept);
                    me.state.set(InboxState::Fresh);
                    me.save_all(rows).await;
                }
                // Recorded by the resilience layer; the cached rows stay.
                Err(e) => me.state.set(InboxState::Failed(e.user_message())),
            }
        });
    }

    async fn save_all(&self, rows: Vec<InboxRow>) {
        let deps = self.deps.get_value();
        if let Err(e) = deps.cache.replace(&rows).await {
            deps.monitor.note(
                Severity::Warning,
                Category::Storage,
                "inbox.save",
                e.to_string(),
            );
        }
    }

    /// Fetches one room's row; events that come while it is on its way
    /// fetch it once more after, so the last answer is never stale.
    fn refresh_room(&self, room: RoomId) {
        // Offline, as for `refresh`: the reconnect fetches every row.
        if !is_online() {
            return;
        }
        let deps = self.deps.get_value();
        if deps.fetching.borrow().contains(&room) {
            let mut stale = deps.stale.borrow_mut();
            if !stale.contains(&room) {
                stale.push(room);
            }
            return;
        }
        deps.fetching.borrow_mut().push(room.clone());
        let me = *self;
        spawn_local(async move {
            let deps = me.deps.get_value();
            let call = Call::new(Operation::LoadInbox, client_id().into());
            // A failure is recorded by the resilience layer; the next event
            // or reconnect fetches the row again.
            if let Ok(row) = deps.api.get().await.inbox_row(&call, &room).await {
                let kept = row.clone();
                me.set_rows(|rows| inbox::upsert(rows, kept));
                if let Err(e) = deps.cache.put(&row).await {
                    deps.monitor.note(
                        Severity::Warning,
                        Category::Storage,
                        "inbox.save",
                        e.to_string(),
                    );
                }
            }
            deps.fetching.borrow_mut().retain(|r| r != &room);
            let again = {
                let mut stale = deps.stale.borrow_mut();
                let found = stale.contains(&room);
                stale.retain(|r| r != &room);
                found
            };
            if again {
                me.refresh_room(room);
            }
        });
    }

    /// The chat window's subject for a row (rooms always have a booking).
    pub fn chat_of(row: &InboxRow) -> Option<OpenChat> {
        let booking = row.booking.as_ref()?;
        Some(OpenChat {
            room: row.room.clone(),
            booking: booking.id.clone(),
            provider: booking.provider.clone(),
            provider_name: booking.provider_name.clone(),
            source: booking.source,
        })
    }

    pub fn open(&self, row: &InboxRow) {
        if let Some(chat) = Self::chat_of(row) {
            self.deps.with_value(|d| d.chat.open_room(chat));
        }
    }

    /// Opens the chat of `room` if it is one of the rows; `false` if not.
    pub fn open_room(&self, room: &RoomId) -> bool {
        let row = self
            .rows
            .with_untracked(|rows| rows.iter().find(|r| &r.room == room).cloned());
        match row.as_ref().and_then(Self::chat_of) {
            Some(chat) => {
                self.deps.with_value(|d| d.chat.open_room(chat));
                true
            }
            None => false,
        }
    }

    fn attention(&self, room: &RoomId) -> Attention {
        let open = self.deps.with_value(|d| d.chat.current().get_untracked());
        let visible = is_visible();
        Attention {
            visible,
            room_open: open.is_some_and(|o| &o.room == room),
            // Only a hidden page shows system notifications, and reading
            // the permission is a slow call into the browser: asked only
            // then, not for every message of a busy room on screen.
            system_allowed: !visible && notify::permission() == Permission::Granted,
        }
    }

    fn announce_message(&self, message: &Message) {
        let deps = self.deps.get_value();
        let is_new = message.edited_at.is_none() && message.deleted_at.is_none();
        let how = announce(
            message.sender.as_ref(),
            &deps.me,
            is_new,
            self.attention(&message.room),
        );
        if how == Announce::Nothing {
            return;
        }
        let row = self.row_untracked(&message.room);
        let from = row
            .as_ref()
            .and_then(|r| r.other.as_ref())
            .map_or_else(|| "New message".to_owned(), |o| o.name.clone());
        let preview = inbox::Preview {
            id: message.id.clone(),
            kind: message.kind,
            body: message.body.clone(),
            sender: message.sender.clone(),
            images: message.images.len().min(4) as u8,
            deleted: false,
            created: message.created,
        };
        let body = preview_line(&preview, &deps.me);
        let open = row.as_ref().and_then(Self::chat_of);
        self.tell(how, from, body, message.room.as_str(), open);
    }

    fn announce_booking(&self, booking: &Booking) {
        let room = booking.room();
        let row = self.row_untracked(&room);
        let before = row
            .as_ref()
            .and_then(|r| r.booking.as_ref())
            .map(|b| b.status);
        if before.is_none_or(|s| s == booking.status) {
            return;
        }
        let attention = self.attention(&room);
        let how = match (attention.visible, attention.room_open) {
            (true, true) => return,
            (true, false) => Announce::Toast,
            (false, _) if attention.system_allowed => Announce::System,
            (false, _) => Announce::Toast,
        };
        let who = row
            .as_ref()
            .and_then(|r| r.other.as_ref())
            .map_or_else(String::new, |o| format!(" with {}", o.name));
        let open = row.as_ref().and_then(Self::chat_of);
        self.tell(
            how,
            format!("Booking{who}"),
            booking.status.label().to_owned(),
            room.as_str(),
            open,
        );
    }

    fn tell(&self, how: Announce, title: String, body: String, tag: &str, open: Option<OpenChat>) {
        let deps = self.deps.get_value();
        let shown = how == Announce::System && {
            let chat = deps.chat;
            let open = open.clone();
            notify::show(&title, &body, tag, move || {
                if let Some(o) = open {
                    chat.open_room(o);
                }
            })
        };
        if !shown {
            self.toast(title, body, open);
        }
    }

    pub fn toasts(&self) -> Signal<Vec<Toast>> {
        self.toasts.into()
    }

    /// Shows a toast for a while; at most three at once, the oldest goes.
    pub fn toast(&self, title: String, body: String, open: Option<OpenChat>) {
        let id = self.deps.with_value(|d| {
            let id = d.next_toast.get();
            d.next_toast.set(id + 1);
            id
        });
        self.toasts.update(|t| {
            t.push(Toast {
                id,
                title,
                body,
                open,
            });
            if t.len() > 3 {
                t.remove(0);
            }
        });
        let me = *self;
        spawn_local(async move {
            sleep(TOAST_FOR).await;
            me.dismiss(id);
        });
    }

    pub fn dismiss(&self, id: u64) {
        // The inbox may have stopped meanwhile (signed out).
        self.toasts.try_update(|t| t.retain(|toast| toast.id != id));
    }

    fn row_untracked(&self, room: &RoomId) -> Option<InboxRow> {
        self.rows
            .with_untracked(|rows| rows.iter().find(|r| &r.room == room).cloned())
    }

    /// Whether to offer turning on notifications (never asked yet).
    pub fn may_ask_permission(&self) -> Signal<bool> {
        let asked = self.asked;
        Signal::derive(move || {
            asked.track();
            notify::permission() == Permission::Ask
        })
    }

    /// Asks for notifications; call from a click.
    pub fn ask_permission(&self) {
        let me = *self;
        spawn_local(async move {
            // The answer is read again where it is shown.
            notify::ask().await;
            me.asked.notify();
        });
    }

    /// Blocks the other participant of `room`.
    pub fn block(&self, room: &RoomId) {
        self.change_block(room, true);
    }

    pub fn unblock(&self, room: &RoomId) {
        self.change_block(room, false);
    }

    fn change_block(&self, room: &RoomId, block: bool) {
        let Some(other) = self.row_untracked(room).and_then(|r| r.other) else {
            return;
        };
        let (me, room) = (*self, room.clone());
        spawn_local(async move {
            let deps = me.deps.get_value();
            let api = deps.api.get().await;
            let result = if block {
                let call = Call::new(Operation::Block, client_id().into());
                api.block(&call, &other.id).await
            } else {
                let call = Call::new(Operation::Unblock, client_id().into());
                api.unblock(&call, &other.id).await
            };
            match result {
                Ok(()) => me.refresh_room(room),
                // Recorded by the resilience layer; say so where it was asked.
                Err(e) => me.toast(
                    format!("Could not {}", if block { "block" } else { "unblock" }),
                    e.user_message(),
                    None,
                ),
            }
        });
    }
}
