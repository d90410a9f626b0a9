//! Composition root: picks the backend, wraps it in the resilience layer,
//! builds the contexts, and routes. Swapping the backend is the one
//! `connect` line below.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, path};

use crate::backend::resilient::Resilience;
use crate::backend::{self, Backend, OnDemand};
use crate::domain::monitoring::{Category, Incident, Severity};
use crate::features::admin::AdminPage;
use crate::features::auth::sign_in_page::SignInPage;
use crate::features::auth::sign_up_page::SignUpPage;
use crate::features::booking::BookPage;
use crate::features::bookings::MyBookingsPage;
use crate::features::chat::ChatDock;
use crate::features::home::HomePage;
use crate::features::inbox::InboxPage;
use crate::features::not_found::NotFound;
use crate::features::provider::ProviderPage;
use crate::platform::clock::BrowserClock;
use crate::platform::global_errors::{self, GlobalError};
use crate::platform::local_storage::LocalStorageKey;
use crate::platform::random::BrowserRandom;
use crate::platform::sanitizer::Sanitizer;
use crate::platform::sleep::BrowserTimers;
use crate::resilience::breaker::BreakerConfig;
use crate::resilience::guard::{Guard, GuardDeps};
use crate::resilience::retry::RetryPolicy;
use crate::state::backend_status::BackendStatus;
use crate::state::booking_entry::BookingEntry;
use crate::state::bookings::Bookings;
use crate::state::chat::ChatController;
use crate::state::connection::Connection;
use crate::state::directory::{Directory, hold};
use crate::state::monitor::Monitor;
use crate::state::server_time::ServerClock;
use crate::state::session::{STORAGE_KEY, Session, SessionVault};
use crate::state::startup;
use crate::state::storage::StorageStatus;
use crate::store::error_log_store::IdbErrorLogStore;
use crate::store::lazy_db::LazyDb;
use crate::store::providers_cache::IdbProviderCache;
use crate::ui::critical_banner::CriticalBanner;
use crate::ui::nav_bar::NavBar;
use crate::ui::storage_notice::StorageNotice;
use crate::ui::untrusted_html::SanitizerContext;

/// The Monitor's persistence and reporting: a lazy chunk, since nothing on
/// the first screen needs it.
#[leptos::lazy]
async fn start_monitor_services(
    monitor: Monitor,
    db: LazyDb,
    reports: OnDemand<dyn crate::backend::ErrorReportsApi>,
) {
    monitor
        .attach_store(Rc::new(IdbErrorLogStore::new(db)))
        .await;
    crate::state::monitor::reporting::start(monitor, reports.get().await);
}

/// Starts the app in the page's `<body>`.
pub fn mount() {
    global_errors::install_panic_hook();
    // The static "Loading…" shown while the module downloads; the app
    // replaces it. If the module cannot run, the message stays.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(StorageStatus::follow());
    let db = LazyDb::app();
    let monitor = Monitor::new();
    provide_context(monitor);
    monitor.start();
    db.open_now(move |e| {
        monitor.note(
            Severity::Warning,
            Category::Storage,
            "store.open",
            e.to_string(),
        );
    });
    global_errors::listen(Rc::new(move |kind, message| {
        let operation = match kind {
            GlobalError::Error => "window.error",
            GlobalError::UnhandledRejection => "window.unhandledrejection",
        };
        monitor.record(Incident::new(
            Severity::Error,
            Category::Ui,
            operation,
            message,
        ));
    }));

    // The resilience layer: one circuit breaker and retry policy for the
    // backend, with every finally failed call recorded by the Monitor.
    let timers = Rc::new(BrowserTimers);
    let guard = Guard::new(
        RetryPolicy::STANDARD,
        BreakerConfig::STANDARD,
        GuardDeps {
            clock: Rc::new(BrowserClock),
            sleeper: timers.clone(),
            scheduler: timers,
            random: Rc::new(BrowserRandom),
        },
    );
    let resilience = Rc::new(Resilience::new(
        guard.clone(),
        Rc::new(move |call, error| monitor.backend_failure(call, error)),
    ));

    // The backend, on the page's own origin (the dev server proxies `/api`).
    let backend: Backend = backend::pocketbase::connect("", resilience);
    provide_context(BackendStatus::follow(
        backend.name,
        &guard,
        backend.admin.clone(),
        monitor,
    ));

    provide_context(ServerClock::new(backend.server_time.clone()));
    let bookings = Bookings::new(
        backend.bookings.clone(),
        {
            let db = db.clone();
            OnDemand::new(move || Box::pin(crate::store::bookings_cache::load(db.clone())))
        },
        monitor,
    );
    provide_context(bookings);
    let chat = ChatController::new(backend.chat.clone(), bookings, monitor);
    provide_context(chat);
    provide_context(BookingEntry::new());

    let vault = SessionVault::new(Rc::new(LocalStorageKey::new(STORAGE_KEY)));
    let session = Session::new(
        backend.session.clone(),
        backend.accounts.clone(),
        vault,
        monitor,
    );
    provide_context(session);
    session.on_sign_out(Rc::new(move || {
        bookings.clear_local();
        chat.close();
    }));
    session.restore();

    let connection = Connection::new();
    provide_context(connection);

    let db_for_monitor = db.clone();
    let cache = Rc::new(IdbProviderCache::new(db));
    let directory = Directory::new(
        cache,
        backend.providers.clone(),
        Rc::new(BrowserClock),
        monitor,
    );
    provide_context(directory);

    provide_context::<SanitizerContext>(StoredValue::new_local(Sanitizer::new()));

    // In the background, once the page opened on has shown its content (see
    // `state::startup`; their chunks arrive after the first load): the
    // directory, if that page did not load it, the Monitor's history and
    // reporting, then the provider page, the next step from the home page,
    // so it opens at once, and offline.
    let reports = backend.error_reports.clone();
    let realtime = backend.realtime.clone();
    leptos::task::spawn_local(async move {
        startup::background_turn().await;
        directory.start();
        // Live updates: the directory's, and the connection badge.
        let realtime = realtime.get().await;
        hold(vec![
            directory.go_live(&*realtime),
            connection.follow(&*realtime, monitor),
        ]);
        start_monitor_services(monitor, db_for_monitor, reports).await;
        <ProviderPage as LazyRoute>::preload().await;
    });

    view! {
        <Router>
            <NavBar />
            <CriticalBanner />
            <StorageNotice />
            <ChatDock />
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/providers/:id") view={Lazy::<ProviderPage>::new()} />
                    <Route path=path!("/sign-in") view={Lazy::<SignInPage>::new()} />
                    <Route path=path!("/sign-up") view={Lazy::<SignUpPage>::new()} />
                    <Route path=path!("/admin") view={Lazy::<AdminPage>::new()} />
                    <Route path=path!("/book") view={Lazy::<BookPage>::new()} />
                    <Route path=path!("/bookings") view={Lazy::<MyBookingsPage>::new()} />
                    <Route path=path!("/chats/:room?") view={Lazy::<InboxPage>::new()} />
                </Routes>
            </main>
        </Router>
    }
}
