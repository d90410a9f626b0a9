//! The database handle the caches share. Opening starts once, when first
//! needed, and every user awaits the same result, so start-up never waits
//! on IndexedDB before it can paint.

use std::future::Future;
use std::pin::Pin;

use futures::FutureExt;
use futures::future::Shared;
use web_sys::IdbDatabase;

use super::StoreResult;

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

    /// The app's database at the current schema version.
    pub fn app() -> Self {
        Self::new(super::open())
    }

    /// An already open database (tests, tools).
    pub fn ready(db: IdbDatabase) -> Self {
        Self::new(async move { Ok(db) })
    }

    pub async fn get(&self) -> StoreResult<IdbDatabase> {
        self.open.clone().await
    }
}
