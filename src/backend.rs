//! The port to the backend: capability traits that speak domain types, and
//! one error type. `pocketbase/` is one adapter; another backend is one new
//! folder and the `connect` line in `app.rs`.

pub mod admin;
pub mod auth;
pub mod bookings;
pub mod call;
pub mod chat;
pub mod error;
pub mod error_reports;
pub mod pocketbase;
pub mod providers;
pub mod realtime;
pub mod resilient;
pub mod server_time;

use std::rc::Rc;

pub use crate::platform::on_demand::OnDemand;
pub use admin::AdminApi;
pub use auth::{AccountsApi, AuthSession, AuthToken, SessionApi};
pub use bookings::{BookingEvent, BookingsApi};
pub use call::{Call, Operation};
pub use chat::{
    ChangeCursor, ChatApi, ChatEvent, ChatLimitsUse, InboxEvent, LimitUse, PhotoSize, PhotoUpload,
};
pub use error::{BackendError, FieldError, Result};
pub use error_reports::ErrorReportsApi;
pub use providers::ProvidersApi;
pub use realtime::{ConnectionState, RealtimeApi, RealtimeEvent, Subscription, Topic};
pub use server_time::ServerTime;

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
    pub error_reports: OnDemand<dyn ErrorReportsApi>,
    pub admin: OnDemand<dyn AdminApi>,
    pub bookings: OnDemand<dyn BookingsApi>,
    pub chat: OnDemand<dyn ChatApi>,
    /// Live updates, loaded after the first paint.
    pub realtime: OnDemand<dyn RealtimeApi>,
    pub server_time: Rc<dyn ServerTime>,
}
