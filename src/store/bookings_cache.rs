//! The signed-in user's bookings, kept on the device so "My bookings" shows
//! at once and offline.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use web_sys::IdbTransactionMode;

use crate::domain::booking::Booking;

use super::StoreResult;
use super::idb::{self, done, from_js, request, store, to_js, transaction};
use super::lazy_db::LazyDb;
use super::schema::BOOKINGS;

#[async_trait(?Send)]
pub trait BookingsCache {
    async fn load(&self) -> StoreResult<Vec<Booking>>;
    /// Replaces every cached booking (bookings no longer listed go).
    async fn replace(&self, bookings: &[Booking]) -> StoreResult<()>;
    async fn put(&self, booking: &Booking) -> StoreResult<()>;
}

/// The IndexedDB cache; its code is a chunk fetched on first use.
#[leptos::lazy]
pub fn load(db: LazyDb) -> Rc<dyn BookingsCache> {
    Rc::new(IdbBookingsCache::new(db))
}

pub struct IdbBookingsCache {
    db: LazyDb,
}

impl IdbBookingsCache {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl BookingsCache for IdbBookingsCache {
    async fn load(&self) -> StoreResult<Vec<Booking>> {
        let tx = transaction(
            &self.db.get().await?,
            &[BOOKINGS],
            IdbTransactionMode::Readonly,
        )?;
        let all = request(
            &store(&tx, BOOKINGS)?
                .get_all()
                .map_err(|e| idb::dom_error(&e))?,
        )
        .await?;
        from_js(all)
    }

    async fn replace(&self, bookings: &[Booking]) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[BOOKINGS],
            IdbTransactionMode::Readwrite,
        )?;
        let s = store(&tx, BOOKINGS)?;
        s.clear().map_err(|e| idb::dom_error(&e))?;
        for b in bookings {
            s.put(&to_js(b)?).map_err(|e| idb::dom_error(&e))?;
        }
        done(&tx).await
    }

    async fn put(&self, booking: &Booking) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[BOOKINGS],
            IdbTransactionMode::Readwrite,
        )?;
        store(&tx, BOOKINGS)?
            .put(&to_js(booking)?)
            .map_err(|e| idb::dom_error(&e))?;
        done(&tx).await
    }
}

/// Memory only: when IndexedDB is unavailable, and for tests.
#[derive(Default)]
pub struct MemoryBookingsCache {
    bookings: RefCell<Vec<Booking>>,
}

#[async_trait(?Send)]
impl BookingsCache for MemoryBookingsCache {
    async fn load(&self) -> StoreResult<Vec<Booking>> {
        Ok(self.bookings.borrow().clone())
    }

    async fn replace(&self, bookings: &[Booking]) -> StoreResult<()> {
        *self.bookings.borrow_mut() = bookings.to_vec();
        Ok(())
    }

    async fn put(&self, booking: &Booking) -> StoreResult<()> {
        let mut all = self.bookings.borrow_mut();
        all.retain(|b| b.id != booking.id);
        all.push(booking.clone());
        Ok(())
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::domain::booking::{BookingMode, BookingSource, BookingStatus};
    use crate::domain::ids::{BookingId, ProviderId, UserId};
    use crate::domain::money::Idr;
    use crate::domain::time::Millis;
    use crate::store::schema;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn booking(id: &str, status: BookingStatus) -> Booking {
        Booking {
            id: BookingId::parse(id).unwrap(),
            customer: UserId::parse("u1").unwrap(),
            provider: ProviderId::parse("p1").unwrap(),
            status,
            minutes: 60,
            price: Idr(200_000),
            source: BookingSource::Direct,
            chat_window_open: false,
            mode: BookingMode::Scheduled,
            scheduled_at: Some(Millis(1_800_000_000_000)),
            customer_name: "Ayu".into(),
            customer_whatsapp: "+6281234567890".into(),
            response_deadline: Millis(1_700_000_900_000),
            responded_at: None,
            decline_reason: String::new(),
            created: Millis(1_700_000_000_000),
            updated: Millis(1_700_000_000_000),
        }
    }

    #[wasm_bindgen_test]
    async fn bookings_round_trip_and_upgrade_from_v2_keeps_the_other_stores() {
        let name = format!("janji-test-bookings-{}", js_sys::Math::random());
        let v2 = idb::open(&name, 2, schema::MIGRATIONS).await.unwrap();
        assert!(!v2.object_store_names().contains(BOOKINGS));
        v2.close();
        let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let cache = IdbBookingsCache::new(LazyDb::ready(db.clone()));
        cache
            .replace(&[
                booking("b1", BookingStatus::Pending),
                booking("b2", BookingStatus::Accepted),
            ])
            .await
            .unwrap();
        cache
            .put(&booking("b1", BookingStatus::Declined))
            .await
            .unwrap();
        let mut loaded = cache.load().await.unwrap();
        loaded.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(
            loaded,
            vec![
                booking("b1", BookingStatus::Declined),
                booking("b2", BookingStatus::Accepted)
            ]
        );
        cache
            .replace(&[booking("b3", BookingStatus::Pending)])
            .await
            .unwrap();
        assert_eq!(cache.load().await.unwrap().len(), 1);
        db.close();
        let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
        idb::request(&factory.delete_database(&name).unwrap())
            .await
            .unwrap();
    }
}
