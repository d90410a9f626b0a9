//! Local storage in IndexedDB: one database with numbered migrations, and a
//! cache per kind of record, each behind a trait with an in-memory twin (used
//! when IndexedDB is unavailable, and by host tests of the layers above).

pub mod bookings_cache;
pub mod drafts_store;
pub mod error;
pub mod error_log_store;
pub mod idb;
pub mod lazy_db;
pub mod messages_cache;
pub mod outbox_photos;
pub mod outbox_store;
pub mod providers_cache;
pub mod rooms_cache;
pub mod schema;

pub use error::{StoreError, StoreResult};

/// Opens the app's database at the current schema version.
pub async fn open() -> StoreResult<web_sys::IdbDatabase> {
    idb::open(schema::DB_NAME, schema::VERSION, schema::MIGRATIONS).await
}
