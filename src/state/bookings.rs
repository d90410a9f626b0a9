//! The signed-in user's bookings: shown from the device's cache first, then
//! the backend's list, kept live through the user's topic and refetched
//! after a reconnect. Booking and answering go through here too, and on
//! through the outbox: the intent is kept on the device until the server
//! has it, so a reload or going offline during submit still makes exactly
//! one booking, sent when it can be.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::future::LocalBoxFuture;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{
    BackendError, BookingEvent, BookingsApi, Call, OnDemand, Operation, Subscription,
};
use crate::domain::booking::{Booking, NewBooking, StatusChange, refreshed, upsert};
use crate::domain::ids::{BookingId, RoomId, UserId};
use crate::domain::monitoring::{Category, Severity};
use crate::domain::outbox::Intent;
use crate::platform::local_storage::{KeyValue, LocalStorageKey};
use crate::platform::online::is_online;
use crate::platform::random::client_id;
use crate::platform::sleep::sleep;
use crate::platform::storage_estimate::request_persistence;
use crate::platform::wake::on_wake;
use crate::store::bookings_cache::BookingsCache;

use super::monitor::Monitor;

/// Where an earlier release kept a booking while it was being sent; the
/// outbox takes over one found there.
pub const PENDING_KEY: LocalStorageKey = LocalStorageKey::new("janji.pendingBooking");

/// Sends booking intents (the outbox, once the signed-in dock runs it).
pub trait BookingWriter {
    /// Queues the intent for `booking`'s room and waits for its first
    /// outcome: the booking as stored, its refusal, or the error it waits
    /// out in the outbox (it is sent later).
    fn write(
        &self,
        room: RoomId,
        intent: Intent,
    ) -> LocalBoxFuture<'static, Result<Booking, BackendError>>;
}

/// How long a booking waits for the outbox's code to arrive.
const WRITER_WAIT: Duration = Duration::from_secs(20);

/// What the list can say about itself.
#[derive(Debug, Clone, PartialEq)]
pub enum ListStatus {
    Loading,
    /// Showing the cache while the backend is asked.
    Refreshing,
    Fresh,
    Failed(BackendError),
}

struct Deps {
    api: OnDemand<dyn BookingsApi>,
    cache: OnDemand<dyn BookingsCache>,
    live: RefCell<Option<(UserId, Subscription)>>,
    writer: RefCell<Option<Rc<dyn BookingWriter>>>,
    /// Persistent storage was asked for (after the first booking).
    asked_to_persist: Cell<bool>,
}

#[derive(Clone, Copy)]
pub struct Bookings {
    list: RwSignal<Vec<Booking>>,
    status: RwSignal<ListStatus>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
    monitor: Monitor,
}

impl Bookings {
    pub fn new(
        api: OnDemand<dyn BookingsApi>,
        cache: OnDemand<dyn BookingsCache>,
        monitor: Monitor,
    ) -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
            status: RwSignal::new(ListStatus::Loading),
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                cache,
                live: RefCell::new(None),
                writer: RefCell::new(None),
                asked_to_persist: Cell::new(false),
            })),
            monitor,
        }
    }

    /// Newest first.
    pub fn list(&self) -> Signal<Vec<Booking>> {
        self.list.into()
    }

    pub fn status(&self) -> Signal<ListStatus> {
        self.status.into()
    }

    pub fn find(&self, id: &BookingId) -> Option<Booking> {
        self.list.with(|l| l.iter().find(|b| &b.id == id).cloned())
    }

    fn note_storage(&self, operation: &'static str, error: impl ToString) {
        self.monitor.note(
            Severity::Warning,
            Category::Storage,
            operation,
            error.to_string(),
        );
    }

    /// Shows the cache, then the backend's list; and keeps it live for `user`.
    pub fn load(&self, user: UserId) {
        let me = *self;
        let deps = self.deps.get_value();
        spawn_local(async move {
            match deps.cache.get().await.load().await {
                Ok(cached) if !cached.is_empty() => {
                    me.list
                        .update(|list| cached.into_iter().for_each(|b| upsert(list, b)));
                    me.status.set(ListStatus::Refreshing);
                }
                Ok(_) => {}
                Err(e) => me.note_storage("bookings.cache", e),
            }
            me.refresh().await;
            me.go_live(user).await;
        });
    }

    /// Fetches the backend's list (failures are recorded by the resilience
    /// layer; the list says it is stale).
    pub async fn refresh(&self) {
        let deps = self.deps.get_value();
        let api = deps.api.get().await;
        match api
            .mine(&Call::new(Operation::ListBookings, client_id().into()))
            .await
        {
            Ok(fresh) => {
                let list = self.list.with_untracked(|held| refreshed(fresh, held));
                self.list.set(list.clone());
                self.status.set(ListStatus::Fresh);
                if let Err(e) = deps.cache.get().await.replace(&list).await {
                    self.note_storage("bookings.cache", e);
                }
            }
            Err(e) => self.status.set(ListStatus::Failed(e)),
        }
    }

    /// Applies changes as they happen, and refetches each time the user's
    /// topic goes live: the first time (a change may have come between the
    /// list and the subscription) and after every reconnect (the backend
    /// does not replay missed events), and when the tab is back in front or
    /// the browser back online. Once per user.
    async fn go_live(&self, user: UserId) {
        let deps = self.deps.get_value();
        if deps.live.borrow().as_ref().is_some_and(|(u, _)| *u == user) {
            return;
        }
        let api = deps.api.get().await;
        let me = *self;
        let events = api.watch(
            &user,
            Rc::new(move |event| match event {
                BookingEvent::Changed(booking) => me.apply(booking),
                BookingEvent::Live => spawn_local(async move { me.refresh().await }),
                BookingEvent::Failed(e) => {
                    me.monitor.note(
                        Severity::Warning,
                        Category::Booking,
                        "bookings.live",
                        e.to_string(),
                    );
                }
            }),
        );
        // Back online or back in the foreground, the list may be stale even
        // while the stream says nothing (a frozen tab's stream, say).
        let wake = on_wake(move |_| {
            if is_online() {
                spawn_local(async move { me.refresh().await });
            }
        });
        let live = Subscription::new(move || {
            drop(events);
            drop(wake);
        });
        *deps.live.borrow_mut() = Some((user, live));
    }

    /// Takes a booking the server sent (a live event or an answer).
    pub fn apply(&self, booking: Booking) {
        self.list.update(|list| upsert(list, booking.clone()));
        let cache = self.deps.get_value().cache.clone();
        let me = *self;
        spawn_local(async move {
            if let Err(e) = cache.get().await.put(&booking).await {
                me.note_storage("bookings.cache", e);
            }
        });
    }

    /// Forgets the bookings on this device (on sign-out).
    pub fn clear_local(&self) {
        self.list.set(Vec::new());
        self.status.set(ListStatus::Loading);
        let deps = self.deps.get_value();
        deps.live.borrow_mut().take();
        let me = *self;
        spawn_local(async move {
            if let Err(e) = deps.cache.get().await.replace(&[]).await {
                me.note_storage("bookings.cache", e);
            }
        });
    }

    /// The bookings capability (loaded on first use).
    pub fn api(&self) -> OnDemand<dyn BookingsApi> {
        self.deps.get_value().api.clone()
    }

    /// The outbox takes booking intents from now on.
    pub fn attach_writer(&self, writer: Rc<dyn BookingWriter>) {
        *self.deps.get_value().writer.borrow_mut() = Some(writer);
    }

    /// The writer, waiting a little for the outbox's code if need be.
    async fn writer(&self) -> Result<Rc<dyn BookingWriter>, BackendError> {
        let deps = self.deps.get_value();
        let mut waited = Duration::ZERO;
        loop {
            if let Some(writer) = deps.writer.borrow().clone() {
                return Ok(writer);
            }
            if waited >= WRITER_WAIT {
                return Err(BackendError::Unauthorized);
            }
            sleep(Duration::from_millis(50)).await;
            waited += Duration::from_millis(50);
        }
    }

    /// Sends a booking through the outbox, under its own id: kept on the
    /// device until the server has it, so retries and reloads make it once.
    /// An error that may pass (offline) means it waits and is sent later.
    pub async fn submit(&self, booking: &NewBooking) -> Result<Booking, BackendError> {
        let intent = Intent::Booking {
            booking: booking.clone(),
        };
        let made = self
            .writer()
            .await?
            .write(RoomId::from(booking.id.clone()), intent)
            .await?;
        self.apply(made.clone());
        self.ask_to_persist();
        Ok(made)
    }

    /// After the first booking, asks the browser to keep the app's storage
    /// (a booking's chat and outbox must not be evicted under pressure).
    fn ask_to_persist(&self) {
        if self.deps.get_value().asked_to_persist.replace(true) {
            return;
        }
        let monitor = self.monitor;
        spawn_local(async move {
            if let Err(e) = request_persistence().await {
                monitor.note(
                    Severity::Info,
                    Category::Storage,
                    "storage.persist",
                    e.to_string(),
                );
            }
        });
    }

    /// A booking left by an earlier release in local storage, if there is
    /// one; it is forgotten there (the outbox takes it).
    pub fn take_pending(&self) -> Option<NewBooking> {
        let json = PENDING_KEY.get().ok().flatten()?;
        if let Err(e) = PENDING_KEY.remove() {
            self.note_storage("bookings.pending", e);
        }
        match serde_json::from_str(&json) {
            Ok(booking) => Some(booking),
            Err(e) => {
                self.note_storage("bookings.pending", e);
                None
            }
        }
    }

    /// Asks for a status change through the outbox and shows the answer.
    pub async fn change(
        &self,
        id: &BookingId,
        change: StatusChange,
        reason: Option<String>,
    ) -> Result<Booking, BackendError> {
        let intent = Intent::StatusChange {
            booking: id.clone(),
            change,
            reason,
        };
        let changed = self
            .writer()
            .await?
            .write(RoomId::from(id.clone()), intent)
            .await?;
        self.apply(changed.clone());
        Ok(changed)
    }
}

pub fn use_bookings() -> Bookings {
    expect_context::<Bookings>()
}
