//! Pages and their parts. Components here are thin: they read typed
//! contexts from `state/` and never call the backend themselves.

/// Declares `$page` as a lazy route showing the component `$view`: the
/// page's code is a chunk fetched on its first visit, not part of the first
/// load (see ARCHITECTURE.md).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $page:ident => $view:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $page;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $page {
            fn data() -> Self {
                $page
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
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
