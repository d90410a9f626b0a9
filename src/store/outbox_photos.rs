//! The photos of messages waiting in the outbox, kept on the device beside
//! their message (keyed by its client id) so that a reload before the
//! upload loses neither. Files cannot go through serde, so each record is
//! built by hand: `{message, files: [Blob, …]}`.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbTransactionMode;

use crate::domain::ids::MessageId;
use crate::platform::file_blob::FileBlob;

use super::eviction::keep;
use super::idb::{self, request, store, transaction};
use super::lazy_db::LazyDb;
use super::schema::OUTBOX_PHOTOS;
use super::{StoreError, StoreResult};

#[async_trait(?Send)]
pub trait OutboxPhotos {
    /// Keeps `files` for `message`; they are on the device when this returns.
    async fn put(&self, message: &MessageId, files: &[FileBlob]) -> StoreResult<()>;
    /// The files kept for `message`, in order (none if there are none).
    async fn get(&self, message: &MessageId) -> StoreResult<Vec<FileBlob>>;
    async fn remove(&self, message: &MessageId) -> StoreResult<()>;
}

pub struct IdbOutboxPhotos {
    db: LazyDb,
}

fn js_failed(_: JsValue) -> StoreError {
    StoreError::Failed("the photo record could not be built".into())
}

#[async_trait(?Send)]
impl OutboxPhotos for IdbOutboxPhotos {
    async fn put(&self, message: &MessageId, files: &[FileBlob]) -> StoreResult<()> {
        let record = js_sys::Object::new();
        let list = js_sys::Array::new();
        for f in files {
            list.push(f.blob());
        }
        js_sys::Reflect::set(&record, &"message".into(), &message.as_str().into())
            .map_err(js_failed)?;
        js_sys::Reflect::set(&record, &"files".into(), &list).map_err(js_failed)?;
        // Kept even when the disk is full: cached data makes way for it.
        keep(&self.db, OUTBOX_PHOTOS, |s| {
            s.put(&record).map_err(|e| idb::dom_error(&e))?;
            Ok(())
        })
        .await
    }

    async fn get(&self, message: &MessageId) -> StoreResult<Vec<FileBlob>> {
        let tx = transaction(
            &self.db.get().await?,
            &[OUTBOX_PHOTOS],
            IdbTransactionMode::Readonly,
        )?;
        let record = request(
            &store(&tx, OUTBOX_PHOTOS)?
                .get(&JsValue::from_str(message.as_str()))
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        if record.is_undefined() || record.is_null() {
            return Ok(Vec::new());
        }
        let files = js_sys::Reflect::get(&record, &"files".into()).map_err(js_failed)?;
        let files: js_sys::Array = files
            .dyn_into()
            .map_err(|_| StoreError::Failed("a stored photo list is not a list".into()))?;
        files
            .iter()
            .map(|f| {
                f.dyn_into::<web_sys::Blob>()
                    .map(FileBlob::new)
                    .map_err(|_| StoreError::Failed("a stored photo is not a file".into()))
            })
            .collect()
    }

    async fn remove(&self, message: &MessageId) -> StoreResult<()> {
        // Even a delete grows storage for a moment (the browser logs it
        // before compacting), so a full disk can refuse it too.
        keep(&self.db, OUTBOX_PHOTOS, |s| {
            s.delete(&JsValue::from_str(message.as_str()))
                .map_err(|e| idb::dom_error(&e))?;
            Ok(())
        })
        .await
    }
}

/// Memory only: when IndexedDB is unavailable, and for tests.
#[derive(Default)]
pub struct MemoryOutboxPhotos {
    files: RefCell<Vec<(MessageId, Vec<FileBlob>)>>,
}

#[async_trait(?Send)]
impl OutboxPhotos for MemoryOutboxPhotos {
    async fn put(&self, message: &MessageId, files: &[FileBlob]) -> StoreResult<()> {
        let mut all = self.files.borrow_mut();
        all.retain(|(m, _)| m != message);
        all.push((message.clone(), files.to_vec()));
        Ok(())
    }

    async fn get(&self, message: &MessageId) -> StoreResult<Vec<FileBlob>> {
        Ok(self
            .files
            .borrow()
            .iter()
            .find(|(m, _)| m == message)
            .map(|(_, f)| f.clone())
            .unwrap_or_default())
    }

    async fn remove(&self, message: &MessageId) -> StoreResult<()> {
        self.files.borrow_mut().retain(|(m, _)| m != message);
        Ok(())
    }
}

/// The store the app uses.
pub fn idb(db: LazyDb) -> Rc<dyn OutboxPhotos> {
    Rc::new(IdbOutboxPhotos { db })
}
