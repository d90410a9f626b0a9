//! One provider in the directory.

use leptos::prelude::*;
use leptos_router::components::A;

use leptos_router::hooks::use_navigate;

use crate::domain::booking::EntryPoint;
use crate::domain::provider::Provider;
use crate::state::booking_entry::use_booking_entry;

/// The first letters of a name, for the avatar placeholder.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect()
}

#[component]
pub fn ProviderCard(provider: Provider) -> impl IntoView {
    let href = format!("/providers/{}", provider.id);
    let entry = use_booking_entry();
    let navigate = use_navigate();
    let id = provider.id.clone();
    let book = move |_| {
        entry.start(id.clone(), EntryPoint::BookingButton);
        navigate(&format!("/book?provider={id}"), Default::default());
    };
    let from = provider
        .cheapest()
        .map(|s| format!("from {} · {} min", s.price, s.minutes));
    let avatar = match provider.photo_url.clone() {
        Some(url) => view! { <img class="avatar" src=url alt="" width="56" height="56" loading="lazy" /> }.into_any(),
        None => view! { <span class="avatar avatar-initials" aria-hidden="true">{initials(&provider.name)}</span> }.into_any(),
    };
    view! {
        <li class="card provider-card" data-testid="provider-card">
            <A href=href attr:class="card-link">
                {avatar}
                <div class="card-body">
                    <h2 class="card-title">{provider.name.clone()}</h2>
                    <p class="card-meta">
                        {provider.kind.label()} " · " {provider.city.clone()} " · ★ "
                        {provider.rating.to_string()}
                    </p>
                    <p class="card-price">{from}</p>
                </div>
                {provider.online.then(|| view! { <span class="presence presence-online">"Online"</span> })}
            </A>
            <button class="button button-small card-book" data-testid="card-book-now" on:click=book>"Book now"</button>
        </li>
    }
}
