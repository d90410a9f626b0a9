//! `/admin`: the health of the system for admins. The route is guarded here
//! (anyone else is sent home) and the backend refuses admin data to others.
//! A lazy route: its code is fetched the first time the page opens.

mod bookings_panel;
mod breaker_panel;
mod errors_table;
mod outbox_panel;
mod rate_panel;
mod system_panel;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::state::admin_reports::AdminReports;
use crate::state::backend_status::use_backend_status;
use crate::state::remote_errors::RemoteErrors;
use crate::state::session::{SessionState, use_session};

use bookings_panel::BookingsPanel;
use breaker_panel::BreakerPanel;
use errors_table::ErrorsTable;
use outbox_panel::OutboxPanel;
use rate_panel::RatePanel;
use system_panel::SystemPanel;

lazy_page!(
    /// The admin page. It is shown as it is made: the dashboard reads the
    /// Monitor's stored history, which the background start-up work
    /// attaches, so it must not hold that work back.
    AdminPage => AdminDashboard
);

/// The dashboard, for admins only: others are sent home.
#[component]
fn AdminDashboard() -> impl IntoView {
    let state = use_session().state();
    // The admin-only reports are made here, in the page's own chunk, rather
    // than for every visitor at start.
    let admin = use_backend_status().admin_api();
    provide_context(RemoteErrors::new(admin.clone()));
    provide_context(AdminReports::new(admin));
    move || match state.get() {
        SessionState::Restoring => {
            view! { <p class="loading" aria-busy="true">"Loading…"</p> }.into_any()
        }
        SessionState::SignedIn(user) if user.is_admin() => view! {
            <section class="page admin" data-testid="admin-dashboard">
                <h1>"System health"</h1>
                <div class="admin-grid">
                    <RatePanel />
                    <BreakerPanel />
                    <SystemPanel />
                    <OutboxPanel />
                </div>
                <ErrorsTable />
                <BookingsPanel />
            </section>
        }
        .into_any(),
        _ => view! { <Redirect path="/" /> }.into_any(),
    }
}
