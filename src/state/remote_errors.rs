//! Error reports from every user, as the backend holds them (admins only).

use leptos::prelude::*;

use crate::backend::{AdminApi, BackendError, Call, OnDemand, Operation};
use crate::domain::monitoring::ErrorRecord;
use crate::platform::random::client_id;

/// How many of the newest reports the dashboard shows.
pub const RECENT_LIMIT: u32 = 200;

#[derive(Clone, Copy)]
pub struct RemoteErrors {
    records: RwSignal<Vec<ErrorRecord>>,
    error: RwSignal<Option<BackendError>>,
    admin: StoredValue<OnDemand<dyn AdminApi>, LocalStorage>,
}

impl RemoteErrors {
    pub fn new(admin: OnDemand<dyn AdminApi>) -> Self {
        Self {
            records: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            admin: StoredValue::new_local(admin),
        }
    }

    /// Oldest first, like the local log.
    pub fn records(&self) -> Signal<Vec<ErrorRecord>> {
        self.records.into()
    }

    pub fn error(&self) -> Signal<Option<BackendError>> {
        self.error.into()
    }

    /// Fetches the newest reports; a failure is recorded by the resilience
    /// layer and shown on the dashboard.
    pub async fn refresh(&self) {
        let admin = self.admin.get_value().get().await;
        match admin
            .recent_error_reports(
                &Call::new(Operation::ListErrorReports, client_id().into()),
                RECENT_LIMIT,
            )
            .await
        {
            Ok(mut newest_first) => {
                newest_first.reverse();
                self.records.set(newest_first);
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }
}

pub fn use_remote_errors() -> RemoteErrors {
    expect_context::<RemoteErrors>()
}
