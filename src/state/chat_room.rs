//! One open room: its newest messages, live updates, its booking, and
//! sending text. (The full chat, with paging, the outbox and every message
//! action, builds on this.)

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, ChatApi, ChatEvent, OnDemand, Operation, Subscription};
use crate::domain::booking::Booking;
use crate::domain::ids::{MessageId, RoomId};
use crate::domain::message::{Message, MessageKind, NewMessage, merge, message_body};
use crate::domain::monitoring::{Category, Severity};
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::resilience::clock::Clock;

use super::bookings::Bookings;
use super::monitor::Monitor;

/// Messages shown when a room opens.
pub const OPENING_PAGE: u32 = 50;

/// A message as the window shows it: stored, or still on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub message: Message,
    pub sending: bool,
}

#[derive(Clone, Copy)]
pub struct ChatRoom {
    room: StoredValue<RoomId>,
    lines: RwSignal<Vec<Line>>,
    error: RwSignal<Option<BackendError>>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

struct Deps {
    api: OnDemand<dyn ChatApi>,
    bookings: Bookings,
    monitor: Monitor,
    live: RefCell<Option<Subscription>>,
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
        let me = Self {
            room: StoredValue::new(room),
            lines: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                bookings,
                monitor,
                live: RefCell::new(None),
            })),
        };
        spawn_local(async move { me.start().await });
        let deps = me.deps;
        on_cleanup(move || {
            deps.try_with_value(|d| d.live.borrow_mut().take());
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
        self.load_latest().await;
    }

    /// Fetches the newest page and merges it in: on opening, and each time
    /// the room goes live (the first time, and after every reconnect, since
    /// the backend does not replay what was sent while the stream was down).
    async fn load_latest(&self) {
        let api = self.deps.get_value().api.get().await;
        let call = Call::new(Operation::LoadMessages, client_id().into());
        match api
            .latest(&call, &self.room.get_value(), OPENING_PAGE)
            .await
        {
            Ok(messages) => self.take(messages),
            Err(e) => {
                let _ = self.error.try_set(Some(e));
            }
        }
    }

    fn on_event(&self, event: ChatEvent) {
        match event {
            ChatEvent::Message(message) => self.take([message]),
            ChatEvent::Booking(booking) => self.deps.get_value().bookings.apply(booking),
            ChatEvent::Live => {
                let me = *self;
                spawn_local(async move { me.load_latest().await });
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

    /// Merges stored messages in; a message that was on its way is now sent.
    fn take(&self, messages: impl IntoIterator<Item = Message>) {
        let _ = self.lines.try_update(|lines| {
            let mut all: Vec<Message> = lines.iter().map(|l| l.message.clone()).collect();
            let stored: Vec<Message> = messages.into_iter().collect();
            let stored_ids: Vec<MessageId> = stored.iter().map(|m| m.id.clone()).collect();
            let still_sending: Vec<MessageId> = lines
                .iter()
                .filter(|l| l.sending && !stored_ids.contains(&l.message.id))
                .map(|l| l.message.id.clone())
                .collect();
            merge(&mut all, stored);
            *lines = all
                .into_iter()
                .map(|message| Line {
                    sending: still_sending.contains(&message.id),
                    message,
                })
                .collect();
        });
    }

    pub fn lines(&self) -> Signal<Vec<Line>> {
        self.lines.into()
    }

    pub fn error(&self) -> Signal<Option<BackendError>> {
        self.error.into()
    }

    /// The room's booking, as the bookings list knows it.
    pub fn booking(&self) -> Option<Booking> {
        let id = crate::domain::ids::BookingId::parse(self.room.get_value().as_str()).ok()?;
        self.deps.with_value(|d| d.bookings).find(&id)
    }

    /// Sends text: it shows at once as "sending", then as sent.
    pub fn send(&self, text: &str) -> Result<(), crate::domain::message::MessageError> {
        let body = message_body(text)?;
        let id: MessageId = client_id().into();
        let room = self.room.get_value();
        let echo = Message {
            id: id.clone(),
            room: room.clone(),
            sender: None,
            kind: MessageKind::Text,
            body: body.clone(),
            created: BrowserClock.now(),
        };
        self.lines.update(|lines| {
            lines.push(Line {
                message: echo,
                sending: true,
            })
        });
        let me = *self;
        spawn_local(async move {
            let deps = me.deps.get_value();
            let api = deps.api.get().await;
            let message = NewMessage {
                id: id.clone(),
                room,
                body,
            };
            match api
                .send(&Call::new(Operation::SendMessage, id.into()), &message)
                .await
            {
                Ok(stored) => me.take([stored]),
                Err(e) => {
                    let _ = me.error.try_set(Some(e));
                }
            }
        });
        Ok(())
    }
}
