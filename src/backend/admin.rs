//! What only the admin dashboard needs: the backend's health check and the
//! error reports of every user. Loaded on demand.

use async_trait::async_trait;

use crate::domain::booking::{BookingSource, ResponseTimes};
use crate::domain::monitoring::ErrorRecord;

use super::{Call, Result};

#[async_trait(?Send)]
pub trait AdminApi {
    /// Succeeds when the backend answers its health check.
    async fn check_health(&self, call: &Call) -> Result<()>;
    /// The newest error reports from all users (admins only), newest first.
    async fn recent_error_reports(&self, call: &Call, limit: u32) -> Result<Vec<ErrorRecord>>;
    /// Bookings per source over the last 30 days, every source listed.
    async fn booking_sources(&self, call: &Call) -> Result<Vec<(BookingSource, u32)>>;
    /// How fast each provider answers bookings.
    async fn response_times(&self, call: &Call) -> Result<Vec<ResponseTimes>>;
}
