//! Error reports from browsers, collected by the backend so admins see
//! errors from every user, not only their own browser.

use async_trait::async_trait;

use crate::domain::monitoring::ErrorRecord;

use super::{Call, Result};

#[async_trait(?Send)]
pub trait ErrorReportsApi {
    /// Stores `reports` (each keyed by its id: sending one twice stores it once).
    async fn submit(&self, call: &Call, reports: &[ErrorRecord]) -> Result<()>;
}
