//! Pages and their parts. Components here are thin: they read typed
//! contexts from `state/` and never call the backend themselves.

/// Declares `$page` as a lazy route showing the component `$view`: the
/// page's code is a chunk fetched on its first visit, not part of the first
/// load (see ARCHITECTURE.md). Such a page's content comes with its code, so
/// it is shown as it is made and the background start-up work may begin
/// (see `state::startup`); a page whose content comes later says
/// `shown by the view` and tells `startup` itself.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $page:ident => $view:ident) => {
        lazy_page!(@route $(#[$doc])* $page => $view, crate::state::startup::page_shown());
    };
    ($(#[$doc:meta])* $page:ident => $view:ident, shown by the view) => {
        lazy_page!(@route $(#[$doc])* $page => $view, ());
    };
    (@route $(#[$doc:meta])* $page:ident => $view:ident, $shown:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $page;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $page {
            fn data() -> Self {
                $page
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                $shown;
                leptos::prelude::IntoAny::into_any(leptos::view! { <$view /> })
            }
        }
    };
}

pub mod admin;
pub mod auth;
pub mod booking;
pub mod bookings;
pub mod chat;
pub mod home;
pub mod inbox;
pub mod not_found;
pub mod provider;
