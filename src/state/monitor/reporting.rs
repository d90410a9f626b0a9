//! When the Monitor sends error reports to the backend: every 10 s, or at
//! once when 20 are waiting, and less often while the backend pushes back.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, ErrorReportsApi, Operation};
use crate::domain::monitoring::ErrorRecord;
use crate::platform::random::client_id;
use crate::platform::sleep::sleep;

use super::{Monitor, Reports};

/// The normal pause between flushes.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);
/// Waiting reports that trigger a flush right away.
pub const FLUSH_AT: usize = 20;
/// The longest pause while backing off.
pub const MAX_PAUSE: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSchedule {
    pause: Duration,
}

impl Default for ReportSchedule {
    fn default() -> Self {
        Self { pause: FLUSH_EVERY }
    }
}

impl ReportSchedule {
    /// How long to wait before the next timed flush.
    pub fn pause(&self) -> Duration {
        self.pause
    }

    /// Whether `waiting` reports justify a flush before the timer.
    pub fn flush_now(&self, waiting: usize) -> bool {
        waiting >= FLUSH_AT && self.pause == FLUSH_EVERY
    }

    /// Adjusts to a flush's outcome: back to normal after a success; twice
    /// the pause (at most five minutes) after a failure, and at least the
    /// server's `Retry-After` when it is rate limiting.
    pub fn after(&mut self, outcome: Result<(), &BackendError>) {
        self.pause = match outcome {
            Ok(()) => FLUSH_EVERY,
            Err(BackendError::RateLimited {
                retry_after: Some(advice),
            }) => (self.pause * 2).max(*advice).min(MAX_PAUSE),
            Err(_) => (self.pause * 2).min(MAX_PAUSE),
        };
    }
}

/// A report sent (or being sent) for one record: its own id, so a resend is
/// stored once, and how many occurrences it covers.
struct PendingReport {
    record_id: String,
    report: ErrorRecord,
    up_to: u32,
}

struct State {
    schedule: ReportSchedule,
    pending: Vec<PendingReport>,
    in_flight: bool,
}

/// Reports to the backend's error collection, on the schedule above.
struct BackendReports {
    api: Rc<dyn ErrorReportsApi>,
    state: Rc<RefCell<State>>,
}

/// Starts sending `monitor`'s records through `api`: every pause of the
/// schedule, and at once when enough are waiting.
pub fn start(monitor: Monitor, api: Rc<dyn ErrorReportsApi>) {
    let state = Rc::new(RefCell::new(State {
        schedule: ReportSchedule::default(),
        pending: Vec::new(),
        in_flight: false,
    }));
    let reports = Rc::new(BackendReports {
        api,
        state: state.clone(),
    });
    monitor.attach_reports(reports);
    spawn_local(async move {
        loop {
            let pause = state.borrow().schedule.pause();
            sleep(pause).await;
            // The Monitor lives as long as the page; stop if it is gone.
            if monitor.log().try_with_untracked(|_| ()).is_none() {
                break;
            }
            monitor.flush();
        }
    });
}

impl Reports for BackendReports {
    fn due(&self, waiting: usize) -> bool {
        let state = self.state.borrow();
        !state.in_flight && state.schedule.flush_now(waiting)
    }

    fn flush(&self, monitor: Monitor) {
        let reports = {
            let mut state = self.state.borrow_mut();
            if state.in_flight {
                return;
            }
            if state.pending.is_empty() {
                state.pending = monitor.log().with_untracked(|log| {
                    log.unreported(FLUSH_AT)
                        .into_iter()
                        .filter_map(|i| log.get(i))
                        .map(|r| {
                            let mut report = r.clone();
                            report.id = client_id().to_string();
                            report.count = r.count - r.reported;
                            PendingReport {
                                record_id: r.id.clone(),
                                report,
                                up_to: r.count,
                            }
                        })
                        .collect()
                });
            }
            if state.pending.is_empty() {
                return;
            }
            state.in_flight = true;
            state
                .pending
                .iter()
                .map(|p| p.report.clone())
                .collect::<Vec<ErrorRecord>>()
        };
        let (api, state) = (self.api.clone(), self.state.clone());
        spawn_local(async move {
            let call = Call::new(Operation::ReportErrors, client_id().into());
            let result = api.submit(&call, &reports).await;
            let sent = {
                let mut state = state.borrow_mut();
                state.in_flight = false;
                state.schedule.after(result.as_ref().map(drop));
                if result.is_err() {
                    // The same reports (same ids) go again on the next flush.
                    return;
                }
                std::mem::take(&mut state.pending)
            };
            let updated = monitor.log().try_update(|log| {
                let mut updated = Vec::new();
                for p in sent {
                    let index = log.records().position(|r| r.id == p.record_id);
                    if let Some(r) = index.and_then(|i| log.get_mut(i)) {
                        r.reported = r.reported.max(p.up_to);
                        updated.push(r.clone());
                    }
                }
                updated
            });
            if let (Some(updated), Some(store)) = (updated, monitor.store())
                && let Err(e) = store.save(&updated, &[]).await
            {
                // Recording the failure to store would only fail to store again.
                leptos::logging::warn!("[warning/storage] monitor.save: {e}");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flushes_every_ten_seconds_or_at_twenty_waiting() {
        let s = ReportSchedule::default();
        assert_eq!(s.pause(), Duration::from_secs(10));
        assert!(!s.flush_now(19));
        assert!(s.flush_now(20));
    }

    #[test]
    fn backs_off_on_429_and_recovers_after_success() {
        let mut s = ReportSchedule::default();
        let limited = BackendError::RateLimited { retry_after: None };
        s.after(Err(&limited));
        assert_eq!(s.pause(), Duration::from_secs(20));
        assert!(!s.flush_now(50), "no early flush while backing off");
        s.after(Err(&limited));
        s.after(Err(&limited));
        s.after(Err(&limited));
        s.after(Err(&limited));
        assert_eq!(s.pause(), MAX_PAUSE);
        s.after(Ok(()));
        assert_eq!(s.pause(), FLUSH_EVERY);
    }

    #[test]
    fn honours_a_longer_retry_after() {
        let mut s = ReportSchedule::default();
        s.after(Err(&BackendError::RateLimited {
            retry_after: Some(Duration::from_secs(45)),
        }));
        assert_eq!(s.pause(), Duration::from_secs(45));
    }
}
