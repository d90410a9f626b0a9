//! The outbox (DESIGN §8): every message the user sends is written to the
//! device first, then sent under its client id, one at a time in the order
//! written, until the server has it. It survives reloads and going offline;
//! what the server refuses for good waits, with the reason, for the user to
//! retry or discard. One outbox serves the whole app; it is built with the
//! chat's code, on first use.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, ChatApi, OnDemand, Operation, PhotoUpload};
use crate::domain::ids::{MessageId, RoomId};
use crate::domain::message::{Message, NewMessage};
use crate::domain::monitoring::{Category, Severity};
use crate::domain::outbox::{self, OutboxEntry};
use crate::platform::file_blob::FileBlob;
use crate::platform::online::on_online;
use crate::platform::sleep::sleep;
use crate::store::StoreError;
use crate::store::lazy_db::LazyDb;
use crate::store::outbox_photos::{self, OutboxPhotos};
use crate::store::outbox_store::{self, OutboxStore};

use super::monitor::Monitor;
use super::session::{Session, SessionState};

/// What happened to a send, as the outbox acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    /// The server could not be reached or asked to wait: keep it, try later.
    Later(Option<std::time::Duration>),
    /// The device is offline: keep it and wait for the browser to be online
    /// again (its `online` event flushes), rather than for a timer.
    WhenOnline,
    /// The server will never accept it: keep it with the reason.
    Refused(String),
}

fn verdict(error: &BackendError) -> Verdict {
    match error {
        BackendError::Offline => Verdict::WhenOnline,
        BackendError::RateLimited { retry_after } => Verdict::Later(*retry_after),
        // The breaker says when it lets a call through again.
        BackendError::CircuitOpen { retry_in } => Verdict::Later(*retry_in),
        // A session that expired is renewed by signing in; the message waits.
        BackendError::Unauthorized => Verdict::Later(None),
        e if e.may_succeed_later() => Verdict::Later(None),
        e => Verdict::Refused(e.user_message()),
    }
}

type Delivered = Rc<dyn Fn(&Message)>;

#[derive(Clone, Copy)]
pub struct Outbox {
    entries: RwSignal<Vec<OutboxEntry>>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

struct Deps {
    api: OnDemand<dyn ChatApi>,
    store: Rc<dyn OutboxStore>,
    photos: Rc<dyn OutboxPhotos>,
    /// Photos of entries in this tab, in case the device refused to keep
    /// them: they are still sent from memory.
    held_photos: RefCell<Vec<(MessageId, Vec<FileBlob>)>>,
    monitor: Monitor,
    session: Session,
    flushing: Cell<bool>,
    /// A flush was asked for while one was running.
    again: Cell<bool>,
    /// Flushes in a row that could not reach the server.
    misses: Cell<u32>,
    /// Called with each message the server has stored.
    delivered: RefCell<Vec<(u64, Delivered)>>,
    next_listener: Cell<u64>,
}

thread_local! {
    static SHARED: RefCell<Option<(Owner, Outbox)>> = const { RefCell::new(None) };
}

impl Outbox {
    /// The app's outbox, made on first use: it loads what an earlier visit
    /// left and sends it, and sends again whenever the browser comes online.
    pub fn shared(api: OnDemand<dyn ChatApi>, monitor: Monitor, session: Session) -> Self {
        if let Some(outbox) = SHARED.with(|s| s.borrow().as_ref().map(|(_, o)| *o)) {
            return outbox;
        }
        // Its own root owner, so closing a chat window does not dispose it.
        let owner = super::detached::detached_root();
        let outbox = owner.with(|| Self {
            entries: RwSignal::new(Vec::new()),
            deps: StoredValue::new_local(Rc::new(Deps {
                api,
                store: outbox_store::idb(LazyDb::app()),
                photos: outbox_photos::idb(LazyDb::app()),
                held_photos: RefCell::new(Vec::new()),
                monitor,
                session,
                flushing: Cell::new(false),
                again: Cell::new(false),
                misses: Cell::new(0),
                delivered: RefCell::new(Vec::new()),
                next_listener: Cell::new(0),
            })),
        });
        SHARED.with(|s| *s.borrow_mut() = Some((owner, outbox)));
        spawn_local(async move { outbox.load().await });
        on_online(move || outbox.flush());
        outbox
    }

    async fn load(&self) {
        let deps = self.deps.get_value();
        match deps.store.load().await {
            Ok(stored) => self.entries.update(|entries| {
                for e in stored {
                    if !entries.iter().any(|held| held.id == e.id) {
                        entries.push(e);
                    }
                }
                outbox::sort(entries);
            }),
            Err(e) => self.store_failed("outbox.load", &e),
        }
        self.flush();
    }

    fn store_failed(&self, operation: &'static str, e: &StoreError) {
        self.deps.get_value().monitor.note(
            Severity::Error,
            Category::Storage,
            operation,
            e.to_string(),
        );
    }

    /// Writes the message (and its photos) to the device, shows it, then
    /// sends what waits.
    pub async fn enqueue(&self, entry: OutboxEntry, photos: Vec<FileBlob>) {
        let deps = self.deps.get_value();
        if !photos.is_empty() {
            deps.held_photos
                .borrow_mut()
                .push((entry.id.clone(), photos.clone()));
        }
        self.entries.update(|entries| {
            entries.push(entry.clone());
            outbox::sort(entries);
        });
        // Stored before the request leaves, so a reload cannot lose it. The
        // photos go first: an entry found after a reload has its photos. If
        // the device refuses to store them, they are still sent from memory.
        if !photos.is_empty()
            && let Err(e) = deps.photos.put(&entry.id, &photos).await
        {
            self.store_failed("outbox.put_photos", &e);
        }
        if let Err(e) = deps.store.put(&entry).await {
            self.store_failed("outbox.put", &e);
        }
        self.flush();
    }

    /// The files of `entry`'s photos: from this tab's memory, else from the
    /// device. `Err` with why when they cannot be found any more.
    async fn photo_uploads(&self, entry: &OutboxEntry) -> Result<Vec<PhotoUpload>, String> {
        if entry.photos.is_empty() {
            return Ok(Vec::new());
        }
        let deps = self.deps.get_value();
        let held = deps
            .held_photos
            .borrow()
            .iter()
            .find(|(id, _)| id == &entry.id)
            .map(|(_, files)| files.clone());
        let files = match held {
            Some(files) => files,
            None => deps.photos.get(&entry.id).await.map_err(|e| {
                self.store_failed("outbox.get_photos", &e);
                "The photos of this message could not be read from this device.".to_owned()
            })?,
        };
        if files.len() != entry.photos.len() {
            return Err("The photos of this message are no longer on this device.".into());
        }
        Ok(files
            .into_iter()
            .zip(&entry.photos)
            .enumerate()
            .map(|(i, (file, meta))| PhotoUpload {
                file,
                name: meta.file_name(i),
            })
            .collect())
    }

    /// Forgets the photos of an entry that is done with (sent or discarded).
    async fn drop_photos(&self, entry: &OutboxEntry) {
        if entry.photos.is_empty() {
            return;
        }
        let deps = self.deps.get_value();
        deps.held_photos
            .borrow_mut()
            .retain(|(id, _)| id != &entry.id);
        if let Err(e) = deps.photos.remove(&entry.id).await {
            self.store_failed("outbox.remove_photos", &e);
        }
    }

    /// The signed-in user, whose entries this outbox sends.
    pub fn sender(&self) -> Option<crate::domain::ids::UserId> {
        self.deps
            .get_value()
            .session
            .state()
            .with_untracked(|s| match s {
                SessionState::SignedIn(user) => Some(user.id.clone()),
                _ => None,
            })
    }

    /// The waiting entries of `room`, oldest first.
    pub fn of_room(&self, room: RoomId) -> Memo<Vec<OutboxEntry>> {
        let entries = self.entries;
        Memo::new(move |_| {
            entries.with(|all| all.iter().filter(|e| e.room == room).cloned().collect())
        })
    }

    /// Tries a refused entry again, after the user asked to.
    pub fn retry(&self, id: &MessageId) {
        let mut retried = None;
        self.entries.update(|entries| {
            if let Some(e) = entries.iter_mut().find(|e| &e.id == id) {
                e.failure = None;
                retried = Some(e.clone());
            }
        });
        let me = *self;
        spawn_local(async move {
            if let Some(entry) = retried
                && let Err(e) = me.deps.get_value().store.put(&entry).await
            {
                me.store_failed("outbox.put", &e);
            }
            me.flush();
        });
    }

    /// Drops an entry the user gave up on.
    pub fn discard(&self, id: &MessageId) {
        let gone = self
            .entries
            .with_untracked(|entries| entries.iter().find(|e| &e.id == id).cloned());
        self.entries
            .update(|entries| entries.retain(|e| &e.id != id));
        let (me, id) = (*self, id.clone());
        spawn_local(async move {
            if let Some(entry) = gone {
                me.drop_photos(&entry).await;
            }
            if let Err(e) = me.deps.get_value().store.remove(&id).await {
                me.store_failed("outbox.remove", &e);
            }
        });
    }

    /// Calls `f` with every message the server stores from now on, until
    /// the returned guard is dropped.
    pub fn on_delivered(&self, f: Delivered) -> ListenerGuard {
        let deps = self.deps.get_value();
        let id = deps.next_listener.get();
        deps.next_listener.set(id + 1);
        deps.delivered.borrow_mut().push((id, f));
        ListenerGuard { deps, id }
    }

    /// Sends what waits, unless a flush is already running (it then runs
    /// once more when that one ends).
    pub fn flush(&self) {
        let deps = self.deps.get_value();
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
            let me = self.sender();
            let Some(entry) = self
                .entries
                .with_untracked(|e| outbox::next(e, me.as_ref()).cloned())
            else {
                return;
            };
            let api = deps.api.get().await;
            let message = NewMessage {
                id: entry.id.clone(),
                room: entry.room.clone(),
                body: entry.body.clone(),
                reply_to: entry.reply_to.clone(),
            };
            let call = Call::new(Operation::SendMessage, entry.id.clone().into());
            let sent = match self.photo_uploads(&entry).await {
                Ok(photos) => api.send(&call, &message, &photos).await,
                Err(why) => Err(BackendError::Validation {
                    message: why,
                    fields: Vec::new(),
                }),
            };
            match sent {
                Ok(stored) => {
                    deps.misses.set(0);
                    self.entries
                        .update(|e| e.retain(|held| held.id != entry.id));
                    if let Err(e) = deps.store.remove(&entry.id).await {
                        self.store_failed("outbox.remove", &e);
                    }
                    self.drop_photos(&entry).await;
                    let listeners: Vec<Delivered> = deps
                        .delivered
                        .borrow()
                        .iter()
                        .map(|(_, f)| f.clone())
                        .collect();
                    for f in listeners {
                        f(&stored);
                    }
                }
                Err(error) => match verdict(&error) {
                    Verdict::WhenOnline => return,
                    Verdict::Later(advice) => {
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
                    Verdict::Refused(reason) => {
                        let mut refused = entry.clone();
                        refused.failure = Some(reason);
                        self.entries.update(|e| {
                            if let Some(held) = e.iter_mut().find(|held| held.id == refused.id) {
                                *held = refused.clone();
                            }
                        });
                        if let Err(e) = deps.store.put(&refused).await {
                            self.store_failed("outbox.put", &e);
                        }
                    }
                },
            }
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
            .delivered
            .borrow_mut()
            .retain(|(id, _)| *id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn unreachable_servers_and_expired_sessions_mean_later_and_refusals_are_kept_with_why() {
        assert_eq!(
            verdict(&BackendError::Network("down".into())),
            Verdict::Later(None)
        );
        assert_eq!(
            verdict(&BackendError::Unavailable { status: 503 }),
            Verdict::Later(None)
        );
        assert_eq!(verdict(&BackendError::Unauthorized), Verdict::Later(None));
        assert_eq!(verdict(&BackendError::Offline), Verdict::WhenOnline);
        assert_eq!(
            verdict(&BackendError::CircuitOpen {
                retry_in: Some(Duration::from_secs(12))
            }),
            Verdict::Later(Some(Duration::from_secs(12)))
        );
        assert_eq!(
            verdict(&BackendError::RateLimited {
                retry_after: Some(Duration::from_secs(7))
            }),
            Verdict::Later(Some(Duration::from_secs(7)))
        );
        assert_eq!(
            verdict(&BackendError::Forbidden),
            Verdict::Refused("You don't have access to this.".into())
        );
        assert!(matches!(
            verdict(&BackendError::Validation { message: "too long".into(), fields: vec![] }),
            Verdict::Refused(r) if r == "too long"
        ));
    }
}
