//! Local storage in IndexedDB: one database with numbered migrations, and a
//! cache per kind of record, each behind a trait with an in-memory twin (used
//! when IndexedDB is unavailable, and by host tests of the layers above).

pub mod bookings_cache;
pub mod drafts_store;
pub mod error;
pub mod error_log_store;
pub mod eviction;
pub mod health;
pub mod idb;
pub mod lazy_db;
pub mod messages_cache;
pub mod outbox_photos;
pub mod outbox_store;
pub mod providers_cache;
pub mod rooms_cache;
pub mod schema;

pub use error::{StoreError, StoreResult};

/// Opens the app's database at the current schema version, and reports how
/// storage is doing: running on memory when the browser refuses IndexedDB,
/// waiting while older tabs block an upgrade, and outdated when a newer
/// version in another tab asks this connection to close (it does, at once,
/// so the upgrade is never blocked by this tab).
pub async fn open() -> StoreResult<web_sys::IdbDatabase> {
    let blocked = || health::report(health::StorageHealth::UpgradeBlocked);
    match idb::open_with(
        schema::DB_NAME,
        schema::VERSION,
        schema::MIGRATIONS,
        blocked,
    )
    .await
    {
        Ok(db) => {
            if health::current() == health::StorageHealth::UpgradeBlocked {
                health::report(health::StorageHealth::Fine);
            }
            idb::close_on_version_change(&db, || {
                health::report(health::StorageHealth::Outdated);
            });
            Ok(db)
        }
        Err(StoreError::Unavailable(why)) => {
            health::report(health::StorageHealth::MemoryOnly(why.clone()));
            Err(StoreError::Unavailable(why))
        }
        Err(e) => Err(e),
    }
}
