//! The circuit breaker of the backend: its state, failures so far, the last
//! failure and the seconds left until it lets a probe through.

use std::time::Duration;

use leptos::prelude::*;

use crate::state::backend_status::use_backend_status;
use crate::state::ticker::use_ticker;

#[component]
pub fn BreakerPanel() -> impl IntoView {
    let status = use_backend_status();
    let breaker = status.breaker();
    let now = use_ticker(Duration::from_millis(500));
    let countdown = move || {
        let snapshot = breaker.get();
        snapshot.half_open_at.map(|at| {
            format!(
                "half-open in {} s",
                at.saturating_sub(now.get()).as_secs_f64().ceil() as u64
            )
        })
    };
    let last_failure = move || {
        breaker
            .get()
            .last_failure
            .map(|t| format!("{} s ago", now.get().saturating_sub(t).as_secs()))
            .unwrap_or_else(|| "never".into())
    };
    view! {
        <section class="panel">
            <h2>"Circuit breaker: " {status.name()}</h2>
            <p class="big">
                <span class=move || format!("breaker breaker-{}", breaker.get().state.as_str()) data-testid="breaker-state">
                    {move || breaker.get().state.as_str()}
                </span>
            </p>
            <dl class="facts">
                <dt>"Failures"</dt>
                <dd data-testid="breaker-failures">
                    {move || format!("{}/{}", breaker.get().consecutive_failures, breaker.get().threshold)}
                </dd>
                <dt>"Last failure"</dt>
                <dd>{last_failure}</dd>
                <dt>"Next probe"</dt>
                <dd data-testid="breaker-countdown">{move || countdown().unwrap_or_else(|| "—".into())}</dd>
            </dl>
        </section>
    }
}
