//! One open room: the held run of its history (paged at both ends, at most
//! 500 messages), live updates with a catch-up after every reconnect, the
//! count of new messages below the reader, its booking, and sending text.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, ChatApi, ChatEvent, OnDemand, Operation, Subscription};
use crate::domain::booking::Booking;
use crate::domain::ids::{MessageId, RoomId};
use crate::domain::message::{Message, MessageError, message_body};
use crate::domain::monitoring::{Category, Severity};
use crate::domain::timeline::{Arrival, PAGE, PageRequest, Timeline};
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::resilience::clock::Clock;
use crate::resilience::rate_limit::{self, Limited, RateLimiter};

use thiserror::Error;

use crate::domain::outbox::OutboxEntry;

use super::bookings::Bookings;
use super::monitor::Monitor;
use super::outbox::Outbox;
use super::session::Session;

/// Where a message of the timeline is on its way to the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// In the outbox: on the device, not yet stored by the server.
    Sending,
    /// Refused by the server for good, with why: retry or discard.
    Failed(String),
    /// Stored by the server.
    Sent,
}

impl Delivery {
    /// A short, stable name (for the view's `data-status`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Delivery::Sending => "sending",
            Delivery::Failed(_) => "failed",
            Delivery::Sent => "sent",
        }
    }
}

/// A message as the window shows it: stored, or still on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub message: Message,
    pub delivery: Delivery,
}

impl Line {
    /// Whether the message is still on this device only.
    pub fn is_local(&self) -> bool {
        !matches!(self.delivery, Delivery::Sent)
    }
}

/// This user's client-side rate limits for chat actions, shared by every
/// room (the server counts per user too). They live with the chat's code,
/// which is loaded on first use, rather than in the app's first load.
pub struct ChatLimits {
    pub messages: RateLimiter,
    pub reactions: RateLimiter,
    pub edits: RateLimiter,
    pub deletions: RateLimiter,
}

thread_local! {
    static LIMITS: RefCell<ChatLimits> = RefCell::new(ChatLimits {
        messages: RateLimiter::new(rate_limit::MESSAGES),
        reactions: RateLimiter::new(rate_limit::REACTIONS),
        edits: RateLimiter::new(rate_limit::EDITS),
        deletions: RateLimiter::new(rate_limit::DELETIONS),
    });
}

/// Why a message was not sent. Its text stays where the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SendRefused {
    #[error(transparent)]
    Invalid(#[from] MessageError),
    /// Over a rate limit: says when sending is possible again.
    #[error(transparent)]
    Limited(#[from] Limited),
}

/// Which end of the held run a page is fetched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Older,
    Newer,
}

#[derive(Clone, Copy)]
pub struct ChatRoom {
    room: StoredValue<RoomId>,
    timeline: RwSignal<Timeline>,
    /// The outbox's entries for this room: shown after the stored run.
    pending: Memo<Vec<OutboxEntry>>,
    outbox: Outbox,
    /// New messages that arrived while the reader was away from the bottom.
    unseen: RwSignal<usize>,
    error: RwSignal<Option<BackendError>>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

struct Deps {
    api: OnDemand<dyn ChatApi>,
    bookings: Bookings,
    monitor: Monitor,
    live: RefCell<Option<Subscription>>,
    /// A page being fetched, so a burst of scroll events fetches it once.
    loading: Cell<bool>,
    at_bottom: Cell<bool>,
}

impl ChatRoom {
    /// Opens `room`: loads its newest messages and follows it live for as
    /// long as the calling view lives.
    pub fn open(
        room: RoomId,
        api: OnDemand<dyn ChatApi>,
        bookings: Bookings,
        monitor: Monitor,
    ) -> Self {
        let session = expect_context::<Session>();
        let outbox = Outbox::shared(api.clone(), monitor, session);
        let me = Self {
            pending: outbox.of_room(room.clone()),
            outbox,
            room: StoredValue::new(room),
            timeline: RwSignal::new(Timeline::default()),
            unseen: RwSignal::new(0),
            error: RwSignal::new(None),
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                bookings,
                monitor,
                live: RefCell::new(None),
                loading: Cell::new(false),
                at_bottom: Cell::new(true),
            })),
        };
        spawn_local(async move { me.start().await });
        // What the outbox delivers joins the timeline at once, before the
        // live event for it arrives.
        let delivered = outbox.on_delivered(Rc::new(move |stored: &Message| {
            if stored.room == me.room.get_value() {
                let _ = me.timeline.try_update(|t| t.take_live(stored.clone()));
            }
        }));
        let delivered = StoredValue::new_local(Some(delivered));
        let deps = me.deps;
        on_cleanup(move || {
            deps.try_with_value(|d| d.live.borrow_mut().take());
            delivered.try_update_value(Option::take);
        });
        me
    }

    async fn start(&self) {
        let deps = self.deps.get_value();
        let api = deps.api.get().await;
        let room = self.room.get_value();
        let me = *self;
        let live = api.watch(&room, Rc::new(move |event| me.on_event(event)));
        *deps.live.borrow_mut() = Some(live);
        self.catch_up().await;
    }

    async fn fetch(&self, request: &PageRequest) -> Option<Vec<Message>> {
        let api = self.deps.get_value().api.get().await;
        let call = Call::new(Operation::LoadMessages, client_id().into());
        match api
            .page(&call, &self.room.get_value(), request, PAGE as u32)
            .await
        {
            Ok(messages) => {
                let _ = self.error.try_set(None);
                Some(messages)
            }
            Err(e) => {
                let _ = self.error.try_set(Some(e));
                None
            }
        }
    }

    /// Fetches what came after the newest held message, page by page: on
    /// opening, and each time the room goes live again (the backend does not
    /// replay what was sent while the stream was down).
    async fn catch_up(&self) {
        loop {
            let Some(request) = self.timeline.with_untracked(Timeline::catch_up_request) else {
                return;
            };
            let Some(page) = self.fetch(&request).await else {
                return;
            };
            let full = page.len() >= PAGE;
            let _ = self.timeline.try_update(|t| match request {
                PageRequest::Latest => t.take_latest(page),
                _ => t.take_newer(page),
            });
            if !full {
                return;
            }
        }
    }

    /// Loads the page beyond `end` of the held run, if there is one and no
    /// page is already on its way. `before_apply` runs just before the page
    /// joins the run (the view notes what the reader sees, to keep it
    /// still). Returns whether anything was loaded.
    pub async fn load_more(&self, end: End, before_apply: impl FnOnce()) -> bool {
        let deps = self.deps.get_value();
        let request = self.timeline.with_untracked(|t| match end {
            End::Older => t.older_request(),
            End::Newer => t.newer_request(),
        });
        let Some(request) = request else {
            return false;
        };
        if deps.loading.replace(true) {
            return false;
        }
        let page = self.fetch(&request).await;
        deps.loading.set(false);
        let Some(page) = page else {
            return false;
        };
        before_apply();
        let _ = self.timeline.try_update(|t| match end {
            End::Older => t.take_older(page),
            End::Newer => t.take_newer(page),
        });
        true
    }

    /// Back to the newest messages, fetching them if the newest end was
    /// trimmed away.
    pub async fn jump_to_latest(&self) {
        self.unseen.set(0);
        if !self.timeline.with_untracked(Timeline::more_newer) {
            return;
        }
        if let Some(page) = self.fetch(&PageRequest::Latest).await {
            let _ = self.timeline.try_update(|t| t.reset_latest(page));
        }
    }

    /// The view tells whether the reader is at the newest message; reaching
    /// it clears the count of new messages below.
    pub fn set_at_bottom(&self, at_bottom: bool) {
        self.deps.get_value().at_bottom.set(at_bottom);
        if at_bottom && self.unseen.get_untracked() > 0 {
            self.unseen.set(0);
        }
    }

    fn on_event(&self, event: ChatEvent) {
        match event {
            ChatEvent::Message(message) => self.take_live(message),
            ChatEvent::Booking(booking) => self.deps.get_value().bookings.apply(booking),
            ChatEvent::Live => {
                let me = *self;
                spawn_local(async move { me.catch_up().await });
                // The stream is back: the server is reachable again.
                self.outbox.flush();
            }
            ChatEvent::Failed(e) => {
                self.deps.get_value().monitor.note(
                    Severity::Warning,
                    Category::Chat,
                    "chat.live",
                    e.to_string(),
                );
            }
        }
    }

    fn take_live(&self, message: Message) {
        let mine = self
            .pending
            .with_untracked(|p| p.iter().any(|e| e.id == message.id));
        let Some(arrival) = self.timeline.try_update(|t| t.take_live(message)) else {
            return;
        };
        let away = !self.deps.get_value().at_bottom.get() || arrival == Arrival::Beyond;
        if arrival != Arrival::Changed && away && !mine {
            self.unseen.update(|n| *n += 1);
        }
    }

    /// The held run, then what is still on its way, each message once.
    pub fn lines(&self) -> Memo<Vec<Line>> {
        let timeline = self.timeline;
        let pending = self.pending;
        Memo::new(move |_| {
            timeline.with(|t| {
                let mut lines: Vec<Line> = t
                    .messages()
                    .iter()
                    .map(|m| Line {
                        message: m.clone(),
                        delivery: Delivery::Sent,
                    })
                    .collect();
                if !t.more_newer() {
                    pending.with(|p| {
                        lines.extend(p.iter().filter(|e| !t.contains(&e.id)).map(|e| {
                            Line {
                                message: e.as_message(),
                                delivery: e
                                    .failure
                                    .clone()
                                    .map_or(Delivery::Sending, Delivery::Failed),
                            }
                        }))
                    });
                }
                lines
            })
        })
    }

    /// Whether older or newer pages exist beyond the held run.
    pub fn more(&self, end: End) -> Signal<bool> {
        let timeline = self.timeline;
        Signal::derive(move || {
            timeline.with(|t| match end {
                End::Older => t.more_older(),
                End::Newer => t.more_newer(),
            })
        })
    }

    pub fn unseen(&self) -> Signal<usize> {
        self.unseen.into()
    }

    pub fn error(&self) -> Signal<Option<BackendError>> {
        self.error.into()
    }

    /// The room's booking, as the bookings list knows it.
    pub fn booking(&self) -> Option<Booking> {
        let id = crate::domain::ids::BookingId::parse(self.room.get_value().as_str()).ok()?;
        self.deps.with_value(|d| d.bookings).find(&id)
    }

    /// Sends text through the outbox: it shows at once as "sending" and is
    /// on the device before the request leaves. Invalid text, or a message
    /// over the rate limit, is refused before anything happens.
    pub fn send(&self, text: &str) -> Result<(), SendRefused> {
        let body = message_body(text)?;
        LIMITS.with(|l| l.borrow_mut().messages.take(BrowserClock.now()))?;
        let sender = self.outbox.sender();
        let entry = OutboxEntry {
            id: client_id().into(),
            room: self.room.get_value(),
            sender,
            body,
            reply_to: None,
            queued_at: BrowserClock.now(),
            failure: None,
        };
        let me = *self;
        spawn_local(async move {
            // A message goes at the end of the conversation: bring the
            // newest messages back if the reader had paged far up.
            if me.timeline.with_untracked(Timeline::more_newer) {
                me.jump_to_latest().await;
            }
            me.outbox.enqueue(entry).await;
        });
        Ok(())
    }

    /// Sends a refused message again.
    pub fn retry(&self, id: &MessageId) {
        self.outbox.retry(id);
    }

    /// Drops a refused message.
    pub fn discard(&self, id: &MessageId) {
        self.outbox.discard(id);
    }
}
