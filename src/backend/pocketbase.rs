//! The PocketBase adapter. PocketBase's wire types live in this folder and
//! never leave it: everything it hands upwards is a domain type or a
//! [`BackendError`](super::BackendError).

mod auth;
mod errors;
mod http;
mod providers;
mod realtime;
mod wire;

use std::rc::Rc;

use super::Backend;

pub use http::DEFAULT_TIMEOUT;

/// Builds the backend port on a PocketBase server at `base_url` (empty for
/// the page's own origin, which is how both the dev proxy and production
/// serve it).
pub fn connect(base_url: &str) -> Backend {
    let http = Rc::new(http::PbHttp::new(base_url, DEFAULT_TIMEOUT));
    let realtime = Rc::new(realtime::PbRealtime::new(http.clone()));
    let auth = Rc::new(auth::PbAuth::new(http.clone(), realtime.clone()));
    let providers = Rc::new(providers::PbProviders::new(http));
    Backend {
        auth,
        providers,
        realtime,
    }
}
