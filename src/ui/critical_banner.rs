//! A banner for admins, anywhere in the app, while the error rate is critical.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::monitoring::Level;
use crate::state::monitor::use_monitor;
use crate::state::session::{SessionState, use_session};

#[component]
pub fn CriticalBanner() -> impl IntoView {
    let monitor = use_monitor();
    let session = use_session().state();
    let is_admin = move || matches!(session.get(), SessionState::SignedIn(u) if u.is_admin());
    move || {
        (is_admin() && monitor.level() == Level::Critical).then(|| {
            view! {
                <div class="banner banner-critical" role="alert" data-testid="critical-banner">
                    {format!("Error rate is critical: {} errors in the last minute. ", monitor.rate())}
                    <A href="/admin">"Open the dashboard"</A>
                </div>
            }
        })
    }
}
