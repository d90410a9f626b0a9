//! The provider's menu as a horizontal, swipeable row of sessions.

use leptos::prelude::*;

use crate::domain::provider::Service;

#[component]
pub fn ServicesMenu(services: Vec<Service>) -> impl IntoView {
    let mut sorted = services;
    sorted.sort_unstable_by_key(|s| s.minutes);
    view! {
        <section class="services">
            <h2>"Services"</h2>
            <ul class="menu-slider" data-testid="services-menu">
                {sorted
                    .into_iter()
                    .map(|s| view! {
                        <li class="menu-item">
                            <span class="menu-minutes">{format!("{} min", s.minutes)}</span>
                            <span class="menu-price">{s.price.to_string()}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
