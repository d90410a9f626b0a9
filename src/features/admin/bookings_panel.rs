//! Bookings per source over the last 30 days (an SVG bar chart), and how
//! fast providers answer (median, p90, share within 5/15/60 minutes).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::booking::BookingSource;
use crate::state::admin_reports::use_admin_reports;

/// Bar lengths in a chart `width` wide, longest first at full width.
pub fn bar_widths(counts: &[u32], width: u32) -> Vec<u32> {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    counts.iter().map(|c| c * width / max).collect()
}

fn minutes(seconds: Option<f64>) -> String {
    seconds.map_or_else(
        || "—".to_owned(),
        |s| format!("{} min", (s / 60.0).round() as u64),
    )
}

#[component]
pub fn BookingsPanel() -> impl IntoView {
    let reports = use_admin_reports();
    spawn_local(async move { reports.refresh().await });
    let sources = reports.sources();
    let times = reports.response_times();
    let chart = move || {
        let rows: Vec<(BookingSource, u32)> = sources.get();
        let widths = bar_widths(&rows.iter().map(|(_, n)| *n).collect::<Vec<_>>(), 200);
        let height = rows.len() * 24;
        view! {
            <svg class="bars" viewBox=format!("0 0 320 {height}") role="img" aria-label="Bookings per source, last 30 days">
                {rows.into_iter().zip(widths).enumerate().map(|(i, ((source, n), w))| {
                    let y = i * 24;
                    view! {
                        <g data-testid="source-bar" data-source=source.as_str() data-count=n.to_string()>
                            <text x="0" y=(y + 16).to_string() font-size="12">{source.as_str()}</text>
                            <rect x="100" y=(y + 4).to_string() width=w.to_string() height="16" rx="3" fill="currentColor" />
                            <text x=(104 + w).to_string() y=(y + 16).to_string() font-size="12">{n.to_string()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        }
    };
    view! {
        <section class="panel wide">
            <h2>"Bookings by source, last 30 days"</h2>
            {chart}
            <h2>"Provider response times"</h2>
            <div class="table-scroll">
                <table class="errors" data-testid="response-times">
                    <thead><tr>
                        <th>"Provider"</th><th>"Answered"</th><th>"Median"</th><th>"p90"</th>
                        <th>"≤5 min"</th><th>"≤15 min"</th><th>"≤60 min"</th>
                    </tr></thead>
                    <tbody>
                        {move || times.get().into_iter().filter(|t| t.responded > 0).map(|t| view! {
                            <tr>
                                <td>{t.provider_name.clone()}</td>
                                <td>{t.responded}</td>
                                <td>{minutes(t.median_seconds)}</td>
                                <td>{minutes(t.p90_seconds)}</td>
                                <td>{format!("{}%", t.share(t.under_5m))}</td>
                                <td>{format!("{}%", t.share(t.under_15m))}</td>
                                <td>{format!("{}%", t.share(t.under_60m))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || reports.error().get().map(|e| view! { <p class="notice">{e.user_message()}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest() {
        assert_eq!(bar_widths(&[0, 5, 10], 200), [0, 100, 200]);
        assert_eq!(
            bar_widths(&[0, 0], 200),
            [0, 0],
            "no bookings: no bars, no division by zero"
        );
    }
}
