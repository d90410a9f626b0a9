//! The signed-in user's bookings: shown from the device's cache first, then
//! the backend's list, kept live through the user's topic and refetched
//! after a reconnect. Booking itself goes through here too: the request is
//! kept on the device until the server has it, so a reload during submit
//! still makes exactly one booking.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{
    BackendError, BookingEvent, BookingsApi, Call, OnDemand, Operation, Subscription,
};
use crate::domain::booking::{Booking, NewBooking, StatusChange, refreshed, upsert};
use crate::domain::ids::{BookingId, UserId};
use crate::domain::monitoring::{Category, Severity};
use crate::platform::local_storage::{KeyValue, LocalStorageKey};
use crate::platform::random::client_id;
use crate::store::bookings_cache::BookingsCache;

use super::monitor::Monitor;

/// Where a booking waits while it is being sent.
pub const PENDING_KEY: LocalStorageKey = LocalStorageKey::new("janji.pendingBooking");

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
    /// does not replay missed events). Once per user.
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
        *deps.live.borrow_mut() = Some((user, events));
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

    /// Sends a booking. It is kept on the device until the server answers,
    /// and sent under its own id, so retries and reloads make it once.
    pub async fn submit(&self, booking: &NewBooking) -> Result<Booking, BackendError> {
        match serde_json::to_string(booking) {
            Ok(json) => {
                if let Err(e) = PENDING_KEY.set(&json) {
                    self.note_storage("bookings.pending", e);
                }
            }
            Err(e) => self.note_storage("bookings.pending", e),
        }
        let api = self.deps.get_value().api.get().await;
        let result = api
            .create(
                &Call::new(Operation::CreateBooking, booking.id.clone().into()),
                booking,
            )
            .await;
        // Keep it for a later try only if trying again can succeed.
        if (result.is_ok() || result.as_ref().is_err_and(|e| !e.may_succeed_later()))
            && let Err(e) = PENDING_KEY.remove()
        {
            self.note_storage("bookings.pending", e);
        }
        if let Ok(made) = &result {
            self.apply(made.clone());
        }
        result
    }

    /// A booking left unsent by an earlier visit (the page was reloaded or
    /// closed during submit), if there is one.
    pub fn pending(&self) -> Option<NewBooking> {
        let json = PENDING_KEY.get().ok().flatten()?;
        match serde_json::from_str(&json) {
            Ok(booking) => Some(booking),
            Err(e) => {
                self.note_storage("bookings.pending", e);
                None
            }
        }
    }

    /// Asks for a status change and shows the answer.
    pub async fn change(
        &self,
        id: &BookingId,
        change: StatusChange,
        reason: Option<String>,
    ) -> Result<Booking, BackendError> {
        let api = self.deps.get_value().api.get().await;
        let call = Call::new(Operation::ChangeBookingStatus, client_id().into());
        let result = api
            .change_status(&call, id, change, reason.as_deref())
            .await;
        if let Ok(changed) = &result {
            self.apply(changed.clone());
        }
        result
    }
}

pub fn use_bookings() -> Bookings {
    expect_context::<Bookings>()
}
