//! A provider's page: who they are (the bio, sanitized), where, and their
//! menu of services. It renders from the directory, which holds every
//! provider (cache first, then the backend), so a deep link needs no request
//! of its own.

mod booking_options;
mod provider_header;
mod services_menu;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::domain::ids::ProviderId;
use crate::state::directory::{DirectoryStatus, use_directory};
use crate::ui::server_unreachable::ServerUnreachable;
use crate::ui::untrusted_html::UntrustedHtml;

use booking_options::BookingOptions;
use provider_header::ProviderHeader;
use services_menu::ServicesMenu;

#[derive(Params, Clone, Debug, PartialEq)]
pub struct ProviderParams {
    pub id: Option<String>,
}

#[component]
fn ProviderPageView() -> impl IntoView {
    let directory = use_directory();
    let params = use_params::<ProviderParams>();
    let id = Memo::new(move |_| {
        params
            .get()
            .ok()
            .and_then(|p| p.id)
            .and_then(|raw| ProviderId::parse(raw).ok())
    });
    let all = directory.providers();
    let provider = Memo::new(move |_| {
        let id = id.get()?;
        all.with(|list| list.iter().find(|p| p.id == id).cloned())
    });
    let status = directory.status();

    move || {
        if let Some(provider) = provider.get() {
            let bio = provider.bio_html.clone();
            return view! {
                <article class="page provider-page" data-testid="provider-page">
                    <ProviderHeader provider=provider.clone() />
                    <section class="bio">
                        <h2>"About"</h2>
                        <UntrustedHtml html=bio class="bio-text" />
                    </section>
                    <BookingOptions provider=provider.clone() />
                    <ServicesMenu provider=provider.id.clone() services=provider.services.clone() />
                </article>
            }
            .into_any();
        }
        match status.get() {
            DirectoryStatus::Fresh => view! {
                <section class="page narrow"><h1>"Provider not found"</h1></section>
            }
            .into_any(),
            DirectoryStatus::Unreachable(error) => view! {
                <ServerUnreachable error=error on_retry=move |()| directory.refresh() />
            }
            .into_any(),
            DirectoryStatus::Loading | DirectoryStatus::Refreshing => {
                view! { <p class="loading" aria-busy="true">"Loading…"</p> }.into_any()
            }
        }
    }
}

lazy_page!(
    /// A provider's page.
    ProviderPage => ProviderPageView
);
