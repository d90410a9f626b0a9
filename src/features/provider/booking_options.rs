//! Ways to book from a provider's page: "Book now" (source
//! `bookingButton`), a duration/price slider (`priceSlider`) and
//! "Schedule" (`scheduled`, whatever the element).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::booking::EntryPoint;
use crate::domain::provider::Provider;
use crate::state::booking_entry::use_booking_entry;

#[component]
pub fn BookingOptions(provider: Provider) -> impl IntoView {
    let entry = use_booking_entry();
    let navigate = use_navigate();
    let mut services = provider.services.clone();
    services.sort_unstable_by_key(|s| s.minutes);
    let services = StoredValue::new(services);
    let count = services.with_value(Vec::len);
    let picked = RwSignal::new(0usize);
    let id = provider.id.clone();
    let go = move |point: EntryPoint, query: String| {
        entry.start(id.clone(), point);
        navigate(&format!("/book?provider={id}{query}"), Default::default());
    };
    let (now, later, slider) = (go.clone(), go.clone(), go);
    let chosen = move || services.with_value(|s| s.get(picked.get()).copied());
    view! {
        <section class="booking-options">
            <div class="row">
                <button class="button" data-testid="book-now" on:click=move |_| now(EntryPoint::BookingButton, String::new())>
                    "Book now"
                </button>
                <button class="button button-quiet" data-testid="schedule"
                    on:click=move |_| later(EntryPoint::BookingButton, "&mode=scheduled".into())>
                    "Schedule"
                </button>
            </div>
            {(count > 1).then(|| view! {
                <div class="price-slider">
                    <label for="price-slider">"Duration and price"</label>
                    <input id="price-slider" type="range" min="0" max=(count - 1).to_string() step="1"
                        prop:value=move || picked.get().to_string()
                        on:input=move |ev| picked.set(event_target_value(&ev).parse().unwrap_or(0)) />
                    <p data-testid="slider-choice">
                        {move || chosen().map(|s| format!("{} min · {}", s.minutes, s.price))}
                    </p>
                    <button class="button button-small" data-testid="book-slider"
                        on:click=move |_| {
                            if let Some(s) = chosen() {
                                slider(EntryPoint::PriceSlider, format!("&minutes={}", s.minutes));
                            }
                        }>
                        {move || chosen().map(|s| format!("Book {} min", s.minutes))}
                    </button>
                </div>
            })}
        </section>
    }
}
