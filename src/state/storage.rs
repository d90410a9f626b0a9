//! How the device's storage is doing, as a signal for the notice: the store
//! reports (`store::health`), this context shows it to the views.

use std::rc::Rc;

use leptos::prelude::*;

use crate::store::health::{self, StorageHealth};

#[derive(Clone, Copy)]
pub struct StorageStatus {
    health: RwSignal<StorageHealth>,
}

impl StorageStatus {
    /// Follows the store's reports for the life of the page.
    pub fn follow() -> Self {
        let status = Self {
            health: RwSignal::new(health::current()),
        };
        let signal = status.health;
        health::watch(Rc::new(move |h| signal.set(h.clone())));
        status
    }

    pub fn health(&self) -> Signal<StorageHealth> {
        self.health.into()
    }

    /// The user read the notice of cleared caches.
    pub fn dismiss(&self) {
        if self.health.get_untracked() == StorageHealth::CachesEvicted {
            self.health.set(StorageHealth::Fine);
        }
    }
}

pub fn use_storage_status() -> StorageStatus {
    expect_context::<StorageStatus>()
}
