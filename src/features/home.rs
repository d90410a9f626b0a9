//! The home page: the provider directory with filters. The filters live in
//! the URL (`/?kind=place&city=Bandung&online=true`), so a filtered list can
//! be shared and survives a reload.

mod provider_card;
mod provider_filters;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;

use crate::domain::provider::{ProviderFilter, ProviderKind, cities};
use crate::state::directory::{DirectoryStatus, use_directory};
use crate::state::startup;
use crate::ui::server_unreachable::{ServerUnreachable, is_unreachable};

use provider_card::ProviderCard;
use provider_filters::ProviderFilters;

#[derive(Params, Clone, Debug, PartialEq, Default)]
pub struct HomeQuery {
    pub kind: Option<String>,
    pub city: Option<String>,
    pub online: Option<bool>,
}

impl HomeQuery {
    pub fn filter(&self) -> ProviderFilter {
        ProviderFilter {
            kind: self
                .kind
                .as_deref()
                .and_then(|k| k.parse::<ProviderKind>().ok()),
            city: self.city.clone().filter(|c| !c.is_empty()),
            online_only: self.online.unwrap_or(false),
        }
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let directory = use_directory();
    let query = use_query::<HomeQuery>();
    let filter = Memo::new(move |_| query.get().unwrap_or_default().filter());
    let all = directory.providers();
    let shown = Memo::new(move |_| all.with(|list| filter.with(|f| f.apply(list))));
    let city_options = Memo::new(move |_| all.with(|list| cities(list)));
    let status = directory.status();
    let has_data = directory.has_data();
    // The providers, or why there are none, are the page's first content.
    Effect::new(move |_| {
        if has_data.get() || status.with(|s| matches!(s, DirectoryStatus::Unreachable(_))) {
            startup::page_shown();
        }
    });

    let body = move || {
        if !has_data.get() {
            return match status.get() {
                DirectoryStatus::Unreachable(error) => {
                    view! { <ServerUnreachable error=error on_retry=move |()| directory.refresh() /> }.into_any()
                }
                _ => view! { <p class="loading" aria-busy="true">"Loading providers…"</p> }.into_any(),
            };
        }
        let offline = move || match status.get() {
            DirectoryStatus::Unreachable(error) => {
                let text = if is_unreachable(&error) {
                    "Offline: showing the providers saved on this device.".to_owned()
                } else {
                    format!("Couldn't refresh the list: {}", error.user_message())
                };
                Some(
                    view! { <p class="notice" role="status" data-testid="directory-notice">{text}</p> },
                )
            }
            _ => None,
        };
        let empty = move || {
            shown
                .with(Vec::is_empty)
                .then(|| view! { <p class="empty">"No providers match these filters."</p> })
        };
        view! {
            {offline}
            {empty}
            <ul class="provider-grid" data-testid="provider-list">
                <For each=move || shown.get() key=|p| (p.id.clone(), p.updated.clone(), p.online) let(provider)>
                    <ProviderCard provider=provider />
                </For>
            </ul>
        }
        .into_any()
    };

    view! {
        <section class="page">
            <h1>"Book a massage or a spa"</h1>
            <ProviderFilters filter=filter cities=city_options />
            {body}
        </section>
    }
}
