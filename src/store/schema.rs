//! The database schema, as numbered migrations. Append a step for every
//! change; never edit a step that has shipped, since browsers out there have
//! already run it.

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbTransaction};

use super::idb::Migration;

pub const DB_NAME: &str = "janji";

/// Object store names.
pub const PROVIDERS: &str = "providers";
pub const META: &str = "meta";
pub const ERROR_LOG: &str = "error_log";
pub const BOOKINGS: &str = "bookings";
pub const OUTBOX: &str = "outbox";
pub const MESSAGES: &str = "messages";
pub const DRAFTS: &str = "drafts";
pub const ROOMS: &str = "rooms";
pub const OUTBOX_PHOTOS: &str = "outbox_photos";

/// Index of cached messages by room.
pub const MESSAGES_BY_ROOM: &str = "by_room";

/// Index of providers by city, for the city filter on large directories.
pub const PROVIDERS_BY_CITY: &str = "by_city";

/// `MIGRATIONS[i]` upgrades from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    v1_providers_and_meta,
    v2_city_index_and_error_log,
    v3_bookings,
    v4_outbox_messages_drafts,
    v5_rooms_and_outbox_photos,
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
