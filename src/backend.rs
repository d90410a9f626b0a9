//! The port to the backend: capability traits that speak domain types, and
//! one error type. `pocketbase/` is one adapter; another backend is one new
//! folder and the `connect` line in `app.rs`.

pub mod admin;
pub mod auth;
pub mod call;
pub mod error;
pub mod error_reports;
pub mod on_demand;
pub mod pocketbase;
pub mod providers;
pub mod realtime;
pub mod resilient;

use std::rc::Rc;

pub use admin::AdminApi;
pub use auth::{AccountsApi, AuthSession, AuthToken, SessionApi};
pub use call::{Call, Operation};
pub use error::{BackendError, FieldError, Result};
pub use error_reports::ErrorReportsApi;
pub use on_demand::OnDemand;
pub use providers::ProvidersApi;
pub use realtime::{ConnectionState, RealtimeApi, RealtimeEvent, Subscription, Topic};

/// Every capability the app uses, as trait objects so the layers above do not
/// name the adapter. Capabilities only some pages need are [`OnDemand`]:
/// their code is fetched when first used.
#[derive(Clone)]
pub struct Backend {
    /// A short name for dashboards, e.g. "PocketBase".
    pub name: &'static str,
    pub session: Rc<dyn SessionApi>,
    pub accounts: OnDemand<dyn AccountsApi>,
    pub providers: Rc<dyn ProvidersApi>,
    pub error_reports: Rc<dyn ErrorReportsApi>,
    pub admin: OnDemand<dyn AdminApi>,
    pub realtime: Rc<dyn RealtimeApi>,
}
