//! The inbox's rows, kept on the device so the inbox shows at once (and
//! offline) before the server answers.

use std::cell::RefCell;

use async_trait::async_trait;
use web_sys::IdbTransactionMode;

use crate::domain::inbox::InboxRow;

use super::StoreResult;
use super::idb::{self, done, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::ROOMS;

#[async_trait(?Send)]
pub trait RoomsCache {
    async fn load(&self) -> StoreResult<Vec<InboxRow>>;
    /// Replaces every cached row (rooms no longer listed go).
    async fn replace(&self, rows: &[InboxRow]) -> StoreResult<()>;
    async fn put(&self, row: &InboxRow) -> StoreResult<()>;
}

pub struct IdbRoomsCache {
    db: LazyDb,
}

impl IdbRoomsCache {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl RoomsCache for IdbRoomsCache {
    async fn load(&self) -> StoreResult<Vec<InboxRow>> {
        let tx = transaction(
            &self.db.get().await?,
            &[ROOMS],
            IdbTransactionMode::Readonly,
        )?;
        let all = request(
            &store(&tx, ROOMS)?
                .get_all()
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        from_js(all)
    }

    async fn replace(&self, rows: &[InboxRow]) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[ROOMS],
            IdbTransactionMode::Readwrite,
        )?;
        let s = store(&tx, ROOMS)?;
        s.clear().map_err(|e| idb::dom_error(&e))?;
        for row in rows {
            s.put(&to_js(row)?).map_err(|e| idb::dom_error(&e))?;
        }
        done(&tx).await
    }

    async fn put(&self, row: &InboxRow) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[ROOMS],
            IdbTransactionMode::Readwrite,
        )?;
        store(&tx, ROOMS)?
            .put(&to_js(row)?)
            .map_err(|e| idb::dom_error(&e))?;
        done(&tx).await
    }
}

/// Memory only: when IndexedDB is unavailable, and for tests.
#[derive(Default)]
pub struct MemoryRoomsCache {
    rows: RefCell<Vec<InboxRow>>,
}

#[async_trait(?Send)]
impl RoomsCache for MemoryRoomsCache {
    async fn load(&self) -> StoreResult<Vec<InboxRow>> {
        Ok(self.rows.borrow().clone())
    }

    async fn replace(&self, rows: &[InboxRow]) -> StoreResult<()> {
        *self.rows.borrow_mut() = rows.to_vec();
        Ok(())
    }

    async fn put(&self, row: &InboxRow) -> StoreResult<()> {
        let mut all = self.rows.borrow_mut();
        all.retain(|r| r.room != row.room);
        all.push(row.clone());
        Ok(())
    }
}
