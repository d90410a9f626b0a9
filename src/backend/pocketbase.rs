//! The PocketBase adapter. PocketBase's wire types live in this folder and
//! never leave it: everything it hands upwards is a domain type or a
//! [`BackendError`](super::BackendError).

mod accounts;
mod admin;
mod bookings;
mod chat;
mod error_reports;
mod errors;
mod http;
mod inbox;
mod providers;
mod realtime;
mod session;
mod wire;

use std::rc::Rc;

use super::resilient::Resilience;
use super::{Backend, OnDemand};

pub use http::DEFAULT_TIMEOUT;

/// Builds the backend port on a PocketBase server at `base_url` (empty for
/// the page's own origin, which is how both the dev proxy and production
/// serve it). Every request of a logical operation goes through `resilience`.
pub fn connect(base_url: &str, resilience: Rc<Resilience>) -> Backend {
    let http = Rc::new(http::PbHttp::new(base_url, DEFAULT_TIMEOUT, resilience));
    let live: OnDemand<realtime::Live> = {
        let h = http.clone();
        OnDemand::new(move || {
            let h = h.clone();
            Box::pin(async move { Rc::new(realtime::load(h).await) })
        })
    };
    let rt = live.clone();
    let realtime: OnDemand<dyn super::RealtimeApi> = OnDemand::new(move || {
        let rt = rt.clone();
        Box::pin(async move { rt.get().await.api.clone() })
    });
    let session = Rc::new(session::PbSession::new(http.clone()));
    let providers = Rc::new(providers::PbProviders::new(http.clone()));
    let h = http.clone();
    let error_reports = OnDemand::new(move || Box::pin(error_reports::load(h.clone())));
    let (h, rt) = (http.clone(), live.clone());
    let bookings = OnDemand::new(move || {
        let (h, rt) = (h.clone(), rt.clone());
        Box::pin(async move { bookings::load(h, rt.get().await.raw.clone()).await })
    });
    let (h, rt) = (http.clone(), live);
    let chat = OnDemand::new(move || {
        let (h, rt) = (h.clone(), rt.clone());
        Box::pin(async move { chat::load(h, rt.get().await.raw.clone()).await })
    });
    let h = http.clone();
    let accounts = OnDemand::new(move || Box::pin(accounts::load(h.clone())));
    let h = http.clone();
    let admin = OnDemand::new(move || Box::pin(admin::load(h.clone())));
    Backend {
        name: "PocketBase",
        session,
        accounts,
        providers,
        error_reports,
        admin,
        bookings,
        chat,
        realtime,
        server_time: http,
    }
}
