//! `/bookings`: a customer's bookings, or a provider's incoming ones, with
//! status filters (`?status=Pending`), live, from the device's cache first.
//! A lazy route.

mod booking_card;
mod status_actions;
mod unsent_bookings;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;

use crate::domain::booking::{BookingStatus, Party};
use crate::domain::user::Role;
use crate::state::bookings::{ListStatus, use_bookings};
use crate::state::session::{SessionState, use_session};

use booking_card::BookingCard;
use unsent_bookings::UnsentBookings;

#[derive(Params, Clone, Debug, PartialEq, Default)]
pub struct BookingsQuery {
    pub status: Option<String>,
}

lazy_page!(
    /// My bookings.
    MyBookingsPage => MyBookingsView
);

#[component]
fn MyBookingsView() -> impl IntoView {
    let session = use_session().state();
    move || match session.get() {
        SessionState::Restoring => view! { <p class="loading">"…"</p> }.into_any(),
        SessionState::SignedOut => view! {
            <section class="page narrow">
                <p>"Sign in to see your bookings."</p>
                <A href="/sign-in" attr:class="button">"Sign in"</A>
            </section>
        }
        .into_any(),
        SessionState::SignedIn(user) => {
            let party = if user.role == Role::Provider {
                Party::Provider
            } else {
                Party::Customer
            };
            let bookings = use_bookings();
            bookings.load(user.id.clone());
            view! { <BookingList party=party /> }.into_any()
        }
    }
}

#[component]
fn BookingList(party: Party) -> impl IntoView {
    let bookings = use_bookings();
    let query = use_query::<BookingsQuery>();
    let wanted = Memo::new(move |_| {
        query
            .get()
            .ok()
            .and_then(|q| q.status)
            .and_then(|s| BookingStatus::parse(&s))
    });
    let list = bookings.list();
    let shown = Memo::new(move |_| {
        let wanted = wanted.get();
        list.with(|all| {
            all.iter()
                .filter(|b| wanted.is_none_or(|w| b.status == w))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let status = bookings.status();
    let title = match party {
        Party::Provider => "Incoming bookings",
        Party::Customer => "My bookings",
    };
    let chip = move |label: &'static str, status: Option<BookingStatus>| {
        let href = status.map_or_else(
            || "/bookings".to_owned(),
            |s| format!("/bookings?status={}", s.as_str()),
        );
        view! {
            <A href=href attr:class="tab" attr:aria-pressed=move || (wanted.get() == status).to_string()>{label}</A>
        }
    };
    view! {
        <section class="page" data-testid="bookings-page">
            <h1>{title}</h1>
            <nav class="tabs" aria-label="Filter by status">
                {chip("All", None)}
                {BookingStatus::ALL.iter().map(|s| chip(s.as_str(), Some(*s))).collect_view()}
            </nav>
            {move || match status.get() {
                ListStatus::Failed(e) => Some(view! { <p class="notice" role="status">{format!("Couldn't refresh: {}", e.user_message())}</p> }),
                _ => None,
            }}
            {move || (shown.with(Vec::is_empty) && status.get() != ListStatus::Loading)
                .then(|| view! { <p class="empty">"No bookings here yet."</p> })}
            <UnsentBookings />
            <ul class="booking-list" data-testid="booking-list">
                <For each=move || shown.get() key=|b| (b.id.clone(), b.updated) let(booking)>
                    <BookingCard booking=booking party=party />
                </For>
            </ul>
        </section>
    }
}
