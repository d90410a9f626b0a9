//! The outbox (DESIGN §8): every write intent (a booking, a status change,
//! a message, an edit, a deletion, a reaction or taking it back, a read
//! receipt) is
//! written to the device first, then sent under its client id, one at a
//! time in the order made, until the server has it. It survives reloads and
//! going offline; what the server refuses for good becomes a dead letter,
//! kept with the reason for the user to retry or discard. One outbox serves
//! the whole app; it is built with the chat's code, on first use.
//!
//! The entries live in IndexedDB, which every tab of the app shares, and
//! one tab sends at a time: the one holding the outbox's Web Lock. When it
//! closes or dies, the browser hands the lock to a waiting tab, which reads
//! the outbox again and carries on. Tabs tell each other (BroadcastChannel)
//! when the outbox changed and what the server stored, so every tab shows
//! the same. Without IndexedDB nothing is shared, and each tab sends its own.

mod bookings;
mod photos;
pub mod send;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use futures::channel::oneshot;

use crate::backend::{BackendError, BookingsApi, ChatApi, OnDemand};
use crate::domain::ids::{IntentId, RoomId, UserId};
use crate::domain::monitoring::{Category, Severity};
use crate::domain::outbox::{self, Intent, OutboxEntry};
use crate::platform::file_blob::FileBlob;
use crate::platform::locks::{self, HeldLock};
use crate::platform::online::on_online;
use crate::platform::sleep::sleep;
use crate::store::StoreError;
use crate::store::health::{self, StorageHealth};
use crate::store::lazy_db::LazyDb;
use crate::store::outbox_photos::{self, OutboxPhotos};
use crate::store::outbox_store::{self, OutboxStore};

use super::monitor::Monitor;
use super::outbox_status::{OutboxCommand, OutboxStatus};
use super::session::{Session, SessionState};
use super::tabs::{TabNews, Tabs};
use send::{Stored, Verdict, deliver, verdict};

/// The Web Lock whose holder sends the outbox.
const SENDER_LOCK: &str = "janji.outbox.sender";

/// How many finished ids a tab remembers, so that a read of the outbox
/// that raced with a delivery cannot bring a delivered entry back.
const REMEMBERED: usize = 1000;

type Listener = Rc<dyn Fn(&OutboxEntry, &Stored)>;
type Waiter = oneshot::Sender<Result<Stored, BackendError>>;

/// How long a tab that does not send waits for the sending tab's news of
/// an intent it made, before it tells its caller the intent still waits.
const WAIT_FOR_SENDER: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Clone, Copy)]
pub struct Outbox {
    /// Every entry, oldest first; the status context shares the signal.
    entries: RwSignal<Vec<OutboxEntry>>,
    status: OutboxStatus,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

struct Deps {
    api: OnDemand<dyn ChatApi>,
    bookings: OnDemand<dyn BookingsApi>,
    store: Rc<dyn OutboxStore>,
    photos: Rc<dyn OutboxPhotos>,
    /// Photos of entries made in this tab, in case the device refused to
    /// keep them: they are still sent from memory.
    held_photos: RefCell<Vec<(IntentId, Vec<FileBlob>)>>,
    monitor: Monitor,
    session: Session,
    flushing: Cell<bool>,
    /// A flush was asked for while one was running.
    again: Cell<bool>,
    /// Flushes in a row that could not reach the server.
    misses: Cell<u32>,
    /// Told what the server stored for each intent.
    listeners: RefCell<Vec<(u64, Listener)>>,
    /// Callers waiting for their intent's first outcome.
    waiters: RefCell<Vec<(IntentId, Waiter)>>,
    /// Told what this tab stored for an intent nobody waited for (one left
    /// by an earlier visit, say).
    unawaited: RefCell<Option<Listener>>,
    next_listener: Cell<u64>,
    lock: RefCell<Option<HeldLock>>,
    tabs: RefCell<Option<Tabs>>,
    /// Entries the device refused to keep: only this tab's memory has them.
    unsaved: RefCell<Vec<IntentId>>,
    /// Ids finished lately (stored or discarded), by this tab or another.
    finished: RefCell<VecDeque<IntentId>>,
}

thread_local! {
    static SHARED: RefCell<Option<(Owner, Outbox)>> = const { RefCell::new(None) };
}

impl Outbox {
    /// The app's outbox, made on first use: it shows what an earlier visit
    /// or another tab left, sends it when its turn comes, and sends again
    /// whenever the browser comes online.
    pub fn shared(
        api: OnDemand<dyn ChatApi>,
        bookings: OnDemand<dyn BookingsApi>,
        monitor: Monitor,
        session: Session,
    ) -> Self {
        if let Some(outbox) = SHARED.with(|s| s.borrow().as_ref().map(|(_, o)| *o)) {
            return outbox;
        }
        // Its own root owner, so closing a chat window does not dispose it.
        let owner = super::detached::detached_root();
        let status = owner.with(OutboxStatus::new);
        let outbox = owner.with(|| Self {
            entries: status.entries_signal(),
            status,
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                bookings,
                store: outbox_store::idb(LazyDb::app()),
                photos: outbox_photos::idb(LazyDb::app()),
                held_photos: RefCell::new(Vec::new()),
                monitor,
                session,
                flushing: Cell::new(false),
                again: Cell::new(false),
                misses: Cell::new(0),
                listeners: RefCell::new(Vec::new()),
                waiters: RefCell::new(Vec::new()),
                unawaited: RefCell::new(None),
                next_listener: Cell::new(0),
                lock: RefCell::new(None),
                tabs: RefCell::new(None),
                unsaved: RefCell::new(Vec::new()),
                finished: RefCell::new(VecDeque::new()),
            })),
        });
        SHARED.with(|s| *s.borrow_mut() = Some((owner, outbox)));
        status.take_commands(Rc::new(move |command| match command {
            OutboxCommand::Retry(id) => outbox.retry(&id),
            OutboxCommand::Discard(id) => outbox.discard(&id),
        }));
        let deps = outbox.deps.get_value();
        *deps.tabs.borrow_mut() = Some(Tabs::join(Rc::new(move |news| outbox.hear(news))));
        spawn_local(async move { outbox.start().await });
        on_online(move || outbox.flush());
        // A newer version in another tab closed this tab's storage: that tab
        // sends from now on.
        health::watch(Rc::new(move |h| {
            if *h == StorageHealth::Outdated {
                outbox.stand_down();
            }
        }));
        outbox
    }

    /// Shows what an earlier visit or another tab left, then waits for its
    /// turn to send. Without shared storage this tab sends at once.
    async fn start(&self) {
        let shared = self.reload().await;
        if !shared || !locks::supported() {
            return self.become_sender(None);
        }
        let me = *self;
        let asked = locks::acquire(SENDER_LOCK, move |held| {
            spawn_local(async move {
                // Another tab may have changed the outbox while this one waited.
                me.reload().await;
                me.become_sender(Some(held));
            });
        });
        if let Err(why) = asked {
            self.deps.get_value().monitor.note(
                Severity::Warning,
                Category::Storage,
                "outbox.lock",
                why,
            );
            self.become_sender(None);
        }
    }

    /// What it holds, for views that show it without its code.
    pub fn status(&self) -> OutboxStatus {
        self.status
    }

    fn become_sender(&self, lock: Option<HeldLock>) {
        *self.deps.get_value().lock.borrow_mut() = lock;
        self.status.set_sender_tab(true);
        self.flush();
    }

    fn stand_down(&self) {
        self.status.set_sender_tab(false);
        self.deps.get_value().lock.borrow_mut().take();
    }

    /// Reads the outbox on the device again: it is the truth every tab
    /// shares. Entries only this tab's memory has are kept. Returns whether
    /// the device's storage could be read (false: this tab is on its own).
    async fn reload(&self) -> bool {
        let deps = self.deps.get_value();
        match deps.store.load().await {
            Ok(stored) => {
                let unsaved = deps.unsaved.borrow().clone();
                let finished = deps.finished.borrow().clone();
                self.entries.update(|entries| {
                    entries.retain(|e| unsaved.contains(&e.id));
                    entries.extend(
                        stored
                            .into_iter()
                            .filter(|e| !unsaved.contains(&e.id) && !finished.contains(&e.id)),
                    );
                    outbox::sort(entries);
                });
                true
            }
            Err(e) => {
                self.store_failed("outbox.load", &e);
                false
            }
        }
    }

    /// Another tab's news.
    fn hear(&self, news: TabNews) {
        match news {
            TabNews::OutboxChanged => {
                let me = *self;
                spawn_local(async move {
                    me.reload().await;
                    me.answer_refused();
                    me.flush();
                });
            }
            TabNews::Stored { entry, stored } => {
                self.settle(&entry, &stored);
                self.answer(&entry.id, Ok(*stored));
            }
        }
    }

    /// Waiting callers whose intents the sending tab refused hear why.
    fn answer_refused(&self) {
        let refused: Vec<(IntentId, String)> = self.entries.with_untracked(|all| {
            all.iter()
                .filter_map(|e| e.failure.clone().map(|why| (e.id.clone(), why)))
                .collect()
        });
        for (id, why) in refused {
            self.answer(
                &id,
                Err(BackendError::Validation {
                    message: why,
                    fields: Vec::new(),
                }),
            );
        }
    }

    fn tell(&self, news: &TabNews) {
        if let Some(tabs) = self.deps.get_value().tabs.borrow().as_ref() {
            tabs.tell(news);
        }
    }

    fn remember_finished(&self, id: &IntentId) {
        let deps = self.deps.get_value();
        let mut finished = deps.finished.borrow_mut();
        finished.push_back(id.clone());
        if finished.len() > REMEMBERED {
            finished.pop_front();
        }
        deps.unsaved.borrow_mut().retain(|u| u != id);
    }

    /// An intent is stored: it leaves this tab's outbox, and the views
    /// listening take what the server stored.
    fn settle(&self, entry: &OutboxEntry, stored: &Stored) {
        self.remember_finished(&entry.id);
        self.entries
            .update(|e| e.retain(|held| held.id != entry.id));
        let listeners: Vec<Listener> = self
            .deps
            .get_value()
            .listeners
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        for f in listeners {
            f(entry, stored);
        }
    }

    pub(super) fn store_failed(&self, operation: &'static str, e: &StoreError) {
        self.deps.get_value().monitor.note(
            Severity::Error,
            Category::Storage,
            operation,
            e.to_string(),
        );
    }

    /// Writes the intent (and a message's photos) to the device, shows it,
    /// then sends what waits. A receipt replaces the waiting receipts it
    /// makes pointless.
    pub async fn enqueue(&self, entry: OutboxEntry, photos: Vec<FileBlob>) {
        let deps = self.deps.get_value();
        let superseded = self
            .entries
            .with_untracked(|all| outbox::superseded_by(all, &entry));
        self.entries.update(|entries| {
            entries.retain(|e| !superseded.contains(&e.id) && e.id != entry.id);
            entries.push(entry.clone());
            outbox::sort(entries);
        });
        // Stored before the request leaves, so a reload cannot lose it. The
        // photos go first: an entry found after a reload has its photos.
        self.keep_photos(&entry, photos).await;
        match deps.store.put(&entry).await {
            Ok(()) => self.tell(&TabNews::OutboxChanged),
            Err(e) => {
                deps.unsaved.borrow_mut().push(entry.id.clone());
                self.store_failed("outbox.put", &e);
            }
        }
        for id in superseded {
            self.remember_finished(&id);
            if let Err(e) = deps.store.remove(&id).await {
                self.store_failed("outbox.remove", &e);
            }
        }
        self.flush();
    }

    /// Queues `entry` and waits for its first outcome: what the server
    /// stored, its refusal (the entry then goes: the caller shows why), or
    /// the error that keeps it waiting (it stays and is sent later).
    pub async fn submit(&self, entry: OutboxEntry) -> Result<Stored, BackendError> {
        let (tell, told) = oneshot::channel();
        let id = entry.id.clone();
        self.deps
            .get_value()
            .waiters
            .borrow_mut()
            .push((id.clone(), tell));
        self.enqueue(entry, Vec::new()).await;
        let answer = Box::pin(told);
        let waited = if self.status.is_sender_tab() {
            answer.await.ok()
        } else {
            // Another tab sends: its news settles this one, if it comes.
            match futures::future::select(answer, Box::pin(sleep(WAIT_FOR_SENDER))).await {
                futures::future::Either::Left((answer, _)) => answer.ok(),
                futures::future::Either::Right(_) => None,
            }
        };
        self.deps
            .get_value()
            .waiters
            .borrow_mut()
            .retain(|(w, _)| w != &id);
        waited.unwrap_or(Err(BackendError::Offline))
    }

    /// Tells the caller waiting for `id`, if there is one; whether there was.
    fn answer(&self, id: &IntentId, outcome: Result<Stored, BackendError>) -> bool {
        let waiter = {
            let deps = self.deps.get_value();
            let mut waiters = deps.waiters.borrow_mut();
            let at = waiters.iter().position(|(w, _)| w == id);
            at.map(|i| waiters.remove(i).1)
        };
        match waiter {
            Some(tell) => {
                let _ = tell.send(outcome);
                true
            }
            None => false,
        }
    }

    /// Tells every waiting caller that their intents wait (for `error`).
    fn answer_all_waiting(&self, error: &BackendError) {
        let waiters: Vec<(IntentId, Waiter)> = self
            .deps
            .get_value()
            .waiters
            .borrow_mut()
            .drain(..)
            .collect();
        for (_, tell) in waiters {
            let _ = tell.send(Err(error.clone()));
        }
    }

    /// Calls `f` with what this tab stored for intents nobody waited for.
    pub fn on_unawaited(&self, f: Listener) {
        *self.deps.get_value().unawaited.borrow_mut() = Some(f);
    }

    /// The signed-in user, whose entries this outbox sends.
    pub fn sender(&self) -> Option<UserId> {
        self.deps
            .get_value()
            .session
            .state()
            .with_untracked(|s| match s {
                SessionState::SignedIn(user) => Some(user.id.clone()),
                _ => None,
            })
    }

    /// The entries of `room` that a chat window shows (messages, edits,
    /// deletions, reactions), oldest first. Receipts are left out: a
    /// window shows none, and one is queued and sent for nearly every
    /// message that arrives, which would otherwise change this list twice
    /// per message and make the window recompute its timeline each time.
    pub fn of_room(&self, room: RoomId) -> Memo<Vec<OutboxEntry>> {
        let entries = self.entries;
        Memo::new(move |_| {
            entries.with(|all| {
                all.iter()
                    .filter(|e| e.room == room && e.intent.is_shown_in_chat())
                    .cloned()
                    .collect()
            })
        })
    }

    /// Tries a dead letter again, after the user asked to.
    pub fn retry(&self, id: &IntentId) {
        let mut retried = None;
        self.entries.update(|entries| {
            if let Some(e) = entries.iter_mut().find(|e| &e.id == id) {
                e.failure = None;
                retried = Some(e.clone());
            }
        });
        let me = *self;
        spawn_local(async move {
            if let Some(entry) = retried {
                match me.deps.get_value().store.put(&entry).await {
                    Ok(()) => me.tell(&TabNews::OutboxChanged),
                    Err(e) => me.store_failed("outbox.put", &e),
                }
            }
            me.flush();
        });
    }

    /// Drops an entry the user gave up on.
    pub fn discard(&self, id: &IntentId) {
        let gone = self
            .entries
            .with_untracked(|entries| entries.iter().find(|e| &e.id == id).cloned());
        self.remember_finished(id);
        self.entries
            .update(|entries| entries.retain(|e| &e.id != id));
        let (me, id) = (*self, id.clone());
        spawn_local(async move {
            if let Some(entry) = gone {
                me.drop_photos(&entry).await;
            }
            match me.deps.get_value().store.remove(&id).await {
                Ok(()) => me.tell(&TabNews::OutboxChanged),
                Err(e) => me.store_failed("outbox.remove", &e),
            }
        });
    }

    /// Calls `f` with every intent the server stores from now on (in any
    /// tab), until the returned guard is dropped.
    pub fn on_stored(&self, f: Listener) -> ListenerGuard {
        let deps = self.deps.get_value();
        let id = deps.next_listener.get();
        deps.next_listener.set(id + 1);
        deps.listeners.borrow_mut().push((id, f));
        ListenerGuard { deps, id }
    }

    /// Sends what waits, if this tab is the one that sends, unless a flush
    /// is already running (it then runs once more when that one ends).
    pub fn flush(&self) {
        let deps = self.deps.get_value();
        if !self.status.is_sender_tab() {
            return;
        }
        if deps.flushing.replace(true) {
            deps.again.set(true);
            return;
        }
        let me = *self;
        spawn_local(async move {
            loop {
                deps.again.set(false);
                me.send_waiting().await;
                if !deps.again.get() {
                    break;
                }
            }
            deps.flushing.set(false);
        });
    }

    async fn send_waiting(&self) {
        let deps = self.deps.get_value();
        loop {
            if !self.status.is_sender_tab() {
                return;
            }
            let me = self.sender();
            let Some(entry) = self
                .entries
                .with_untracked(|e| outbox::next(e, me.as_ref()).cloned())
            else {
                return;
            };
            let api = deps.api.get().await;
            let bookings = deps.bookings.get().await;
            let sent = match self.photo_uploads(&entry).await {
                Ok(photos) => deliver(&*api, &*bookings, &entry, &photos).await,
                Err(why) => Err(BackendError::Validation {
                    message: why,
                    fields: Vec::new(),
                }),
            };
            match sent {
                Ok(stored) => {
                    deps.misses.set(0);
                    self.settle(&entry, &stored);
                    if let Err(e) = deps.store.remove(&entry.id).await {
                        self.store_failed("outbox.remove", &e);
                    }
                    self.tell(&TabNews::Stored {
                        entry: Box::new(entry.clone()),
                        stored: Box::new(stored.clone()),
                    });
                    self.drop_photos(&entry).await;
                    if !self.answer(&entry.id, Ok(stored.clone()))
                        && let Some(f) = deps.unawaited.borrow().clone()
                    {
                        f(&entry, &stored);
                    }
                }
                Err(error) => match verdict(&error) {
                    Verdict::WhenOnline => {
                        self.answer_all_waiting(&error);
                        return;
                    }
                    Verdict::Later(advice) => {
                        self.answer_all_waiting(&error);
                        let miss = deps.misses.get();
                        deps.misses.set(miss + 1);
                        let wait = advice.unwrap_or_else(|| outbox::retry_delay(miss));
                        let me = *self;
                        spawn_local(async move {
                            sleep(wait).await;
                            me.flush();
                        });
                        return;
                    }
                    // A refused receipt is of no use later (the resilience
                    // layer has recorded the failure): it goes.
                    Verdict::Refused(_) if matches!(entry.intent, Intent::Receipt { .. }) => {
                        self.discard(&entry.id);
                    }
                    // Whoever waits for it shows why, and may try again
                    // with what they fix: it does not stay as a dead letter.
                    Verdict::Refused(_) if self.answer(&entry.id, Err(error.clone())) => {
                        self.discard(&entry.id);
                    }
                    Verdict::Refused(reason) => self.refuse(entry, reason).await,
                },
            }
        }
    }

    /// Makes `entry` a dead letter: kept, with why, for retry or discard.
    async fn refuse(&self, entry: OutboxEntry, reason: String) {
        let mut refused = entry;
        refused.failure = Some(reason);
        self.entries.update(|e| {
            if let Some(held) = e.iter_mut().find(|held| held.id == refused.id) {
                *held = refused.clone();
            }
        });
        match self.deps.get_value().store.put(&refused).await {
            Ok(()) => self.tell(&TabNews::OutboxChanged),
            Err(e) => self.store_failed("outbox.put", &e),
        }
    }
}

/// Ends a listener when dropped.
pub struct ListenerGuard {
    deps: Rc<Deps>,
    id: u64,
}

impl Drop for ListenerGuard {
    fn drop(&mut self) {
        self.deps
            .listeners
            .borrow_mut()
            .retain(|(id, _)| *id != self.id);
    }
}
