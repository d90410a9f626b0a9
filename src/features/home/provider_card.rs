//! One provider in the directory.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::provider::{Provider, format_rating};

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
                        {format_rating(provider.rating)}
                    </p>
                    <p class="card-price">{from}</p>
                </div>
                {provider.online.then(|| view! { <span class="presence presence-online">"Online"</span> })}
            </A>
        </li>
    }
}
