//! The provider directory cache: the home page paints from it before the
//! network answers, then the fresh list replaces it.

mod stored;

use std::cell::RefCell;

use async_trait::async_trait;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::domain::provider::Provider;
use crate::resilience::clock::Millis;

use super::StoreResult;
use super::idb::{self, done, request, store, transaction};
use super::lazy_db::LazyDb;
use super::schema::{META, PROVIDERS};

/// When the cached directory was fetched (kept in the meta store).
pub const FETCHED_AT_KEY: &str = "providers.fetchedAt";

/// A cached directory and when it was fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedProviders {
    pub providers: Vec<Provider>,
    pub fetched_at: Millis,
}

#[async_trait(?Send)]
pub trait ProviderCache {
    /// The cached directory, or `None` before the first save.
    async fn load(&self) -> StoreResult<Option<CachedProviders>>;
    /// Replaces the whole directory (providers that left are dropped).
    async fn save(&self, providers: &[Provider], fetched_at: Millis) -> StoreResult<()>;
    /// Updates one provider, e.g. from a live event.
    async fn upsert(&self, provider: &Provider) -> StoreResult<()>;
}

/// The IndexedDB cache.
pub struct IdbProviderCache {
    db: LazyDb,
}

impl IdbProviderCache {
    pub fn new(db: LazyDb) -> Self {
        Self { db }
    }
}

#[async_trait(?Send)]
impl ProviderCache for IdbProviderCache {
    async fn load(&self) -> StoreResult<Option<CachedProviders>> {
        let tx = transaction(
            &self.db.get().await?,
            &[PROVIDERS, META],
            IdbTransactionMode::Readonly,
        )?;
        let fetched_req = store(&tx, META)?
            .get(&JsValue::from_str(FETCHED_AT_KEY))
            .map_err(|e| idb::dom_error(&e))?;
        let all_req = store(&tx, PROVIDERS)?
            .get_all()
            .map_err(|e| idb::dom_error(&e))?;
        let fetched = request(&fetched_req).await?;
        let all = request(&all_req).await?;
        let Some(fetched_at) = fetched.as_f64() else {
            return Ok(None);
        };
        let providers = js_sys::Array::from(&all)
            .iter()
            .map(|p| stored::provider(&p))
            .collect::<StoreResult<Vec<Provider>>>()?;
        Ok(Some(CachedProviders {
            providers,
            fetched_at: Millis(fetched_at as u64),
        }))
    }

    async fn save(&self, providers: &[Provider], fetched_at: Millis) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[PROVIDERS, META],
            IdbTransactionMode::Readwrite,
        )?;
        let providers_store = store(&tx, PROVIDERS)?;
        providers_store.clear().map_err(|e| idb::dom_error(&e))?;
        for p in providers {
            providers_store
                .put(&stored::to_value(p))
                .map_err(|e| idb::dom_error(&e))?;
        }
        store(&tx, META)?
            .put_with_key(
                &JsValue::from_f64(fetched_at.0 as f64),
                &JsValue::from_str(FETCHED_AT_KEY),
            )
            .map_err(|e| idb::dom_error(&e))?;
        done(&tx).await
    }

    async fn upsert(&self, provider: &Provider) -> StoreResult<()> {
        let tx = transaction(
            &self.db.get().await?,
            &[PROVIDERS],
            IdbTransactionMode::Readwrite,
        )?;
        store(&tx, PROVIDERS)?
            .put(&stored::to_value(provider))
            .map_err(|e| idb::dom_error(&e))?;
        done(&tx).await
    }
}

/// The in-memory cache: used when IndexedDB cannot be opened (private mode),
/// and by tests of the layers above.
#[derive(Default)]
pub struct MemoryProviderCache {
    cached: RefCell<Option<CachedProviders>>,
}

#[async_trait(?Send)]
impl ProviderCache for MemoryProviderCache {
    async fn load(&self) -> StoreResult<Option<CachedProviders>> {
        Ok(self.cached.borrow().clone())
    }

    async fn save(&self, providers: &[Provider], fetched_at: Millis) -> StoreResult<()> {
        *self.cached.borrow_mut() = Some(CachedProviders {
            providers: providers.to_vec(),
            fetched_at,
        });
        Ok(())
    }

    async fn upsert(&self, provider: &Provider) -> StoreResult<()> {
        let mut cached = self.cached.borrow_mut();
        let entry = cached.get_or_insert_with(|| CachedProviders {
            providers: Vec::new(),
            fetched_at: Millis(0),
        });
        match entry.providers.iter_mut().find(|p| p.id == provider.id) {
            Some(existing) => *existing = provider.clone(),
            None => entry.providers.push(provider.clone()),
        }
        Ok(())
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::domain::ids::ProviderId;
    use crate::domain::money::Idr;
    use crate::domain::provider::{ProviderKind, Service};
    use crate::store::StoreError;
    use crate::store::idb;
    use crate::store::schema::{self, ERROR_LOG, PROVIDERS_BY_CITY};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn provider(id: &str, city: &str) -> Provider {
        Provider {
            id: ProviderId::parse(id).unwrap(),
            user: None,
            name: format!("Provider {id}"),
            kind: ProviderKind::Place,
            bio_html: "<p>Hi</p>".into(),
            photo_url: None,
            services: vec![Service {
                minutes: 60,
                price: Idr(150_000),
            }],
            rating: crate::domain::provider::Rating(45),
            online: true,
            timezone: "Asia/Makassar".into(),
            city: city.into(),
            updated: "2026-01-01 00:00:00.000Z".into(),
        }
    }

    fn unique_name(test: &str) -> String {
        format!("janji-test-{test}-{}", js_sys::Math::random())
    }

    async fn delete(name: &str) {
        let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
        let req = factory.delete_database(name).unwrap();
        idb::request(&req).await.unwrap();
    }

    /// A new database of the current version, with the cache over it.
    async fn fresh(name: &str) -> (web_sys::IdbDatabase, IdbProviderCache) {
        let db = idb::open(name, schema::VERSION, schema::MIGRATIONS)
            .await
            .unwrap();
        let cache = IdbProviderCache::new(LazyDb::ready(db.clone()));
        (db, cache)
    }

    /// Puts `stored` into the providers store as it is.
    async fn put_stored(db: &web_sys::IdbDatabase, stored: &JsValue) {
        let tx = transaction(db, &[PROVIDERS], IdbTransactionMode::Readwrite).unwrap();
        store(&tx, PROVIDERS).unwrap().put(stored).unwrap();
        done(&tx).await.unwrap();
    }

    /// Why loading fails once `stored` is in the providers store.
    async fn corrupt_because(
        db: &web_sys::IdbDatabase,
        cache: &IdbProviderCache,
        stored: &JsValue,
    ) -> String {
        put_stored(db, stored).await;
        match cache.load().await {
            Err(StoreError::Corrupt(why)) => why,
            other => panic!("expected a corrupt cache, got {other:?}"),
        }
    }

    #[wasm_bindgen_test]
    async fn saved_directory_loads_back_unchanged() {
        let name = unique_name("roundtrip");
        let (db, cache) = fresh(&name).await;
        assert_eq!(
            cache.load().await.unwrap(),
            None,
            "a new database has no cache"
        );

        let list = vec![provider("a1", "Denpasar"), provider("b2", "Bandung")];
        cache.save(&list, Millis(1_700_000_000_123)).await.unwrap();
        let loaded = cache.load().await.unwrap().unwrap();
        assert_eq!(loaded.fetched_at, Millis(1_700_000_000_123));
        let mut ids: Vec<_> = loaded.providers.iter().map(|p| p.id.to_string()).collect();
        ids.sort();
        assert_eq!(ids, ["a1", "b2"]);
        assert_eq!(
            loaded.providers.iter().find(|p| p.id.as_str() == "a1"),
            Some(&list[0])
        );

        let mut changed = list[1].clone();
        changed.online = false;
        cache.upsert(&changed).await.unwrap();
        cache.save(&[changed.clone()], Millis(5)).await.unwrap();
        let reloaded = cache.load().await.unwrap().unwrap();
        assert_eq!(
            reloaded.providers,
            vec![changed],
            "save replaces the whole directory"
        );
        db.close();
        delete(&name).await;
    }

    #[wasm_bindgen_test]
    async fn a_provider_with_an_account_a_photo_and_several_services_loads_back_unchanged() {
        let name = unique_name("full");
        let (db, cache) = fresh(&name).await;
        let mut full = provider("e5", "Ubud");
        full.user = Some(crate::domain::ids::UserId::parse("u5").unwrap());
        full.kind = ProviderKind::Therapist;
        full.photo_url = Some("https://example.test/e5.webp".into());
        full.services.push(Service {
            minutes: 90,
            price: Idr(9_007_199_254_740_991),
        });
        full.rating = crate::domain::provider::Rating(0);
        full.online = false;
        cache.save(&[full.clone()], Millis(7)).await.unwrap();
        assert_eq!(cache.load().await.unwrap().unwrap().providers, vec![full]);
        db.close();
        delete(&name).await;
    }

    #[wasm_bindgen_test]
    async fn a_provider_cached_by_an_earlier_release_through_serde_loads_back_unchanged() {
        let name = unique_name("serde");
        let (db, cache) = fresh(&name).await;
        cache.save(&[], Millis(9)).await.unwrap();
        let mut earlier = provider("g7", "Malang");
        earlier.user = Some(crate::domain::ids::UserId::parse("u7").unwrap());
        earlier.photo_url = Some("/api/files/c/g7/g7.webp".into());
        put_stored(&db, &idb::to_js(&earlier).unwrap()).await;
        assert_eq!(
            cache.load().await.unwrap().unwrap().providers,
            vec![earlier]
        );
        db.close();
        delete(&name).await;
    }

    #[wasm_bindgen_test]
    async fn a_cached_provider_with_a_malformed_field_is_corrupt_and_named() {
        let name = unique_name("corrupt");
        let (db, cache) = fresh(&name).await;
        let solo = stored::to_value(&provider("f6", "Solo"));
        cache
            .save(&[provider("f6", "Solo")], Millis(8))
            .await
            .unwrap();
        js_sys::Reflect::set(&solo, &"rating".into(), &JsValue::from_f64(4.5)).unwrap();
        let why = corrupt_because(&db, &cache, &solo).await;
        assert!(why.contains("rating"), "{why}");
        let solo = stored::to_value(&provider("f6", "Solo"));
        js_sys::Reflect::delete_property(solo.unchecked_ref::<js_sys::Object>(), &"city".into())
            .unwrap();
        let why = corrupt_because(&db, &cache, &solo).await;
        assert!(why.contains("city"), "{why}");
        db.close();
        delete(&name).await;
    }

    #[wasm_bindgen_test]
    async fn upgrade_from_v1_to_v2_keeps_cached_providers() {
        let name = unique_name("upgrade");
        let v1 = idb::open(&name, 1, schema::MIGRATIONS).await.unwrap();
        assert!(
            !v1.object_store_names().contains(ERROR_LOG),
            "v1 has no error log yet"
        );
        let list = vec![provider("c3", "Jakarta"), provider("d4", "Medan")];
        IdbProviderCache::new(LazyDb::ready(v1.clone()))
            .save(&list, Millis(42))
            .await
            .unwrap();
        v1.close();

        let v2 = idb::open(&name, 2, schema::MIGRATIONS).await.unwrap();
        assert_eq!(v2.version() as u32, 2);
        assert!(
            v2.object_store_names().contains(ERROR_LOG),
            "v2 adds the error log"
        );
        let loaded = IdbProviderCache::new(LazyDb::ready(v2.clone()))
            .load()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(loaded.fetched_at, Millis(42));
        assert_eq!(
            loaded.providers.len(),
            2,
            "no record is lost in the upgrade"
        );

        // The new index covers the records that were there before it existed.
        let tx = transaction(&v2, &[PROVIDERS], IdbTransactionMode::Readonly).unwrap();
        let index = store(&tx, PROVIDERS)
            .unwrap()
            .index(PROVIDERS_BY_CITY)
            .unwrap();
        let count = request(&index.count_with_key(&JsValue::from_str("Medan")).unwrap())
            .await
            .unwrap();
        assert_eq!(count.as_f64(), Some(1.0));
        v2.close();
        delete(&name).await;
    }
}
