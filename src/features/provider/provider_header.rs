//! Name, kind, city, rating, presence and time zone of a provider.

use leptos::prelude::*;

use crate::domain::provider::Provider;

#[component]
pub fn ProviderHeader(provider: Provider) -> impl IntoView {
    let presence = if provider.online {
        "Online now"
    } else {
        "Offline"
    };
    view! {
        <header class="provider-header">
            <h1>{provider.name.clone()}</h1>
            <p class="card-meta">
                {provider.kind.label()} " · " {provider.city.clone()} " · ★ "
                {provider.rating.to_string()}
            </p>
            <p class="card-meta">
                <span class=if provider.online { "presence presence-online" } else { "presence" }>{presence}</span>
                " · times in " {provider.timezone.clone()}
            </p>
        </header>
    }
}
