//! The booking reports of the admin dashboard: bookings per source (last
//! 30 days) and provider response times, from the backend's admin views.

use leptos::prelude::*;

use crate::backend::{AdminApi, BackendError, Call, OnDemand, Operation};
use crate::domain::booking::{BookingSource, ResponseTimes};
use crate::platform::random::client_id;

#[derive(Clone, Copy)]
pub struct AdminReports {
    sources: RwSignal<Vec<(BookingSource, u32)>>,
    response_times: RwSignal<Vec<ResponseTimes>>,
    error: RwSignal<Option<BackendError>>,
    admin: StoredValue<OnDemand<dyn AdminApi>, LocalStorage>,
}

impl AdminReports {
    pub fn new(admin: OnDemand<dyn AdminApi>) -> Self {
        Self {
            sources: RwSignal::new(Vec::new()),
            response_times: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            admin: StoredValue::new_local(admin),
        }
    }

    pub fn sources(&self) -> Signal<Vec<(BookingSource, u32)>> {
        self.sources.into()
    }

    pub fn response_times(&self) -> Signal<Vec<ResponseTimes>> {
        self.response_times.into()
    }

    pub fn error(&self) -> Signal<Option<BackendError>> {
        self.error.into()
    }

    /// Fetches both reports (failures are recorded by the resilience layer
    /// and shown on the panels).
    pub async fn refresh(&self) {
        let admin = self.admin.get_value().get().await;
        let sources = admin
            .booking_sources(&Call::new(Operation::BookingSources, client_id().into()))
            .await;
        let times = admin
            .response_times(&Call::new(Operation::ResponseTimes, client_id().into()))
            .await;
        let mut error = None;
        match sources {
            Ok(s) => self.sources.set(s),
            Err(e) => error = Some(e),
        }
        match times {
            Ok(t) => self.response_times.set(t),
            Err(e) => error = Some(e),
        }
        self.error.set(error);
    }
}

pub fn use_admin_reports() -> AdminReports {
    expect_context::<AdminReports>()
}
