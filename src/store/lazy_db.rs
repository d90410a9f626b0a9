//! The database handle the caches share. Opening starts once, when first
//! needed, and every user awaits the same result, so start-up never waits
//! on IndexedDB before it can paint.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use futures::FutureExt;
use futures::future::Shared;
use web_sys::IdbDatabase;

use super::health::{self, StorageHealth};
use super::{StoreError, StoreResult};

type OpenFuture = Pin<Box<dyn Future<Output = StoreResult<IdbDatabase>>>>;

#[derive(Clone)]
pub struct LazyDb {
    open: Shared<OpenFuture>,
}

impl LazyDb {
    /// Opens with `open` on first use.
    pub fn new(open: impl Future<Output = StoreResult<IdbDatabase>> + 'static) -> Self {
        let open: OpenFuture = Box::pin(open);
        Self {
            open: open.shared(),
        }
    }

    /// The app's database at the current schema version: one connection
    /// for the whole page, opened on first use, so that a newer version in
    /// another tab has exactly one connection to ask to close.
    pub fn app() -> Self {
        thread_local! {
            static APP: RefCell<Option<LazyDb>> = const { RefCell::new(None) };
        }
        APP.with(|app| {
            app.borrow_mut()
                .get_or_insert_with(|| Self::new(super::open()))
                .clone()
        })
    }

    /// Starts opening now rather than on first use. A conversation opened
    /// by its address reads the database first from a lazy chunk; opened
    /// now, the database is ready when that code arrives. `failed` hears
    /// why an open failed; every reader still reports what it then could
    /// not do.
    pub fn open_now(&self, failed: impl FnOnce(StoreError) + 'static) {
        let open = self.open.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = open.await {
                failed(e);
            }
        });
    }

    /// An already open database (tests, tools).
    pub fn ready(db: IdbDatabase) -> Self {
        Self::new(async move { Ok(db) })
    }

    pub async fn get(&self) -> StoreResult<IdbDatabase> {
        let db = self.open.clone().await?;
        // Closed for a newer version in another tab: nothing can be read or
        // written through it any more.
        if health::current() == StorageHealth::Outdated {
            return Err(StoreError::Unavailable(
                "a newer version of the app is open in another tab".into(),
            ));
        }
        Ok(db)
    }
}
