//! `/book`: the booking form, for a provider named in the URL
//! (`/book?provider=…&minutes=…&mode=scheduled`). A lazy route.

mod booking_form;
mod schedule_field;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;

use crate::domain::booking::BookingMode;
use crate::domain::ids::ProviderId;
use crate::domain::user::Role;
use crate::state::booking_entry::use_booking_entry;
use crate::state::directory::use_directory;
use crate::state::session::{SessionState, use_session};

use booking_form::BookingForm;

#[derive(Params, Clone, Debug, PartialEq, Default)]
pub struct BookQuery {
    pub provider: Option<String>,
    pub minutes: Option<u16>,
    pub mode: Option<String>,
}

lazy_page!(
    /// The booking form.
    BookPage => BookPageView
);

#[component]
fn BookPageView() -> impl IntoView {
    let query = use_query::<BookQuery>().get_untracked().unwrap_or_default();
    let provider_id = query
        .provider
        .as_deref()
        .and_then(|p| ProviderId::parse(p).ok());
    // Taken once: the element that led here, or `direct` for a link.
    let entry = provider_id.as_ref().map(|p| use_booking_entry().take(p));
    let mode = match query.mode.as_deref() {
        Some("scheduled") => BookingMode::Scheduled,
        _ => BookingMode::Immediate,
    };
    let directory = use_directory();
    let all = directory.providers();
    let session = use_session().state();
    let provider = Memo::new(move |_| {
        let id = provider_id.clone()?;
        all.with(|list| list.iter().find(|p| p.id == id).cloned())
    });

    move || {
        let Some(provider) = provider.get() else {
            return view! { <p class="loading" aria-busy="true">"Loading the provider…"</p> }
                .into_any();
        };
        match session.get() {
            SessionState::Restoring => view! { <p class="loading">"…"</p> }.into_any(),
            SessionState::SignedOut => view! {
                <section class="page narrow">
                    <h1>"Book " {provider.name.clone()}</h1>
                    <p>"Sign in to book, so the provider can reach you and you can chat."</p>
                    <A href="/sign-in" attr:class="button">"Sign in"</A>
                </section>
            }
            .into_any(),
            SessionState::SignedIn(user) if user.role != Role::Customer => view! {
                <section class="page narrow"><p class="notice">"Only customer accounts can book."</p></section>
            }
            .into_any(),
            SessionState::SignedIn(user) => view! {
                <BookingForm
                    provider=provider
                    entry=entry.unwrap_or(crate::domain::booking::EntryPoint::Direct)
                    minutes=query.minutes
                    mode=mode
                    default_name=user.name
                />
            }
            .into_any(),
        }
    }
}
