//! The provider's menu as a horizontal, swipeable row of sessions; each one
//! books that session (source `menuSlider`).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::booking::EntryPoint;
use crate::domain::ids::ProviderId;
use crate::domain::provider::Service;
use crate::state::booking_entry::use_booking_entry;

#[component]
pub fn ServicesMenu(provider: ProviderId, services: Vec<Service>) -> impl IntoView {
    let entry = use_booking_entry();
    let navigate = use_navigate();
    let mut sorted = services;
    sorted.sort_unstable_by_key(|s| s.minutes);
    view! {
        <section class="services">
            <h2>"Services"</h2>
            <ul class="menu-slider" data-testid="services-menu">
                {sorted
                    .into_iter()
                    .map(|s| {
                        let (provider, navigate) = (provider.clone(), navigate.clone());
                        let book = move |_| {
                            entry.start(provider.clone(), EntryPoint::MenuSlider);
                            navigate(&format!("/book?provider={provider}&minutes={}", s.minutes), Default::default());
                        };
                        view! {
                            <li class="menu-item">
                                <button class="menu-button" on:click=book>
                                    <span class="menu-minutes">{format!("{} min", s.minutes)}</span>
                                    <span class="menu-price">{s.price.to_string()}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
