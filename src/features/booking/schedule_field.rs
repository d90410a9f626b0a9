//! The time of a scheduled booking, shown in the provider's time zone and in
//! the customer's.

use leptos::prelude::*;

use crate::domain::time::Millis;
use crate::platform::time_zone::{browser_zone, parse_local_input};
use crate::state::monitor::use_monitor;
use crate::ui::zoned_time::zoned_time;

#[component]
pub fn ScheduleField(
    value: RwSignal<String>,
    provider_zone: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let own_zone = browser_zone();
    let monitor = use_monitor();
    let at = Memo::new(move |_| value.with(|v| parse_local_input(v)));
    let zones = move || {
        at.get().map(|at: Millis| {
            view! {
                <p class="zones" data-testid="schedule-zones">
                    {format!("Provider's time ({provider_zone}): {}", zoned_time(monitor, at, &provider_zone))}
                    <br />
                    {format!("Your time ({own_zone}): {}", zoned_time(monitor, at, &own_zone))}
                </p>
            }
        })
    };
    view! {
        <label for="when">"When"</label>
        <input id="when" name="when" type="datetime-local" aria-describedby="when-error"
            prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
        {zones}
        {move || error.get().map(|m| view! { <p class="field-error" id="when-error" role="alert">{m}</p> })}
    }
}
