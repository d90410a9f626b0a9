//! The provider's response countdown, by the server's clock.

use leptos::prelude::*;

use crate::domain::booking::format_countdown;
use crate::domain::time::Millis;
use crate::state::server_time::use_time_left;

#[component]
pub fn Countdown(#[prop(into)] deadline: Signal<Millis>) -> impl IntoView {
    let left = use_time_left(deadline);
    view! {
        <span class="countdown" data-testid="countdown" title="Time the provider has left to answer">
            {move || format_countdown(left.get())}
        </span>
    }
}
