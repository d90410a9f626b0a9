//! Per-room drafts: what the user was writing, kept on the device so that
//! closing the chat, reloading or switching rooms loses nothing.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::domain::ids::RoomId;

use super::StoreResult;
use super::eviction::keep;
use super::idb::{self, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::DRAFTS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    room: RoomId,
    text: String,
}

#[async_trait(?Send)]
pub trait DraftsStore {
    async fn load(&self, room: &RoomId) -> StoreResult<Option<String>>;
    /// Keeps `text` as the room's draft; an empty text removes it.
    async fn save(&self, room: &RoomId, text: &str) -> StoreResult<()>;
}

pub struct IdbDraftsStore {
    db: LazyDb,
}

impl IdbDraftsStore {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl DraftsStore for IdbDraftsStore {
    async fn load(&self, room: &RoomId) -> StoreResult<Option<String>> {
        let tx = transaction(
            &self.db.get().await?,
            &[DRAFTS],
            IdbTransactionMode::Readonly,
        )?;
        let found = request(
            &store(&tx, DRAFTS)?
                .get(&JsValue::from_str(room.as_str()))
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        if found.is_undefined() {
            return Ok(None);
        }
        Ok(Some(from_js::<Draft>(found)?.text))
    }

    async fn save(&self, room: &RoomId, text: &str) -> StoreResult<()> {
        // Kept even when the disk is full: cached data makes way for it.
        let draft = if text.trim().is_empty() {
            None
        } else {
            Some(to_js(&Draft {
                room: room.clone(),
                text: text.to_owned(),
            })?)
        };
        keep(&self.db, DRAFTS, |drafts| {
            match &draft {
                None => drafts.delete(&JsValue::from_str(room.as_str())),
                Some(record) => drafts.put(record),
            }
            .map_err(|e| idb::dom_error(&e))?;
            Ok(())
        })
        .await
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::store::schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_draft_is_kept_per_room_and_an_empty_one_is_removed() {
        let name = format!("drafts-test-{}", js_sys::Math::random());
        let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let drafts = IdbDraftsStore::new(LazyDb::ready(db));
        let (a, b) = (RoomId::parse("a").unwrap(), RoomId::parse("b").unwrap());
        drafts.save(&a, "half a thought").await.unwrap();
        assert_eq!(
            drafts.load(&a).await.unwrap().as_deref(),
            Some("half a thought")
        );
        assert_eq!(drafts.load(&b).await.unwrap(), None);
        drafts.save(&a, "  ").await.unwrap();
        assert_eq!(drafts.load(&a).await.unwrap(), None);
    }
}
