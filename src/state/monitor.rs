//! The Monitor: every error the app meets is recorded here (scrubbed,
//! folded, counted), kept in IndexedDB across reloads, and reported to the
//! backend in batches so admins see errors from every user.

pub mod reporting;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, Operation};
use crate::domain::monitoring::error_log::Added;
use crate::domain::monitoring::{Category, ErrorLog, ErrorRecord, Incident, Level, Severity};
use crate::domain::time::Millis;
use crate::platform::clock::BrowserClock;
use crate::platform::page::current_path;
use crate::platform::random::client_id;
use crate::platform::sleep::sleep;
use crate::resilience::clock::Clock;
use crate::store::error_log_store::ErrorLogStore;

/// How often the time-based figures (rate, level) are refreshed.
const TICK: Duration = Duration::from_secs(5);

/// How bad a backend failure is: server faults are errors, trouble reaching
/// the server is a warning, refusals of the user's own input are info.
pub fn severity_of(error: &BackendError) -> Severity {
    match error {
        BackendError::Unavailable { .. }
        | BackendError::Decode(_)
        | BackendError::CircuitOpen { .. } => Severity::Error,
        BackendError::Network(_)
        | BackendError::Offline
        | BackendError::Timeout(_)
        | BackendError::RateLimited { .. } => Severity::Warning,
        _ => Severity::Info,
    }
}

/// The category of a failed call: connection trouble is `Network`,
/// everything else is charged to the operation's own area.
pub fn category_of(error: &BackendError, operation: Operation) -> Category {
    match error {
        BackendError::Network(_) | BackendError::Offline | BackendError::Timeout(_) => {
            Category::Network
        }
        _ => operation.category(),
    }
}

/// The incident for a call that failed after its retries.
pub fn incident_for(call: &Call, error: &BackendError) -> Incident {
    let mut incident = Incident::new(
        severity_of(error),
        category_of(error, call.operation),
        call.operation.name(),
        error.to_string(),
    );
    incident.correlation_id = Some(call.correlation.to_string());
    incident.status = error.status();
    incident
}

/// Sending records to the backend. Attached after the first paint (see
/// [`reporting::start`]), so its code is not part of the first load.
pub trait Reports {
    /// Whether `waiting` unreported records justify sending now.
    fn due(&self, waiting: usize) -> bool;
    /// Sends what is waiting, unless a send is already on its way.
    fn flush(&self, monitor: Monitor);
}

struct Deps {
    /// Attached after the first paint; until then records live in memory
    /// only and are all written when it arrives.
    store: RefCell<Option<Rc<dyn ErrorLogStore>>>,
    reporter: RefCell<Option<Rc<dyn Reports>>>,
}

/// The context handle.
#[derive(Clone, Copy)]
pub struct Monitor {
    log: RwSignal<ErrorLog>,
    now: RwSignal<Millis>,
    deps: StoredValue<Rc<Deps>, LocalStorage>,
}

impl Default for Monitor {
    fn default() -> Self {
        Self::new()
    }
}

impl Monitor {
    pub fn new() -> Self {
        Self {
            log: RwSignal::new(ErrorLog::default()),
            now: RwSignal::new(BrowserClock.now()),
            deps: StoredValue::new_local(Rc::new(Deps {
                store: RefCell::new(None),
                reporter: RefCell::new(None),
            })),
        }
    }

    /// Starts the clock that keeps the rate current, and records a panic
    /// from the last run.
    pub fn start(&self) {
        if let Some(panic) = crate::platform::global_errors::take_previous_panic() {
            self.record(Incident::new(
                Severity::Critical,
                Category::Ui,
                "panic",
                panic,
            ));
        }
        let me = *self;
        spawn_local(async move {
            loop {
                sleep(TICK).await;
                if me.now.try_set(BrowserClock.now()).is_some() {
                    break;
                }
            }
        });
    }

    /// Attaches the persistent history: stored records are merged in, and
    /// everything recorded so far is written.
    pub async fn attach_store(&self, store: Rc<dyn ErrorLogStore>) {
        match store.load().await {
            Ok(stored) => self.log.update(|log| {
                let newer: Vec<ErrorRecord> = log.records().cloned().collect();
                *log = ErrorLog::restore(stored);
                for record in newer {
                    let at = record.last_seen;
                    log.add(record, at);
                }
            }),
            Err(e) => self.record(Incident::new(
                Severity::Warning,
                Category::Storage,
                "monitor.restore",
                e.to_string(),
            )),
        }
        let all: Vec<ErrorRecord> = self
            .log
            .with_untracked(|log| log.records().cloned().collect());
        if let Err(e) = store.save(&all, &[]).await {
            leptos::logging::warn!("[warning/storage] monitor.save: {e}");
        }
        *self.deps.get_value().store.borrow_mut() = Some(store);
    }

    /// Records an incident: scrubbed, folded with repeats, stored, queued
    /// for the backend.
    pub fn record(&self, incident: Incident) {
        self.record_with(incident, true);
    }

    fn record_with(&self, incident: Incident, report: bool) {
        let now = BrowserClock.now();
        let mut record = ErrorRecord::from_incident(
            incident,
            client_id().to_string(),
            now,
            &current_path(),
            crate::APP_VERSION,
        );
        // Logged from the scrubbed record, with the operation's correlation id.
        leptos::logging::warn!(
            "[{}/{}] {} ({}): {}",
            record.severity.as_str(),
            record.category.as_str(),
            record.operation,
            record.correlation_id.as_deref().unwrap_or("-"),
            record.message
        );
        if !report {
            // Local only: its failure would only fail again.
            record.reported = u32::MAX;
        }
        let Some((changed, evicted, waiting)) = self.log.try_update(|log| {
            let (index, evicted) = match log.add(record, now) {
                Added::New { evicted } => (log.len() - 1, evicted),
                Added::Folded(i) => (i, None),
            };
            let changed = log.get(index).cloned();
            (changed, evicted, log.unreported(usize::MAX).len())
        }) else {
            return;
        };
        self.now.set(now);
        let Some(store) = self.deps.get_value().store.borrow().clone() else {
            // Written with everything else when the store is attached.
            return self.maybe_flush(report, waiting);
        };
        spawn_local(async move {
            if let Err(e) = store.save(changed.as_slice(), evicted.as_slice()).await {
                // The record is in memory and on the console; recording the
                // failure to store it would only fail to store again.
                leptos::logging::warn!("[warning/storage] monitor.save: {e}");
            }
        });
        self.maybe_flush(report, waiting);
    }

    fn maybe_flush(&self, report: bool, waiting: usize) {
        if report && self.reporting_schedule_allows(waiting) {
            self.flush();
        }
    }

    /// Records a backend call that failed after its retries. Failures of
    /// error reporting itself stay local, so they cannot feed a loop.
    pub fn backend_failure(&self, call: &Call, error: &BackendError) {
        self.record_with(
            incident_for(call, error),
            call.operation != Operation::ReportErrors,
        );
    }

    /// Starts sending reports through `reports`.
    pub fn attach_reports(&self, reports: Rc<dyn Reports>) {
        *self.deps.get_value().reporter.borrow_mut() = Some(reports);
    }

    fn reporting_schedule_allows(&self, waiting: usize) -> bool {
        let reporter = self.deps.get_value().reporter.borrow().clone();
        reporter.is_some_and(|r| r.due(waiting))
    }

    /// Sends what is waiting, if reporting has started.
    pub fn flush(&self) {
        let reporter = self.deps.get_value().reporter.borrow().clone();
        if let Some(r) = reporter {
            r.flush(*self);
        }
    }

    /// The attached error-log store, if any (for reporting's bookkeeping).
    pub(crate) fn store(&self) -> Option<Rc<dyn ErrorLogStore>> {
        self.deps.get_value().store.borrow().clone()
    }

    /// Every record, oldest first.
    pub fn records(&self) -> Vec<ErrorRecord> {
        self.log.with(|log| log.records().cloned().collect())
    }

    pub fn log(&self) -> RwSignal<ErrorLog> {
        self.log
    }

    /// The current time as the Monitor last saw it (moves every 5 s).
    pub fn now(&self) -> Signal<Millis> {
        self.now.into()
    }

    pub fn rate(&self) -> u32 {
        let now = self.now.get();
        self.log.with(|log| log.rate_per_minute(now))
    }

    pub fn level(&self) -> Level {
        Level::of_rate(self.rate())
    }

    pub fn count(&self) -> usize {
        self.log.with(ErrorLog::len)
    }

    /// Shorthand for recording a problem that has no call behind it.
    pub fn note(
        &self,
        severity: Severity,
        category: Category,
        operation: &str,
        message: impl Into<String>,
    ) {
        self.record(Incident::new(severity, category, operation, message));
    }
}

pub fn use_monitor() -> Monitor {
    expect_context::<Monitor>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::CorrelationId;

    #[test]
    fn connection_trouble_is_charged_to_the_network() {
        let offline = BackendError::Network("offline".into());
        assert_eq!(category_of(&offline, Operation::SignIn), Category::Network);
        assert_eq!(
            category_of(&BackendError::Forbidden, Operation::SignIn),
            Category::Auth
        );
        assert_eq!(
            severity_of(&BackendError::Unavailable { status: 500 }),
            Severity::Error
        );
        assert_eq!(severity_of(&BackendError::NotFound), Severity::Info);
    }

    #[test]
    fn a_failed_call_becomes_an_incident_with_its_correlation_id() {
        let call = Call::new(
            Operation::ListProviders,
            CorrelationId::parse("abc123").unwrap(),
        );
        let i = incident_for(
            &call,
            &BackendError::Decode("expected JSON, got text/html".into()),
        );
        assert_eq!(i.operation, "providers.list");
        assert_eq!(i.category, Category::Backend);
        assert_eq!(i.severity, Severity::Error);
        assert_eq!(i.correlation_id.as_deref(), Some("abc123"));
    }
}
