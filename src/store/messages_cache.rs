//! The newest messages of each room the user opened, so a chat shows its
//! conversation at once (and offline) before the network answers.

use async_trait::async_trait;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::domain::ids::RoomId;
use crate::domain::message::Message;

use super::StoreResult;
use super::eviction::with_space;
use super::idb::{self, done, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::{MESSAGES, MESSAGES_BY_ROOM};

#[async_trait(?Send)]
pub trait MessagesCache {
    /// The cached messages of `room`, oldest first.
    async fn load(&self, room: &RoomId) -> StoreResult<Vec<Message>>;
    /// Replaces the room's cached messages with `newest`.
    async fn replace(&self, room: &RoomId, newest: &[Message]) -> StoreResult<()>;
}

pub struct IdbMessagesCache {
    db: LazyDb,
}

impl IdbMessagesCache {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl MessagesCache for IdbMessagesCache {
    async fn load(&self, room: &RoomId) -> StoreResult<Vec<Message>> {
        let tx = transaction(
            &self.db.get().await?,
            &[MESSAGES],
            IdbTransactionMode::Readonly,
        )?;
        let index = store(&tx, MESSAGES)?
            .index(MESSAGES_BY_ROOM)
            .map_err(|e| idb::dom_error(&e))?;
        let all = request(
            &index
                .get_all_with_key(&JsValue::from_str(room.as_str()))
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        let mut messages: Vec<Message> = from_js(all)?;
        messages.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        Ok(messages)
    }

    async fn replace(&self, room: &RoomId, newest: &[Message]) -> StoreResult<()> {
        // A full disk evicts older cached messages to make room for these.
        with_space(&self.db, || self.replace_once(room, newest)).await
    }
}

impl IdbMessagesCache {
    async fn replace_once(&self, room: &RoomId, newest: &[Message]) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[MESSAGES],
            IdbTransactionMode::Readwrite,
        )?;
        let messages = store(&tx, MESSAGES)?;
        let index = messages
            .index(MESSAGES_BY_ROOM)
            .map_err(|e| idb::dom_error(&e))?;
        let keys = request(
            &index
                .get_all_keys_with_key(&JsValue::from_str(room.as_str()))
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        for key in js_sys::Array::from(&keys).iter() {
            messages.delete(&key).map_err(|e| idb::dom_error(&e))?;
        }
        for m in newest {
            messages.put(&to_js(m)?).map_err(|e| idb::dom_error(&e))?;
        }
        done(&tx).await
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::domain::ids::MessageId;
    use crate::domain::time::Millis;
    use crate::store::schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn msg(id: &str, room: &RoomId, at: u64) -> Message {
        Message::text(
            MessageId::parse(id).unwrap(),
            room.clone(),
            None,
            id.into(),
            Millis(at),
        )
    }

    #[wasm_bindgen_test]
    async fn each_room_keeps_its_own_newest_messages_in_order() {
        let name = format!("messages-test-{}", js_sys::Math::random());
        let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let cache = IdbMessagesCache::new(LazyDb::ready(db));
        let (a, b) = (RoomId::parse("a").unwrap(), RoomId::parse("b").unwrap());
        cache
            .replace(&a, &[msg("a2", &a, 2), msg("a1", &a, 1)])
            .await
            .unwrap();
        cache.replace(&b, &[msg("b1", &b, 1)]).await.unwrap();
        cache.replace(&a, &[msg("a3", &a, 3)]).await.unwrap();
        let ids: Vec<String> = cache
            .load(&a)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id.to_string())
            .collect();
        assert_eq!(ids, ["a3"]);
        assert_eq!(cache.load(&b).await.unwrap().len(), 1);
    }
}
