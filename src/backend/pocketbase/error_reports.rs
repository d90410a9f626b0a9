//! Error reports into the `client_errors` collection. A flush is one request
//! through the batch API; if the batch is refused (for instance because an
//! earlier, lost answer already stored some reports) each report is sent on
//! its own, and "already exists" counts as stored.

use std::rc::Rc;

use async_trait::async_trait;
use serde::Serialize;
use serde::de::IgnoredAny;

use crate::backend::{BackendError, Call, ErrorReportsApi, Result};
use crate::domain::monitoring::{Context, ErrorRecord};

use super::http::{Method, PbHttp};

const COLLECTION_PATH: &str = "/api/collections/client_errors/records";

/// The reporting capability; its code is a chunk fetched when the Monitor
/// starts reporting, after the first paint.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>) -> Rc<dyn ErrorReportsApi> {
    Rc::new(PbErrorReports { http })
}

struct PbErrorReports {
    http: Rc<PbHttp>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportBody<'a> {
    id: &'a str,
    severity: &'a str,
    category: &'a str,
    operation: &'a str,
    message: &'a str,
    correlation_id: &'a str,
    status: u16,
    route: &'a str,
    app_version: &'a str,
    context: &'a Context,
    count: u32,
    occurred_at: String,
}

impl<'a> From<&'a ErrorRecord> for ReportBody<'a> {
    fn from(r: &'a ErrorRecord) -> Self {
        Self {
            id: &r.id,
            severity: r.severity.as_str(),
            category: r.category.as_str(),
            operation: &r.operation,
            message: &r.message,
            correlation_id: r.correlation_id.as_deref().unwrap_or_default(),
            status: r.status.unwrap_or(0),
            route: &r.route,
            app_version: &r.app_version,
            context: &r.context,
            count: r.count,
            occurred_at: r.last_seen.to_iso8601(),
        }
    }
}

#[derive(Serialize)]
struct BatchRequest<'a> {
    method: &'static str,
    url: &'static str,
    body: ReportBody<'a>,
}

#[derive(Serialize)]
struct Batch<'a> {
    requests: Vec<BatchRequest<'a>>,
}

#[async_trait(?Send)]
impl ErrorReportsApi for PbErrorReports {
    async fn submit(&self, call: &Call, reports: &[ErrorRecord]) -> Result<()> {
        let batch = Batch {
            requests: reports
                .iter()
                .map(|r| BatchRequest {
                    method: "POST",
                    url: COLLECTION_PATH,
                    body: r.into(),
                })
                .collect(),
        };
        match self
            .http
            .send_json::<_, IgnoredAny>(call, Method::Post, "/api/batch", &batch)
            .await
        {
            Err(BackendError::Validation { .. }) => {}
            other => return other.map(drop),
        }
        for report in reports {
            let sent = self
                .http
                .send_json::<_, IgnoredAny>(
                    call,
                    Method::Post,
                    COLLECTION_PATH,
                    &ReportBody::from(report),
                )
                .await;
            match sent {
                Ok(_) | Err(BackendError::AlreadyExists) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
