//! Composition root: picks the backend, builds the contexts, and routes.
//! Swapping the backend is the one `connect` line below.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::backend::{self, Backend};
use crate::features::auth::sign_in_page::SignInPage;
use crate::features::auth::sign_up_page::SignUpPage;
use crate::features::home::HomePage;
use crate::features::not_found::NotFound;
use crate::features::provider::ProviderPage;
use crate::platform::clock::BrowserClock;
use crate::platform::local_storage::LocalStorageKey;
use crate::platform::sanitizer::Sanitizer;
use crate::state::connection::Connection;
use crate::state::directory::{Directory, keep_until_cleanup};
use crate::state::monitor::Monitor;
use crate::state::session::{STORAGE_KEY, Session, SessionVault};
use crate::store::lazy_db::LazyDb;
use crate::store::providers_cache::IdbProviderCache;
use crate::ui::nav_bar::NavBar;
use crate::ui::untrusted_html::SanitizerContext;

/// Starts the app in the page's `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    // The static "Loading…" shown while the module downloads; the app
    // replaces it. If the module cannot run, the message stays.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    // The backend, on the page's own origin (the dev server proxies `/api`).
    let backend: Backend = backend::pocketbase::connect("");

    let monitor = Monitor::new();
    provide_context(monitor);

    let vault = SessionVault::new(Rc::new(LocalStorageKey::new(STORAGE_KEY)));
    let session = Session::new(backend.auth.clone(), vault, monitor);
    provide_context(session);
    session.restore();

    let (connection, connection_sub) = Connection::follow(&*backend.realtime);
    provide_context(connection);

    let cache = Rc::new(IdbProviderCache::new(LazyDb::app()));
    let directory = Directory::new(
        cache,
        backend.providers.clone(),
        Rc::new(BrowserClock),
        monitor,
    );
    provide_context(directory);
    directory.refresh();
    let mut subscriptions = directory.go_live(&*backend.realtime);
    subscriptions.push(connection_sub);
    keep_until_cleanup(subscriptions);

    provide_context::<SanitizerContext>(StoredValue::new_local(Sanitizer::new()));

    view! {
        <Router>
            <NavBar />
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/providers/:id") view=ProviderPage />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-up") view=SignUpPage />
                </Routes>
            </main>
        </Router>
    }
}
