//! The error rate now, its level, the last hour as a sparkline, and counts
//! by severity and category.

use leptos::prelude::*;

use crate::domain::monitoring::error_log::SPARKLINE_MINUTES;
use crate::domain::monitoring::{ErrorLog, Level};
use crate::state::monitor::use_monitor;

/// The sparkline's polyline points in a 120 × 30 box.
pub fn sparkline_points(buckets: &[u32]) -> String {
    let max = buckets.iter().copied().max().unwrap_or(0).max(1);
    let step = 120.0 / (buckets.len().max(2) - 1) as f64;
    buckets
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                30.0 - f64::from(*n) * 28.0 / f64::from(max)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn RatePanel() -> impl IntoView {
    let monitor = use_monitor();
    let log = monitor.log();
    let now = monitor.now();
    let rate = Memo::new(move |_| log.with(|l| l.rate_per_minute(now.get())));
    let points =
        Memo::new(move |_| log.with(|l: &ErrorLog| sparkline_points(&l.sparkline(now.get()))));
    let counts = move || {
        let counts = log.with(ErrorLog::counts);
        let (by_severity, by_category) = (counts.by_severity, counts.by_category);
        let row = |name: &'static str, n: u32| view! { <li><span>{name}</span><b>{n}</b></li> };
        view! {
            <ul class="counts" data-testid="counts-by-severity">
                {by_severity.into_iter().map(|(s, n)| row(s.as_str(), n)).collect_view()}
            </ul>
            <ul class="counts" data-testid="counts-by-category">
                {by_category.into_iter().filter(|(_, n)| *n > 0).map(|(c, n)| row(c.as_str(), n)).collect_view()}
            </ul>
        }
    };
    view! {
        <section class="panel">
            <h2>"Error rate"</h2>
            <p class="big">
                <span data-testid="error-rate">{rate}</span>
                " / min "
                <span class=move || format!("level level-{}", Level::of_rate(rate.get()).as_str()) data-testid="error-level">
                    {move || Level::of_rate(rate.get()).as_str()}
                </span>
            </p>
            <svg class="sparkline" viewBox="0 0 120 30" role="img" aria-label=format!("errors per minute, last {SPARKLINE_MINUTES} minutes")>
                <polyline points=points fill="none" stroke="currentColor" stroke-width="1.5" />
            </svg>
            {counts}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_the_busiest_minute() {
        assert_eq!(sparkline_points(&[0, 2, 1]), "0.0,30.0 60.0,2.0 120.0,16.0");
        assert_eq!(
            sparkline_points(&[0, 0]),
            "0.0,30.0 120.0,30.0",
            "an empty hour is a flat line"
        );
    }
}
