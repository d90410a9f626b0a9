//! Recent errors, from this browser or from every user (through the
//! backend), filtered by severity, category and age, and exported as shown.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::BackendError;
use crate::domain::monitoring::export::{to_csv, to_json};
use crate::domain::monitoring::{Category, ErrorRecord, Severity};
use crate::domain::time::Millis;
use crate::platform::download::save_text;
use crate::state::monitor::use_monitor;
use crate::state::remote_errors::use_remote_errors;

/// What the table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorFilter {
    pub severity: Option<Severity>,
    pub category: Option<Category>,
    /// Only records seen within this many minutes.
    pub within_minutes: Option<u64>,
}

impl ErrorFilter {
    /// The matching records, newest first.
    pub fn apply<'a>(
        &self,
        records: impl DoubleEndedIterator<Item = &'a ErrorRecord>,
        now: Millis,
    ) -> Vec<ErrorRecord> {
        records
            .rev()
            .filter(|r| self.severity.is_none_or(|s| r.severity == s))
            .filter(|r| self.category.is_none_or(|c| r.category == c))
            .filter(|r| {
                self.within_minutes
                    .is_none_or(|m| now.0.saturating_sub(r.last_seen.0) <= m * 60_000)
            })
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    ThisBrowser,
    AllUsers,
}

#[component]
pub fn ErrorsTable() -> impl IntoView {
    let monitor = use_monitor();
    let remote = use_remote_errors();
    let source = RwSignal::new(Source::ThisBrowser);
    let filter = RwSignal::new(ErrorFilter {
        severity: None,
        category: None,
        within_minutes: None,
    });
    let now = monitor.now();
    let log = monitor.log();
    let rows = Memo::new(move |_| {
        let f = filter.get();
        match source.get() {
            Source::ThisBrowser => log.with(|l| f.apply(l.records(), now.get())),
            Source::AllUsers => remote.records().with(|r| f.apply(r.iter(), now.get())),
        }
    });
    let export = move |csv: bool| {
        let records = rows.get_untracked();
        let (name, mime, text) = if csv {
            ("janji-errors.csv", "text/csv", to_csv(&records))
        } else {
            ("janji-errors.json", "application/json", to_json(&records))
        };
        if let Err(e) = save_text(name, mime, &text) {
            monitor.note(Severity::Warning, Category::Ui, "monitor.export", e);
        }
    };
    let show_all_users = move |_| {
        source.set(Source::AllUsers);
        spawn_local(async move { remote.refresh().await });
    };
    let remote_error = move || {
        (source.get() == Source::AllUsers)
            .then(|| remote.error().get())
            .flatten()
            .map(|e: BackendError| view! { <p class="notice">{e.user_message()}</p> })
    };
    let select = |label: &'static str,
                  options: Rc<[(&'static str, &'static str)]>,
                  on_pick: Rc<dyn Fn(String)>| {
        view! {
            <label>
                {label}
                <select on:change=move |ev| on_pick(event_target_value(&ev))>
                    {options.iter().map(|(value, text)| view! { <option value=*value>{*text}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let severities: Rc<[(&str, &str)]> = std::iter::once(("", "All severities"))
        .chain(Severity::ALL.iter().map(|s| (s.as_str(), s.as_str())))
        .collect();
    let categories: Rc<[(&str, &str)]> = std::iter::once(("", "All categories"))
        .chain(Category::ALL.iter().map(|c| (c.as_str(), c.as_str())))
        .collect();
    let ages: Rc<[(&str, &str)]> = Rc::new([
        ("", "Any time"),
        ("15", "Last 15 min"),
        ("60", "Last hour"),
        ("1440", "Last 24 h"),
    ]);

    view! {
        <section class="panel wide">
            <h2>"Recent errors"</h2>
            <div class="tabs">
                <button class="tab" aria-pressed=move || (source.get() == Source::ThisBrowser).to_string()
                    on:click=move |_| source.set(Source::ThisBrowser)>"This browser"</button>
                <button class="tab" aria-pressed=move || (source.get() == Source::AllUsers).to_string()
                    on:click=show_all_users>"All users"</button>
            </div>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                {select("Severity", severities, Rc::new(move |v| filter.update(|f| f.severity = Severity::parse(&v))))}
                {select("Category", categories, Rc::new(move |v| filter.update(|f| f.category = Category::parse(&v))))}
                {select("Time", ages, Rc::new(move |v| filter.update(|f| f.within_minutes = v.parse().ok())))}
                <button class="button button-small" type="button" data-testid="export-csv" on:click=move |_| export(true)>"Export CSV"</button>
                <button class="button button-small" type="button" data-testid="export-json" on:click=move |_| export(false)>"Export JSON"</button>
            </form>
            {remote_error}
            <div class="table-scroll">
                <table class="errors" data-testid="errors-table">
                    <thead><tr>
                        <th>"Last seen"</th><th>"Severity"</th><th>"Category"</th><th>"Operation"</th>
                        <th>"Message"</th><th>"Status"</th><th>"Count"</th><th>"Correlation id"</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r| view! {
                            <tr>
                                <td>{r.last_seen.to_iso8601()}</td>
                                <td>{r.severity.as_str()}</td>
                                <td>{r.category.as_str()}</td>
                                <td>{r.operation}</td>
                                <td>{r.message}</td>
                                <td>{r.status.map(|s| s.to_string())}</td>
                                <td>{r.count}</td>
                                <td class="mono">{r.correlation_id}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::monitoring::Incident;

    fn record(severity: Severity, category: Category, at: u64) -> ErrorRecord {
        let mut r = ErrorRecord::from_incident(
            Incident::new(severity, category, "op", "m"),
            at.to_string(),
            Millis(at),
            "/",
            "t",
        );
        r.last_seen = Millis(at);
        r
    }

    #[test]
    fn filters_by_severity_category_and_age_newest_first() {
        let records = [
            record(Severity::Error, Category::Network, 0),
            record(Severity::Warning, Category::Network, 60_000),
            record(Severity::Error, Category::Auth, 120_000),
        ];
        let now = Millis(120_000);
        let all = ErrorFilter {
            severity: None,
            category: None,
            within_minutes: None,
        };
        assert_eq!(
            all.apply(records.iter(), now)
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["120000", "60000", "0"]
        );
        let errors = ErrorFilter {
            severity: Some(Severity::Error),
            ..all.clone()
        };
        assert_eq!(errors.apply(records.iter(), now).len(), 2);
        let network_errors = ErrorFilter {
            category: Some(Category::Network),
            ..errors
        };
        assert_eq!(network_errors.apply(records.iter(), now).len(), 1);
        let recent = ErrorFilter {
            within_minutes: Some(1),
            ..all
        };
        assert_eq!(recent.apply(records.iter(), now).len(), 2);
    }
}
