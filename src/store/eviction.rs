//! What the app does when the browser's storage quota runs out: cached
//! data (copies of what the server has) goes, oldest first, so that what
//! only this device has (the outbox, drafts, the error log) can still be
//! written. Each write that must not fail goes through [`with_space`].

use std::future::Future;

use wasm_bindgen::JsValue;
use web_sys::{IdbObjectStore, IdbTransactionMode};

use super::health::{self, StorageHealth};
use super::idb::{self, done, request, store, transaction};
use super::lazy_db::LazyDb;
use super::schema::{BOOKINGS, META, PROVIDERS, ROOM_MESSAGES, ROOM_MESSAGES_BY_NEWEST, ROOMS};
use super::{StoreError, StoreResult};

/// The caches, which hold only copies of the server's data.
const CACHES: [&str; 4] = [ROOM_MESSAGES, ROOMS, BOOKINGS, PROVIDERS];

/// Cache bookkeeping kept in the meta store (when each cache was fetched);
/// it goes with the caches so an emptied cache is never taken as fresh.
const CACHE_META_KEYS: [&str; 1] = [super::providers_cache::FETCHED_AT_KEY];

/// How much to free on the way to room for a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eviction {
    /// The cached messages of the older half of the rooms, by each room's
    /// newest message: the conversations least likely to be opened next.
    OldestRooms,
    /// Every cache.
    AllCaches,
}

/// Runs `write`; when the quota refuses it, evicts cached data (the cached
/// messages of the older half of the rooms, then every cache) and tries
/// again. Any other
/// error, or a quota still too small with the caches empty, is returned.
pub async fn with_space<T, F, Fut>(db: &LazyDb, mut write: F) -> StoreResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = StoreResult<T>>,
{
    for step in [Eviction::OldestRooms, Eviction::AllCaches] {
        match write().await {
            Err(StoreError::QuotaExceeded) => {
                evict(db, step).await?;
                health::report(StorageHealth::CachesEvicted);
            }
            other => return other,
        }
    }
    write().await
}

/// Runs `op` on the store `name` in a read-write transaction that is done
/// when this returns, making room when the disk is full (see
/// [`with_space`]): for what must be kept.
pub async fn keep<F>(db: &LazyDb, name: &str, op: F) -> StoreResult<()>
where
    F: Fn(&IdbObjectStore) -> StoreResult<()>,
{
    with_space(db, || async {
        let tx = transaction(&db.get().await?, &[name], IdbTransactionMode::Readwrite)?;
        op(&store(&tx, name)?)?;
        // The transaction's completion, not the request's success, is when
        // the change is durably stored.
        done(&tx).await
    })
    .await
}

/// Deletes cached data as `step` says.
pub async fn evict(db: &LazyDb, step: Eviction) -> StoreResult<()> {
    let db = db.get().await?;
    match step {
        Eviction::OldestRooms => {
            let tx = transaction(&db, &[ROOM_MESSAGES], IdbTransactionMode::Readwrite)?;
            let rooms = store(&tx, ROOM_MESSAGES)?;
            let count = request(&rooms.count().map_err(|e| idb::dom_error(&e))?)
                .await?
                .as_f64()
                .unwrap_or(0.0) as u32;
            let index = rooms
                .index(ROOM_MESSAGES_BY_NEWEST)
                .map_err(|e| idb::dom_error(&e))?;
            let oldest = request(
                &index
                    .get_all_keys_with_key_and_limit(&JsValue::NULL, count.div_ceil(2))
                    .map_err(|e| idb::dom_error(&e))?,
            )
            .await?;
            for key in js_sys::Array::from(&oldest).iter() {
                rooms.delete(&key).map_err(|e| idb::dom_error(&e))?;
            }
            done(&tx).await
        }
        Eviction::AllCaches => {
            let mut stores: Vec<&str> = CACHES.to_vec();
            stores.push(META);
            let tx = transaction(&db, &stores, IdbTransactionMode::Readwrite)?;
            for name in CACHES {
                store(&tx, name)?.clear().map_err(|e| idb::dom_error(&e))?;
            }
            let meta = store(&tx, META)?;
            for key in CACHE_META_KEYS {
                meta.delete(&JsValue::from_str(key))
                    .map_err(|e| idb::dom_error(&e))?;
            }
            done(&tx).await
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::domain::ids::{MessageId, RoomId};
    use crate::domain::message::Message;
    use crate::domain::outbox::Intent;
    use crate::domain::time::Millis;
    use crate::store::drafts_store::{DraftsStore, IdbDraftsStore};
    use crate::store::idb::to_js;
    use crate::store::messages_cache::{IdbMessagesCache, MessagesCache};
    use crate::store::outbox_store::{IdbOutboxStore, OutboxStore};
    use crate::store::schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn msg(room: &RoomId, n: u64) -> Message {
        Message::text(
            MessageId::parse(format!("{room}m{n:04}")).unwrap(),
            room.clone(),
            None,
            format!("cached {n}"),
            Millis(1_000 + n),
        )
    }

    async fn count(db: &LazyDb, name: &str) -> u32 {
        let db = db.get().await.unwrap();
        let tx = transaction(&db, &[name], IdbTransactionMode::Readonly).unwrap();
        let n = request(&store(&tx, name).unwrap().count().unwrap())
            .await
            .unwrap();
        n.as_f64().unwrap() as u32
    }

    #[wasm_bindgen_test]
    async fn the_upgrade_keeps_everything_and_eviction_spares_what_waits_to_be_sent() {
        let name = format!("eviction-test-{}", js_sys::Math::random());
        // The second room's id is also the name of a property every plain
        // object inherits: the upgrade must still keep its messages apart.
        let (a, b) = (
            RoomId::parse("rooma").unwrap(),
            RoomId::parse("constructor").unwrap(),
        );
        // Version 5, as an earlier release left it: a record per cached
        // message, and messages only in the outbox, in their old shape.
        let v5 = LazyDb::ready(idb::open(&name, 5, schema::MIGRATIONS).await.unwrap());
        {
            let db = v5.get().await.unwrap();
            let tx = transaction(&db, &[schema::MESSAGES], IdbTransactionMode::Readwrite).unwrap();
            let messages = store(&tx, schema::MESSAGES).unwrap();
            for n in 0..100 {
                let room = if n < 40 { &a } else { &b };
                messages.put(&to_js(&msg(room, n)).unwrap()).unwrap();
            }
            done(&tx).await.unwrap();
        }
        {
            let db = v5.get().await.unwrap();
            let tx = transaction(&db, &[schema::OUTBOX], IdbTransactionMode::Readwrite).unwrap();
            for n in 0..5 {
                let old = serde_json::json!({
                    "id": format!("queued{n:04}"), "room": "rooma", "sender": "me",
                    "body": format!("queued {n}"), "replyTo": null, "queuedAt": n,
                    "failure": null, "photos": [],
                });
                store(&tx, schema::OUTBOX)
                    .unwrap()
                    .put(&to_js(&old).unwrap())
                    .unwrap();
            }
            done(&tx).await.unwrap();
        }
        IdbDraftsStore::new(v5.clone())
            .save(&a, "half a thought")
            .await
            .unwrap();
        v5.get().await.unwrap().close();

        let now = LazyDb::ready(
            idb::open(&name, schema::VERSION, schema::MIGRATIONS)
                .await
                .unwrap(),
        );
        let cache = IdbMessagesCache::new(now.clone());
        assert_eq!(
            (
                cache.load(&a).await.unwrap().len(),
                cache.load(&b).await.unwrap().len()
            ),
            (40, 60),
            "no cached message is lost"
        );
        assert!(
            !now.get()
                .await
                .unwrap()
                .object_store_names()
                .contains(schema::MESSAGES),
            "the old store of a record per message is gone"
        );
        let mut queued = IdbOutboxStore::new(now.clone()).load().await.unwrap();
        queued.sort_by(|x, y| x.id.cmp(&y.id));
        assert_eq!(queued.len(), 5, "no queued message is lost");
        assert_eq!(
            queued[3].intent,
            Intent::Message {
                body: "queued 3".into(),
                reply_to: None,
                photos: Vec::new()
            },
            "an old entry reads as a message intent"
        );
        assert_eq!(
            IdbDraftsStore::new(now.clone())
                .load(&a)
                .await
                .unwrap()
                .as_deref(),
            Some("half a thought")
        );

        evict(&now, Eviction::OldestRooms).await.unwrap();
        assert!(
            cache.load(&a).await.unwrap().is_empty(),
            "the room with the oldest newest message went first"
        );
        assert_eq!(cache.load(&b).await.unwrap().len(), 60);
        evict(&now, Eviction::AllCaches).await.unwrap();
        assert_eq!(count(&now, ROOM_MESSAGES).await, 0);
        assert_eq!(
            count(&now, schema::OUTBOX).await,
            5,
            "the outbox is never evicted"
        );
        assert!(
            IdbDraftsStore::new(now.clone())
                .load(&a)
                .await
                .unwrap()
                .is_some()
        );
        now.get().await.unwrap().close();
    }
}
