//! The newest messages of each room the user opened, so a chat shows its
//! conversation at once (and offline) before the network answers. A room's
//! messages are one record (`{room, newest, messages}`): they are only
//! ever read and replaced together.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::domain::ids::RoomId;
use crate::domain::message::Message;
use crate::domain::time::Millis;

use super::StoreResult;
use super::eviction::with_space;
use super::idb::{self, done, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::ROOM_MESSAGES;

#[async_trait(?Send)]
pub trait MessagesCache {
    /// The cached messages of `room`, oldest first.
    async fn load(&self, room: &RoomId) -> StoreResult<Vec<Message>>;
    /// Replaces the room's cached messages with `newest`.
    async fn replace(&self, room: &RoomId, newest: &[Message]) -> StoreResult<()>;
}

/// A room's record as written: `newest` (its newest message's time) is
/// what eviction orders rooms by.
#[derive(Serialize)]
struct RoomRecord<'a> {
    room: &'a RoomId,
    newest: Millis,
    messages: &'a [Message],
}

/// A room's record as read: only its messages are needed.
#[derive(Deserialize)]
struct StoredRoom {
    messages: Vec<Message>,
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
            &[ROOM_MESSAGES],
            IdbTransactionMode::Readonly,
        )?;
        let record = request(
            &store(&tx, ROOM_MESSAGES)?
                .get(&JsValue::from_str(room.as_str()))
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        if record.is_undefined() {
            return Ok(Vec::new());
        }
        let mut messages = from_js::<StoredRoom>(record)?.messages;
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
            &[ROOM_MESSAGES],
            IdbTransactionMode::Readwrite,
        )?;
        let rooms = store(&tx, ROOM_MESSAGES)?;
        match newest.iter().map(|m| m.created).max() {
            // No messages: the room keeps no record at all.
            None => rooms.delete(&JsValue::from_str(room.as_str())),
            Some(at) => rooms.put(&to_js(&RoomRecord {
                room,
                newest: at,
                messages: newest,
            })?),
        }
        .map_err(|e| idb::dom_error(&e))?;
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

    /// A cache in a database of its own, and two rooms.
    async fn cache_of_rooms_a_and_b() -> (IdbMessagesCache, RoomId, RoomId) {
        let name = format!("messages-test-{}", js_sys::Math::random());
        let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let rooms = (RoomId::parse("a").unwrap(), RoomId::parse("b").unwrap());
        (IdbMessagesCache::new(LazyDb::ready(db)), rooms.0, rooms.1)
    }

    #[wasm_bindgen_test]
    async fn each_room_keeps_its_own_newest_messages_in_order() {
        let (cache, a, b) = cache_of_rooms_a_and_b().await;
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

    #[wasm_bindgen_test]
    async fn replacing_a_room_with_no_messages_leaves_it_empty_and_others_as_they_were() {
        let (cache, a, b) = cache_of_rooms_a_and_b().await;
        cache.replace(&a, &[msg("a1", &a, 1)]).await.unwrap();
        cache.replace(&b, &[msg("b1", &b, 1)]).await.unwrap();
        cache.replace(&a, &[]).await.unwrap();
        assert!(cache.load(&a).await.unwrap().is_empty());
        assert_eq!(cache.load(&b).await.unwrap().len(), 1);
    }
}
