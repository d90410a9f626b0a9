//! `/admin`: the health of the system for admins. The route is guarded here
//! (anyone else is sent home) and the backend refuses admin data to others.
//!
//! The page is a lazy route: its code is a separate chunk fetched the first
//! time the page opens, so it costs nothing in the first load.

mod breaker_panel;
mod errors_table;
mod rate_panel;
mod system_panel;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::{LazyRoute, lazy_route};

use crate::state::session::{SessionState, use_session};

use breaker_panel::BreakerPanel;
use errors_table::ErrorsTable;
use rate_panel::RatePanel;
use system_panel::SystemPanel;

/// The admin page, for `Lazy::<AdminPage>::new()` in the router.
#[derive(Debug, Clone, Copy)]
pub struct AdminPage;

#[lazy_route]
impl LazyRoute for AdminPage {
    fn data() -> Self {
        AdminPage
    }

    fn view(_this: Self) -> AnyView {
        let state = use_session().state();
        (move || match state.get() {
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
                    </div>
                    <ErrorsTable />
                </section>
            }
            .into_any(),
            _ => view! { <Redirect path="/" /> }.into_any(),
        })
        .into_any()
    }
}
