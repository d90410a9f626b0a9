//! The database schema, as numbered migrations. Append a step for every
//! change; never edit a step that has shipped, since browsers out there have
//! already run it.

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    IdbCursorWithValue, IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbTransaction,
};

use super::idb::Migration;

pub const DB_NAME: &str = "janji";

/// Object store names.
pub const PROVIDERS: &str = "providers";
pub const META: &str = "meta";
pub const ERROR_LOG: &str = "error_log";
pub const BOOKINGS: &str = "bookings";
pub const OUTBOX: &str = "outbox";
/// Cached messages one record each: versions 4 to 7 only (see
/// [`ROOM_MESSAGES`]).
pub const MESSAGES: &str = "messages";
pub const DRAFTS: &str = "drafts";
pub const ROOMS: &str = "rooms";
pub const OUTBOX_PHOTOS: &str = "outbox_photos";
/// Each room's cached messages as one record, `{room, newest, messages}`.
pub const ROOM_MESSAGES: &str = "room_messages";

/// Index of cached messages by room.
pub const MESSAGES_BY_ROOM: &str = "by_room";

/// Index of cached messages by their time, for evicting the oldest first
/// when storage runs out.
pub const MESSAGES_BY_TIME: &str = "by_time";

/// Index of rooms' cached messages by their newest message's time, for
/// evicting the rooms read least recently first when storage runs out.
pub const ROOM_MESSAGES_BY_NEWEST: &str = "by_newest";

/// Index of providers by city, for the city filter on large directories.
pub const PROVIDERS_BY_CITY: &str = "by_city";

/// `MIGRATIONS[i]` upgrades from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    v1_providers_and_meta,
    v2_city_index_and_error_log,
    v3_bookings,
    v4_outbox_messages_drafts,
    v5_rooms_and_outbox_photos,
    v6_message_time_index,
    v7_outbox_intents,
    v8_room_messages,
];

/// The version this build of the app expects.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

fn keyed_by(path: &str) -> IdbObjectStoreParameters {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str(path));
    params
}

/// Version 1: the provider cache and a key-value store for bookkeeping
/// (when each cache was last refreshed).
fn v1_providers_and_meta(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(PROVIDERS, &keyed_by("id"))?;
    db.create_object_store(META)?;
    Ok(())
}

/// Version 2: a city index on the existing provider cache (its records stay),
/// and the persisted error log of the Monitor.
fn v2_city_index_and_error_log(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let providers = tx.object_store(PROVIDERS)?;
    let params = IdbIndexParameters::new();
    params.set_unique(false);
    providers.create_index_with_str_and_optional_parameters(PROVIDERS_BY_CITY, "city", &params)?;
    db.create_object_store_with_optional_parameters(ERROR_LOG, &keyed_by("id"))?;
    Ok(())
}

/// Version 3: the user's bookings, for "My bookings" from cache first.
fn v3_bookings(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(BOOKINGS, &keyed_by("id"))?;
    Ok(())
}

/// Version 4: the outbox of messages not yet stored by the server (keyed by
/// client id), a cache of recent messages per room, and per-room drafts.
fn v4_outbox_messages_drafts(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(OUTBOX, &keyed_by("id"))?;
    let messages = db.create_object_store_with_optional_parameters(MESSAGES, &keyed_by("id"))?;
    let params = IdbIndexParameters::new();
    params.set_unique(false);
    messages.create_index_with_str_and_optional_parameters(MESSAGES_BY_ROOM, "room", &params)?;
    db.create_object_store_with_optional_parameters(DRAFTS, &keyed_by("room"))?;
    Ok(())
}

/// Version 5: the inbox's rows (keyed by room), and the photos of messages
/// in the outbox (keyed by the message's client id), which stay on the
/// device with their message until the server has both.
fn v5_rooms_and_outbox_photos(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(ROOMS, &keyed_by("room"))?;
    db.create_object_store_with_optional_parameters(OUTBOX_PHOTOS, &keyed_by("message"))?;
    Ok(())
}

/// Version 6: an index of cached messages by time (the existing ones are
/// indexed as the step runs), so that a full disk evicts the oldest first.
fn v6_message_time_index(_db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let params = IdbIndexParameters::new();
    params.set_unique(false);
    tx.object_store(MESSAGES)?
        .create_index_with_str_and_optional_parameters(MESSAGES_BY_TIME, "created", &params)?;
    Ok(())
}

/// Version 7: the outbox holds every kind of write intent, not only
/// messages. An entry of version 6 (`{id, room, sender, body, replyTo,
/// queuedAt, failure, photos}`) becomes `{id, room, sender, queuedAt,
/// failure, intent: {kind: "message", body, replyTo, photos}}`; entries
/// already in the new shape are left as they are.
fn v7_outbox_intents(_db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let cursor_req = tx.object_store(OUTBOX)?.open_cursor()?;
    let req = cursor_req.clone();
    // Called once per entry while the upgrade transaction lives; the
    // transaction commits only after the last step.
    let step = Closure::<dyn FnMut()>::new(move || {
        let Ok(result) = req.result() else { return };
        let Ok(cursor) = result.dyn_into::<IdbCursorWithValue>() else {
            return;
        };
        if let Ok(old) = cursor.value()
            && let Ok(entry) = rewrite_entry(&old)
        {
            let _ = cursor.update(&entry);
        }
        let _ = cursor.continue_();
    });
    cursor_req.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    step.forget();
    Ok(())
}

/// A version 6 outbox entry in the version 7 shape (the same value if it
/// has an intent already).
fn rewrite_entry(old: &JsValue) -> Result<JsValue, JsValue> {
    if !Reflect::get(old, &"intent".into())?.is_undefined() {
        return Ok(old.clone());
    }
    let intent = Object::new();
    Reflect::set(&intent, &"kind".into(), &"message".into())?;
    for (field, missing) in [
        ("body", JsValue::from_str("")),
        ("replyTo", JsValue::NULL),
        ("photos", js_sys::Array::new().into()),
    ] {
        let value = Reflect::get(old, &field.into())?;
        let value = if value.is_undefined() { missing } else { value };
        Reflect::set(&intent, &field.into(), &value)?;
        Reflect::delete_property(old.unchecked_ref::<Object>(), &field.into())?;
    }
    Reflect::set(old, &"intent".into(), &intent)?;
    Ok(old.clone())
}

/// Version 8: a room's cached messages become one record in
/// `room_messages`, `{room, newest, messages}`, instead of one record per
/// message: the cache only ever reads and replaces a room's messages
/// together, and one record of 500 messages is written in a fraction of
/// the time 500 records take. Every message of the old store moves to its
/// room's record, and the old store is deleted once they have.
fn v8_room_messages(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let params = IdbIndexParameters::new();
    params.set_unique(false);
    db.create_object_store_with_optional_parameters(ROOM_MESSAGES, &keyed_by("room"))?
        .create_index_with_str_and_optional_parameters(
            ROOM_MESSAGES_BY_NEWEST,
            "newest",
            &params,
        )?;
    let all = tx.object_store(MESSAGES)?.get_all()?;
    let read = all.clone();
    let (db, tx) = (db.clone(), tx.clone());
    // Called once, while the upgrade transaction lives: it commits after
    // these puts. A record that cannot be put (a message with no room) is
    // a cached copy of the server's data, fetched again when its room opens.
    let step = Closure::<dyn FnMut()>::new(move || {
        if let (Ok(all), Ok(pages)) = (read.result(), tx.object_store(ROOM_MESSAGES)) {
            for page in Object::values(&by_room(&all.unchecked_into())).iter() {
                let _ = pages.put(&page);
            }
        }
        let _ = db.delete_object_store(MESSAGES);
    });
    all.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    step.forget();
    Ok(())
}

/// Version 7 message records grouped into version 8 room records, each
/// with its room's messages and the time of its newest one: an object
/// whose values are the records.
fn by_room(messages: &js_sys::Array) -> Object {
    // Keyed by room id, with no prototype: no id can meet an inherited
    // property such as `constructor`.
    let rooms = Object::create(JsValue::NULL.unchecked_ref());
    for message in messages.iter() {
        let field = |name: &str| Reflect::get(&message, &name.into()).unwrap_or_default();
        let (room, created) = (field("room"), field("created"));
        let page = Reflect::get(&rooms, &room).unwrap_or_default();
        let page = if page.is_undefined() {
            let page = Object::new();
            set_field(&page, &"room".into(), &room);
            set_field(&page, &"messages".into(), &js_sys::Array::new());
            set_field(&rooms, &room, &page);
            page.into()
        } else {
            page
        };
        let newest = Reflect::get(&page, &"newest".into()).unwrap_or_default();
        if newest.is_undefined() || created.as_f64() > newest.as_f64() {
            set_field(&page, &"newest".into(), &created);
        }
        if let Ok(list) = Reflect::get(&page, &"messages".into()) {
            list.unchecked_into::<js_sys::Array>().push(&message);
        }
    }
    rooms
}

/// Sets `key` of `target`, one of the objects `by_room` makes, to `value`.
/// Those are ordinary extensible objects with no setters (`rooms` has no
/// prototype at all), so setting a plain data property on them cannot fail
/// and there is no error to handle.
fn set_field(target: &JsValue, key: &JsValue, value: &JsValue) {
    let _ = Reflect::set(target, key, value);
}
