//! One open room: the held run of its history (paged at both ends, at most
//! 500 messages), live updates with a catch-up after every reconnect, the
//! count of new messages below the reader, its booking, and sending text.

mod actions;
mod catch_up;
mod navigation;
mod people;
mod photos;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, ChatApi, ChatEvent, OnDemand, Operation, Subscription};
use crate::domain::attachment::PreparedPhoto;
use crate::domain::booking::Booking;
use crate::domain::ids::{MessageId, RoomId};
use crate::domain::message::mentions::unknown_mention;
use crate::domain::message::{Message, MessageError, caption_body, message_body};
use crate::domain::monitoring::{Category, Severity};
use crate::domain::timeline::{Arrival, PAGE, PageRequest, Timeline};
use crate::platform::clock::BrowserClock;
use crate::platform::file_blob::FileBlob;
use crate::platform::online::is_online;
use crate::platform::perf_mark;
use crate::platform::random::client_id;
use crate::platform::sleep::sleep;
use crate::platform::wake::{WakeListener, on_wake};
use crate::resilience::clock::Clock;
use crate::resilience::rate_limit::{self, Limited, RateLimiter};
use crate::state::startup;

use thiserror::Error;

use crate::domain::ids::IntentId;
use crate::domain::ids::UserId;
use crate::domain::message::receipts::{Member, Presence, Receipt, ReceiptPacer, receipt};
use crate::domain::message::typing::{TypingPacer, Typists};
use crate::domain::message::{Reaction, ReactionChange};
use crate::domain::outbox::{Intent, OutboxEntry};
use crate::domain::time::Millis;

use crate::store::StoreError;
use crate::store::drafts_store::{DraftsStore, IdbDraftsStore};
use crate::store::lazy_db::LazyDb;
use crate::store::messages_cache::{IdbMessagesCache, MessagesCache};

use super::bookings::Bookings;
use super::monitor::Monitor;
use super::outbox::Outbox;
use super::outbox::send::Stored;
use super::session::Session;
use catch_up::CatchUp;

/// Where a message of the timeline is on its way to the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// In the outbox: on the device, not yet stored by the server.
    Sending,
    /// Refused by the server for good, with why: retry or discard.
    Failed(String),
    /// Stored by the server.
    Sent,
    /// On the other person's device.
    Delivered,
    /// Read by the other person.
    Read,
}

impl Delivery {
    /// A short, stable name (for the view's `data-status`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Delivery::Sending => "sending",
            Delivery::Failed(_) => "failed",
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
        }
    }
}

/// A message as the window shows it: stored, or still on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub message: Message,
    pub delivery: Delivery,
    /// Photos of a message still on this device, waiting to go up with it.
    pub photos_waiting: usize,
    /// An edit or deletion of this message still on its way.
    pub change: Option<PendingChange>,
}

/// An edit or deletion waiting in the outbox, or refused by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChange {
    pub id: IntentId,
    pub deleting: bool,
    pub failure: Option<String>,
}

impl Line {
    /// Whether the message is still on this device only.
    pub fn is_local(&self) -> bool {
        matches!(self.delivery, Delivery::Sending | Delivery::Failed(_))
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
    /// A newer version of the app in another tab took over the device's
    /// storage: this tab could not keep the message safe.
    #[error("janji was updated in another tab. Reload to send messages.")]
    Outdated,
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
    me: StoredValue<Option<UserId>>,
    members: RwSignal<Vec<Member>>,
    /// The other members: what the delivery of this user's messages
    /// depends on (this user's own receipts change with nearly every
    /// message that arrives, and must not recompute the timeline).
    others: Memo<Vec<Member>>,
    reactions: RwSignal<Vec<Reaction>>,
    /// The reactions as shown, with this user's waiting ones: one list for
    /// the whole room, so a message's reaction bar reads it rather than
    /// each of hundreds of bars deriving its own.
    shown_reactions: Memo<Vec<Reaction>>,
    typists: RwSignal<Typists>,
    presence: RwSignal<Vec<Presence>>,
    replying: RwSignal<Option<Message>>,
    unread_since: RwSignal<Option<Millis>>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

struct Deps {
    api: OnDemand<dyn ChatApi>,
    bookings: Bookings,
    monitor: Monitor,
    live: RefCell<Option<Subscription>>,
    cache: Rc<dyn MessagesCache>,
    drafts: Rc<dyn DraftsStore>,
    /// A page being fetched, so a burst of scroll events fetches it once.
    loading: Cell<bool>,
    at_bottom: Cell<bool>,
    pacer: RefCell<TypingPacer>,
    /// A catch-up is running, and one more was asked for meanwhile.
    catching_up: Cell<bool>,
    catch_up_again: Cell<Option<CatchUp>>,
    /// The stream went live at least once for this window.
    was_live: Cell<bool>,
    /// A save of the cached newest page is scheduled.
    cache_save_due: Cell<bool>,
    /// Catches up when the browser is back online or the tab in front.
    wake: RefCell<Option<WakeListener>>,
    /// The receipts this device already wrote, so each is written once.
    read_up_to: Cell<Option<Millis>>,
    delivered_up_to: Cell<Option<Millis>>,
    /// Spaces the receipts out while messages keep arriving.
    receipts: RefCell<ReceiptPacer>,
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
        let outbox = Outbox::shared(api.clone(), bookings.api(), monitor, session);
        let db = LazyDb::app();
        let user = session.user_untracked();
        let pending = outbox.of_room(room.clone());
        let members = RwSignal::new(Vec::<Member>::new());
        let reactions = RwSignal::new(Vec::new());
        let me = Self {
            pending,
            outbox,
            room: StoredValue::new(room),
            timeline: RwSignal::new(Timeline::default()),
            unseen: RwSignal::new(0),
            error: RwSignal::new(None),
            others: others_of(members, user.clone()),
            shown_reactions: actions::shown(reactions, pending, user.clone()),
            me: StoredValue::new(user),
            members,
            reactions,
            typists: RwSignal::new(Typists::default()),
            presence: RwSignal::new(Vec::new()),
            replying: RwSignal::new(None),
            unread_since: RwSignal::new(None),
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                bookings,
                monitor,
                live: RefCell::new(None),
                cache: Rc::new(IdbMessagesCache::new(db.clone())),
                drafts: Rc::new(IdbDraftsStore::new(db)),
                loading: Cell::new(false),
                at_bottom: Cell::new(true),
                pacer: RefCell::new(TypingPacer::default()),
                catching_up: Cell::new(false),
                catch_up_again: Cell::new(None),
                was_live: Cell::new(false),
                cache_save_due: Cell::new(false),
                wake: RefCell::new(None),
                read_up_to: Cell::new(None),
                delivered_up_to: Cell::new(None),
                receipts: RefCell::new(ReceiptPacer::default()),
            })),
        };
        let wake = on_wake(move |_| {
            if is_online() {
                spawn_local(async move { me.catch_up(CatchUp::Everything).await });
            }
        });
        *me.deps.get_value().wake.borrow_mut() = wake;
        spawn_local(async move { me.start().await });
        me.mirror_limits();
        // What the outbox stored (here or in another tab) shows at once,
        // before the live event for it arrives.
        let delivered = outbox.on_stored(Rc::new(move |entry: &OutboxEntry, stored: &Stored| {
            // The window may be closing while the outbox reports.
            if me.room.try_get_value().as_ref() == Some(&entry.room) {
                me.take_own(entry, stored);
            }
        }));
        let delivered = StoredValue::new_local(Some(delivered));
        let deps = me.deps;
        on_cleanup(move || {
            deps.try_with_value(|d| {
                d.live.borrow_mut().take();
                d.wake.borrow_mut().take();
            });
            delivered.try_update_value(Option::take);
            me.save_cache();
        });
        me
    }

    /// Shows the cached conversation at once, starts following the room,
    /// then loads its newest page from the network.
    async fn start(&self) {
        let deps = self.deps.get_value();
        let room = self.room.get_value();
        match deps.cache.load(&room).await {
            Ok(cached) if !cached.is_empty() => {
                let _ = self.timeline.try_update(|t| {
                    if t.messages().is_empty() {
                        t.take_latest(cached);
                    }
                });
                // The cached conversation is painted first: loading the
                // chat's code, subscribing and fetching the newest page
                // would take the main thread from it.
                startup::painted().await;
            }
            Ok(_) => {}
            Err(e) => self.store_failed("chat.cache.load", &e),
        }
        // Cached messages may have been edited or deleted since they were
        // kept; the newest page does not cover those it pushed out.
        let cached_since = self
            .timeline
            .try_with_untracked(Timeline::last_change)
            .flatten();
        let api = deps.api.get().await;
        let me = *self;
        let live = api.watch(&room, Rc::new(move |event| me.on_event(event)));
        *deps.live.borrow_mut() = Some(live);
        // The newest page, not the pages after the cached run: a long
        // absence would otherwise mean many pages.
        if let Some(page) = self.fetch(&PageRequest::Latest).await {
            let ids = page.iter().map(|m| m.id.clone()).collect();
            let _ = self.timeline.try_update(|t| t.take_latest(page));
            if let Some(since) = cached_since {
                self.catch_up_changes(since.minus(catch_up::CHANGE_MARGIN))
                    .await;
            }
            self.save_cache();
            // The receipts first: where the reader had read up to places
            // the unread marker, before this visit marks anything read.
            self.load_people().await;
            self.acknowledge();
            self.load_reactions(ids).await;
        } else {
            self.load_people().await;
        }
    }

    /// Keeps the newest page on the device for the next opening, if the
    /// held run reaches the newest message.
    fn save_cache(&self) {
        let Some(newest) = self.timeline.try_with_untracked(|t| {
            (!t.more_newer()).then(|| {
                let all = t.messages();
                all[all.len().saturating_sub(PAGE)..].to_vec()
            })
        }) else {
            return;
        };
        let Some(newest) = newest else { return };
        // It also runs as the window closes, when its values may be gone.
        let (Some(deps), Some(room)) = (self.deps.try_get_value(), self.room.try_get_value())
        else {
            return;
        };
        let me = *self;
        spawn_local(async move {
            if let Err(e) = deps.cache.replace(&room, &newest).await {
                me.store_failed("chat.cache.save", &e);
            }
        });
    }

    /// Saves the cached newest page a second after the latest change, so a
    /// page closed without warning (a reload, a crash) still finds what was
    /// sent and received on the device next time.
    fn save_cache_soon(&self) {
        let Some(deps) = self.deps.try_get_value() else {
            return;
        };
        if deps.cache_save_due.replace(true) {
            return;
        }
        let me = *self;
        spawn_local(async move {
            sleep(std::time::Duration::from_secs(1)).await;
            deps.cache_save_due.set(false);
            me.save_cache();
        });
    }

    fn store_failed(&self, operation: &'static str, e: &StoreError) {
        let Some(deps) = self.deps.try_get_value() else {
            return;
        };
        deps.monitor.note(
            Severity::Warning,
            Category::Storage,
            operation,
            e.to_string(),
        );
    }

    /// The room's saved draft, if the user left one.
    pub async fn draft(&self) -> Option<String> {
        let deps = self.deps.get_value();
        match deps.drafts.load(&self.room.get_value()).await {
            Ok(draft) => draft,
            Err(e) => {
                self.store_failed("chat.draft.load", &e);
                None
            }
        }
    }

    /// Keeps what the user is writing (an empty text removes the draft).
    pub async fn save_draft(&self, text: &str) {
        let deps = self.deps.get_value();
        if let Err(e) = deps.drafts.save(&self.room.get_value(), text).await {
            self.store_failed("chat.draft.save", &e);
        }
    }

    async fn fetch(&self, request: &PageRequest) -> Option<Vec<Message>> {
        // Pages are fetched after other awaits: the window may be gone.
        let (deps, room) = (self.deps.try_get_value()?, self.room.try_get_value()?);
        let api = deps.api.get().await;
        let call = Call::new(Operation::LoadMessages, client_id().into());
        match api.page(&call, &room, request, PAGE as u32).await {
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
        let ids = page.iter().map(|m| m.id.clone()).collect();
        // An older page joins before the message it was asked for, if that
        // is still the oldest held (a live message at the cap may have
        // trimmed it meanwhile; the next scroll towards the top asks again).
        let joins = match &request {
            PageRequest::Before(cursor) => Some(cursor.clone()),
            _ => None,
        };
        let _ = self.timeline.try_update(|t| match end {
            End::Older => {
                let more = page.len() >= PAGE;
                t.take_older_joining(page, joins.as_ref(), more);
            }
            End::Newer => t.take_newer(page),
        });
        let me = *self;
        spawn_local(async move { me.load_reactions(ids).await });
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
        if at_bottom {
            self.acknowledge();
        }
    }

    fn on_event(&self, event: ChatEvent) {
        match event {
            ChatEvent::Message(message) => self.take_live(message),
            ChatEvent::Booking(booking) => self.deps.get_value().bookings.apply(booking),
            ChatEvent::Live => {
                // The first time, the room's first pages are on their way;
                // after a reconnect anything may have changed.
                let how = if self.deps.get_value().was_live.replace(true) {
                    CatchUp::Everything
                } else {
                    CatchUp::Newer
                };
                let me = *self;
                spawn_local(async move { me.catch_up(how).await });
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
            ChatEvent::Reaction { change, reaction } => match change {
                ReactionChange::Added => self.take_reaction(reaction),
                ReactionChange::Removed => self.drop_reaction(&reaction.id),
            },
            ChatEvent::Member(member) => self.take_member(member),
            ChatEvent::Presence(presence) => self.take_presence(presence),
            ChatEvent::Typing { user, name } => self.take_typing(user, name),
        }
    }

    /// What the server stored for one of this user's intents in the room.
    fn take_own(&self, entry: &OutboxEntry, stored: &Stored) {
        match stored {
            Stored::Message { message } => {
                let _ = self.timeline.try_update(|t| t.take_live(message.clone()));
                self.save_cache_soon();
            }
            Stored::Reaction { reaction } => self.take_reaction(reaction.clone()),
            Stored::Unreacted { reaction } => self.drop_reaction(reaction),
            Stored::Member { member } => self.take_member(member.clone()),
            Stored::Booking { booking } => self.deps.get_value().bookings.apply(booking.clone()),
            // The same reaction was there already, under another id.
            Stored::Nothing => self.drop_reaction(&entry.id.reaction_id()),
        }
    }

    fn take_live(&self, message: Message) {
        let held = format!("janji:held:{}", message.id);
        let mine = self
            .pending
            .with_untracked(|p| p.iter().any(|e| e.id.as_str() == message.id.as_str()));
        if let Some(sender) = &message.sender {
            let _ = self.typists.try_update(|t| t.message_from(sender));
        }
        let Some(arrival) = self.timeline.try_update(|t| t.take_live(message)) else {
            return;
        };
        // When the app holds a live message (the delivery benchmark reads it).
        perf_mark::mark(&held);
        let away = !self.deps.get_value().at_bottom.get() || arrival == Arrival::Beyond;
        if arrival != Arrival::Changed && away && !mine {
            self.unseen.update(|n| *n += 1);
        }
        if arrival == Arrival::New {
            self.acknowledge();
        }
        self.save_cache_soon();
    }

    /// The held run, then what is still on its way, each message once. A
    /// held message with an edit or deletion still on its way says so.
    ///
    /// A line that did not change is the same shared line as before: a
    /// live message changes one line of hundreds, and neither copying the
    /// others nor comparing them (shared lines compare by address first)
    /// should cost the reader's device for each message that arrives.
    pub fn lines(&self) -> Memo<Vec<Arc<Line>>> {
        let (timeline, pending, members) = (self.timeline, self.pending, self.others);
        let me = self.me.get_value();
        Memo::new(move |before: Option<&Vec<Arc<Line>>>| {
            let before: HashMap<&MessageId, &Arc<Line>> = before
                .map(|b| b.iter().map(|l| (&l.message.id, l)).collect())
                .unwrap_or_default();
            // The line before, when nothing in it changed.
            let reuse =
                |m: &Message, delivery: &Delivery, change: &Option<PendingChange>, photos| {
                    before.get(&m.id).copied().filter(|l| {
                        l.photos_waiting == photos
                            && &l.delivery == delivery
                            && &l.change == change
                            && &l.message == m
                    })
                };
            let members = members.get();
            timeline.with(|t| {
                pending.with(|p| {
                    let mut lines: Vec<Arc<Line>> = t
                        .messages()
                        .iter()
                        .map(|m| {
                            let delivery = match (&m.sender, &me) {
                                (Some(sender), Some(me)) if sender == me => {
                                    match receipt(m.created, me, &members) {
                                        Receipt::Sent => Delivery::Sent,
                                        Receipt::Delivered => Delivery::Delivered,
                                        Receipt::Read => Delivery::Read,
                                    }
                                }
                                _ => Delivery::Sent,
                            };
                            let change = pending_change(p, &m.id);
                            reuse(m, &delivery, &change, 0).cloned().unwrap_or_else(|| {
                                Arc::new(Line {
                                    photos_waiting: 0,
                                    message: m.clone(),
                                    delivery,
                                    change,
                                })
                            })
                        })
                        .collect();
                    if !t.more_newer() {
                        lines.extend(p.iter().filter_map(|e| {
                            let message = e.as_message().filter(|m| !t.contains(&m.id))?;
                            let delivery = e
                                .failure
                                .clone()
                                .map_or(Delivery::Sending, Delivery::Failed);
                            let photos = e.photos().len();
                            Some(
                                reuse(&message, &delivery, &None, photos)
                                    .cloned()
                                    .unwrap_or_else(|| {
                                        Arc::new(Line {
                                            photos_waiting: photos,
                                            message,
                                            delivery,
                                            change: None,
                                        })
                                    }),
                            )
                        }));
                    }
                    lines
                })
            })
        })
    }

    /// The room's dead letters that are not a message of their own (a
    /// reaction the server refused, say), for the window to list.
    pub fn refused_actions(&self) -> Memo<Vec<OutboxEntry>> {
        let pending = self.pending;
        Memo::new(move |_| {
            pending.with(|p| {
                p.iter()
                    .filter(|e| {
                        !e.is_waiting()
                            && matches!(e.intent, Intent::React { .. } | Intent::Unreact { .. })
                    })
                    .cloned()
                    .collect()
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

    /// Sends text, and photos, through the outbox: it shows at once as
    /// "sending" and is on the device before the request leaves. Invalid
    /// text, or a message over the rate limit, is refused before anything
    /// happens. With photos the text is a caption and may be empty.
    pub fn send(
        &self,
        text: &str,
        photos: Vec<(FileBlob, PreparedPhoto)>,
    ) -> Result<(), SendRefused> {
        let body = if photos.is_empty() {
            message_body(text)?
        } else {
            caption_body(text)?
        };
        self.check_mentions(&body)?;
        self.check_storage()?;
        LIMITS.with(|l| l.borrow_mut().messages.take(BrowserClock.now()))?;
        let entry = self.intent(Intent::Message {
            body,
            reply_to: self.replying.get_untracked().map(|m| m.id),
            photos: photos.iter().map(|(_, p)| p.clone()).collect(),
        });
        let files: Vec<FileBlob> = photos.into_iter().map(|(f, _)| f).collect();
        self.replying.set(None);
        let me = *self;
        spawn_local(async move {
            // A message goes at the end of the conversation: bring the
            // newest messages back if the reader had paged far up.
            if me.timeline.with_untracked(Timeline::more_newer) {
                me.jump_to_latest().await;
            }
            me.outbox.enqueue(entry, files).await;
        });
        Ok(())
    }

    /// Refuses a mention of someone who is not in the room (when the
    /// participants' names are loaded; the server checks again).
    fn check_mentions(&self, body: &str) -> Result<(), MessageError> {
        let people = self.people();
        if people.is_empty() {
            return Ok(());
        }
        match unknown_mention(body, &people) {
            Some(token) => Err(MessageError::UnknownMention(token)),
            None => Ok(()),
        }
    }

    /// A new intent of this user in this room, under a new client id.
    pub(super) fn intent(&self, intent: Intent) -> OutboxEntry {
        OutboxEntry {
            id: client_id().into(),
            room: self.room.get_value(),
            sender: self.outbox.sender(),
            intent,
            queued_at: BrowserClock.now(),
            failure: None,
        }
    }

    /// Puts an intent in the outbox, which shows it and sends it.
    pub(super) fn queue(&self, entry: OutboxEntry) {
        let outbox = self.outbox;
        spawn_local(async move { outbox.enqueue(entry, Vec::new()).await });
    }

    /// Sends a refused intent again.
    pub fn retry(&self, id: &IntentId) {
        self.outbox.retry(id);
    }

    /// Drops a refused intent.
    pub fn discard(&self, id: &IntentId) {
        self.outbox.discard(id);
    }
}

/// An edit or deletion of `message` still on its way (or refused).
/// The members of a room other than `me`.
fn others_of(members: RwSignal<Vec<Member>>, me: Option<UserId>) -> Memo<Vec<Member>> {
    Memo::new(move |_| {
        members.with(|all| {
            all.iter()
                .filter(|m| Some(&m.user) != me.as_ref())
                .cloned()
                .collect()
        })
    })
}

fn pending_change(pending: &[OutboxEntry], message: &MessageId) -> Option<PendingChange> {
    pending
        .iter()
        .rev()
        .find(|e| matches!(&e.intent, Intent::Edit { message: m, .. } | Intent::Delete { message: m } if m == message))
        .map(|e| PendingChange {
            id: e.id.clone(),
            deleting: matches!(e.intent, Intent::Delete { .. }),
            failure: e.failure.clone(),
        })
}
