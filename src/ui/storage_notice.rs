//! A notice when the device's storage is not doing its job: running on
//! memory, waiting for other tabs to let an upgrade through, full, or
//! outdated by a newer version in another tab. Rare, so its words and view
//! are a chunk fetched the first time storage is in trouble.

mod notice;

use leptos::prelude::*;

use crate::state::storage::use_storage_status;
use crate::store::health::StorageHealth;

#[component]
pub fn StorageNotice() -> impl IntoView {
    let status = use_storage_status();
    let health = status.health();
    let troubled = Memo::new(move |_| health.get() != StorageHealth::Fine);
    view! {
        <Suspense fallback=|| ()>
            {move || troubled.get().then(|| Suspend::new(async move { notice::load(status).await }))}
        </Suspense>
    }
}
