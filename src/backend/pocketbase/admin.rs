//! The admin dashboard's capabilities: the health check and every user's
//! error reports. Loaded on demand.

use std::rc::Rc;

use async_trait::async_trait;
use serde::de::IgnoredAny;

use crate::backend::{AdminApi, BackendError, Call, Result};
use crate::domain::booking::{BookingSource, ResponseTimes};
use crate::domain::monitoring::ErrorRecord;

use super::http::PbHttp;
use super::wire::{ClientErrorRecord, ListPage, ResponseTimesRecord, SourceCountRecord};

/// The admin capability; its code is a chunk fetched on first use.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>) -> Rc<dyn AdminApi> {
    Rc::new(PbAdmin { http })
}

struct PbAdmin {
    http: Rc<PbHttp>,
}

#[async_trait(?Send)]
impl AdminApi for PbAdmin {
    async fn check_health(&self, call: &Call) -> Result<()> {
        // A JSON answer with a 2xx status is health; its content is not needed.
        let _: IgnoredAny = self.http.get_json(call, "/api/health").await?;
        Ok(())
    }

    async fn recent_error_reports(&self, call: &Call, limit: u32) -> Result<Vec<ErrorRecord>> {
        let path = format!(
            "/api/collections/client_errors/records?sort=-created&perPage={}&skipTotal=1",
            limit.clamp(1, 500)
        );
        let page: ListPage<ClientErrorRecord> = self.http.get_json(call, &path).await?;
        page.items
            .into_iter()
            .map(ClientErrorRecord::into_domain)
            .collect()
    }

    async fn booking_sources(&self, call: &Call) -> Result<Vec<(BookingSource, u32)>> {
        let path = "/api/collections/booking_sources/records?perPage=50&skipTotal=1";
        let page: ListPage<SourceCountRecord> = self.http.get_json(call, path).await?;
        page.items
            .into_iter()
            .map(|r| {
                BookingSource::parse(&r.source)
                    .map(|s| (s, r.bookings))
                    .ok_or_else(|| BackendError::Decode(format!("unknown source {:?}", r.source)))
            })
            .collect()
    }

    async fn response_times(&self, call: &Call) -> Result<Vec<ResponseTimes>> {
        let path = "/api/collections/provider_response_times/records?perPage=500&skipTotal=1";
        let page: ListPage<ResponseTimesRecord> = self.http.get_json(call, path).await?;
        page.items
            .into_iter()
            .map(ResponseTimesRecord::into_domain)
            .collect()
    }
}
