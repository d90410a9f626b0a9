//! The port to the backend: capability traits that speak domain types, and
//! one error type. `pocketbase/` is one adapter; another backend is one new
//! folder and one changed line in `app.rs`.

pub mod auth;
pub mod error;
pub mod pocketbase;
pub mod providers;
pub mod realtime;

use std::rc::Rc;

pub use auth::{AuthApi, AuthSession, AuthToken};
pub use error::{BackendError, FieldError, Result};
pub use providers::ProvidersApi;
pub use realtime::{ConnectionState, RealtimeApi, RealtimeEvent, Subscription, Topic};

/// Every capability the app uses, as trait objects so the layers above do not
/// name the adapter.
#[derive(Clone)]
pub struct Backend {
    pub auth: Rc<dyn AuthApi>,
    pub providers: Rc<dyn ProvidersApi>,
    pub realtime: Rc<dyn RealtimeApi>,
}
