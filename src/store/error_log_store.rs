//! The Monitor's persisted history: the newest error records, so a reload
//! keeps what happened before it.

use std::cell::RefCell;

use async_trait::async_trait;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::domain::monitoring::ErrorRecord;

use super::StoreResult;
use super::idb::{self, done, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::ERROR_LOG;

#[async_trait(?Send)]
pub trait ErrorLogStore {
    /// Every stored record, in no particular order.
    async fn load(&self) -> StoreResult<Vec<ErrorRecord>>;
    /// Writes (or overwrites) records, and removes the ids in `evicted`.
    async fn save(&self, records: &[ErrorRecord], evicted: &[String]) -> StoreResult<()>;
}

pub struct IdbErrorLogStore {
    db: LazyDb,
}

impl IdbErrorLogStore {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl ErrorLogStore for IdbErrorLogStore {
    async fn load(&self) -> StoreResult<Vec<ErrorRecord>> {
        let tx = transaction(
            &self.db.get().await?,
            &[ERROR_LOG],
            IdbTransactionMode::Readonly,
        )?;
        let all = request(
            &store(&tx, ERROR_LOG)?
                .get_all()
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        from_js(all)
    }

    async fn save(&self, records: &[ErrorRecord], evicted: &[String]) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[ERROR_LOG],
            IdbTransactionMode::Readwrite,
        )?;
        let log = store(&tx, ERROR_LOG)?;
        for record in records {
            log.put(&to_js(record)?).map_err(|e| idb::dom_error(&e))?;
        }
        for id in evicted {
            log.delete(&JsValue::from_str(id))
                .map_err(|e| idb::dom_error(&e))?;
        }
        done(&tx).await
    }
}

/// Memory only: when IndexedDB is unavailable, and for tests.
#[derive(Default)]
pub struct MemoryErrorLogStore {
    records: RefCell<Vec<ErrorRecord>>,
}

#[async_trait(?Send)]
impl ErrorLogStore for MemoryErrorLogStore {
    async fn load(&self) -> StoreResult<Vec<ErrorRecord>> {
        Ok(self.records.borrow().clone())
    }

    async fn save(&self, records: &[ErrorRecord], evicted: &[String]) -> StoreResult<()> {
        let mut stored = self.records.borrow_mut();
        stored.retain(|r| !evicted.contains(&r.id) && !records.iter().any(|n| n.id == r.id));
        stored.extend(records.iter().cloned());
        Ok(())
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::domain::monitoring::{Category, Incident, Severity};
    use crate::domain::time::Millis;
    use crate::store::schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn record(id: &str, message: &str) -> ErrorRecord {
        let mut incident = Incident::new(
            Severity::Error,
            Category::Network,
            "providers.list",
            message,
        );
        incident.context.0.push(("attempts".into(), "3".into()));
        ErrorRecord::from_incident(incident, id.into(), Millis(7), "/", "test")
    }

    #[wasm_bindgen_test]
    async fn records_survive_a_reopen_and_evictions_are_removed() {
        let name = format!("janji-test-errors-{}", js_sys::Math::random());
        let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let log = IdbErrorLogStore::new(LazyDb::ready(db.clone()));
        log.save(&[record("a", "one"), record("b", "two")], &[])
            .await
            .unwrap();
        let mut folded = record("a", "one");
        folded.count = 5;
        log.save(&[folded.clone(), record("c", "three")], &["b".to_string()])
            .await
            .unwrap();
        db.close();

        let reopened = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let mut loaded: Vec<ErrorRecord> = IdbErrorLogStore::new(LazyDb::ready(reopened.clone()))
            .load()
            .await
            .unwrap()
            .into_iter()
            .map(ErrorRecord::with_fingerprint)
            .collect();
        loaded.sort_by(|x, y| x.id.cmp(&y.id));
        assert_eq!(
            loaded.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(
            loaded[0], folded,
            "an update replaces the record, context included"
        );
        reopened.close();
        let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
        idb::request(&factory.delete_database(&name).unwrap())
            .await
            .unwrap();
    }
}
