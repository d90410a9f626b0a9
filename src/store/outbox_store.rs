//! Where the outbox is kept: IndexedDB, so that a message written offline
//! survives a reload; memory when IndexedDB cannot be used, and for tests.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::domain::ids::IntentId;
use crate::domain::outbox::OutboxEntry;

use super::StoreResult;
use super::eviction::keep;
use super::idb::{self, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::OUTBOX;

#[async_trait(?Send)]
pub trait OutboxStore {
    async fn load(&self) -> StoreResult<Vec<OutboxEntry>>;
    /// Adds or replaces an entry; it is on the device when this returns.
    async fn put(&self, entry: &OutboxEntry) -> StoreResult<()>;
    async fn remove(&self, id: &IntentId) -> StoreResult<()>;
}

pub struct IdbOutboxStore {
    db: LazyDb,
}

impl IdbOutboxStore {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl OutboxStore for IdbOutboxStore {
    async fn load(&self) -> StoreResult<Vec<OutboxEntry>> {
        let tx = transaction(
            &self.db.get().await?,
            &[OUTBOX],
            IdbTransactionMode::Readonly,
        )?;
        let all = request(
            &store(&tx, OUTBOX)?
                .get_all()
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        from_js(all)
    }

    async fn put(&self, entry: &OutboxEntry) -> StoreResult<()> {
        // Kept even when the disk is full: cached data makes way for it.
        let record = to_js(entry)?;
        keep(&self.db, OUTBOX, |s| {
            s.put(&record).map_err(|e| idb::dom_error(&e))?;
            Ok(())
        })
        .await
    }

    async fn remove(&self, id: &IntentId) -> StoreResult<()> {
        // Even a delete grows storage for a moment (the browser logs it
        // before compacting), so a full disk can refuse it too.
        keep(&self.db, OUTBOX, |s| {
            s.delete(&JsValue::from_str(id.as_str()))
                .map_err(|e| idb::dom_error(&e))?;
            Ok(())
        })
        .await
    }
}

/// Memory only: when IndexedDB is unavailable, and for tests.
#[derive(Default)]
pub struct MemoryOutboxStore {
    entries: RefCell<Vec<OutboxEntry>>,
}

#[async_trait(?Send)]
impl OutboxStore for MemoryOutboxStore {
    async fn load(&self) -> StoreResult<Vec<OutboxEntry>> {
        Ok(self.entries.borrow().clone())
    }

    async fn put(&self, entry: &OutboxEntry) -> StoreResult<()> {
        let mut all = self.entries.borrow_mut();
        all.retain(|e| e.id != entry.id);
        all.push(entry.clone());
        Ok(())
    }

    async fn remove(&self, id: &IntentId) -> StoreResult<()> {
        self.entries.borrow_mut().retain(|e| &e.id != id);
        Ok(())
    }
}

/// The store the app uses.
pub fn idb(db: LazyDb) -> Rc<dyn OutboxStore> {
    Rc::new(IdbOutboxStore::new(db))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::domain::ids::RoomId;
    use crate::domain::outbox::Intent;
    use crate::domain::time::Millis;
    use crate::store::schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn entries_survive_a_new_connection_and_leave_when_removed() {
        let name = format!("outbox-test-{}", js_sys::Math::random());
        let open = || async {
            let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
                .await
                .unwrap();
            LazyDb::ready(db)
        };
        let entry = OutboxEntry {
            id: IntentId::parse("abc").unwrap(),
            room: RoomId::parse("room").unwrap(),
            sender: None,
            intent: Intent::Message {
                body: "offline hello".into(),
                reply_to: None,
                photos: Vec::new(),
            },
            queued_at: Millis(5),
            failure: None,
        };
        let first = open().await;
        IdbOutboxStore::new(first.clone())
            .put(&entry)
            .await
            .unwrap();
        first.get().await.unwrap().close();
        let again = IdbOutboxStore::new(open().await);
        assert_eq!(again.load().await.unwrap(), vec![entry.clone()]);
        again.remove(&entry.id).await.unwrap();
        assert!(again.load().await.unwrap().is_empty());
    }
}
