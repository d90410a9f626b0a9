//! The Monitor: every error that reaches the UI is recorded here, with its
//! severity and category, so none is swallowed.

use leptos::prelude::*;

use crate::backend::BackendError;
use crate::platform::clock::BrowserClock;
use crate::resilience::clock::{Clock, Millis};

/// How many records are kept; older ones are dropped first.
pub const HISTORY_LIMIT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Critical,
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Booking,
    Chat,
    Auth,
    Backend,
    Network,
    Storage,
    Ui,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booking => "booking",
            Self::Chat => "chat",
            Self::Auth => "auth",
            Self::Backend => "backend",
            Self::Network => "network",
            Self::Storage => "storage",
            Self::Ui => "ui",
        }
    }
}

/// One recorded problem. `message` is never the raw text of a request: it is
/// built from typed errors, whose texts carry no tokens or phone numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub at: Millis,
    pub severity: Severity,
    pub category: Category,
    /// What the app was doing, e.g. `providers.list`.
    pub operation: &'static str,
    pub message: String,
    pub status: Option<u16>,
}

/// Keeps the most recent incidents, newest last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentLog {
    incidents: Vec<Incident>,
}

impl IncidentLog {
    pub fn push(&mut self, incident: Incident) {
        if self.incidents.len() == HISTORY_LIMIT {
            self.incidents.remove(0);
        }
        self.incidents.push(incident);
    }

    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }
}

/// The category a backend failure belongs to: connection trouble is
/// `Network`, everything else is charged to the operation's own area.
pub fn category_of(error: &BackendError, area: Category) -> Category {
    match error {
        BackendError::Network(_) | BackendError::Timeout(_) => Category::Network,
        _ => area,
    }
}

/// How bad a backend failure is: server faults are errors, refusals of the
/// user's own input are warnings.
pub fn severity_of(error: &BackendError) -> Severity {
    match error {
        BackendError::Unavailable { .. } | BackendError::Decode(_) => Severity::Error,
        BackendError::Network(_) | BackendError::Timeout(_) | BackendError::RateLimited { .. } => {
            Severity::Warning
        }
        _ => Severity::Info,
    }
}

/// The context handle.
#[derive(Clone, Copy)]
pub struct Monitor {
    log: RwSignal<IncidentLog>,
}

impl Monitor {
    pub fn new() -> Self {
        Self {
            log: RwSignal::new(IncidentLog::default()),
        }
    }

    pub fn record(
        &self,
        severity: Severity,
        category: Category,
        operation: &'static str,
        message: impl Into<String>,
    ) {
        let incident = Incident {
            at: BrowserClock.now(),
            severity,
            category,
            operation,
            message: message.into(),
            status: None,
        };
        self.push(incident);
    }

    /// Records a failed backend call made for `area`.
    pub fn backend_failure(&self, area: Category, operation: &'static str, error: &BackendError) {
        let incident = Incident {
            at: BrowserClock.now(),
            severity: severity_of(error),
            category: category_of(error, area),
            operation,
            message: error.to_string(),
            status: error.status(),
        };
        self.push(incident);
    }

    fn push(&self, incident: Incident) {
        leptos::logging::warn!(
            "[{}/{}] {}: {}",
            incident.severity.as_str(),
            incident.category.as_str(),
            incident.operation,
            incident.message
        );
        self.log.update(|log| log.push(incident));
    }

    pub fn count(&self) -> usize {
        self.log.with(|l| l.incidents().len())
    }
}

impl Default for Monitor {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_monitor() -> Monitor {
    expect_context::<Monitor>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(n: u64) -> Incident {
        Incident {
            at: Millis(n),
            severity: Severity::Info,
            category: Category::Ui,
            operation: "test",
            message: n.to_string(),
            status: None,
        }
    }

    #[test]
    fn log_keeps_only_the_newest_thousand() {
        let mut log = IncidentLog::default();
        for n in 0..1005 {
            log.push(incident(n));
        }
        assert_eq!(log.incidents().len(), HISTORY_LIMIT);
        assert_eq!(log.incidents()[0].at, Millis(5));
        assert_eq!(log.incidents().last().unwrap().at, Millis(1004));
    }

    #[test]
    fn connection_trouble_is_charged_to_the_network() {
        let offline = BackendError::Network("offline".into());
        assert_eq!(category_of(&offline, Category::Booking), Category::Network);
        assert_eq!(
            category_of(&BackendError::Forbidden, Category::Booking),
            Category::Booking
        );
        assert_eq!(
            severity_of(&BackendError::Unavailable { status: 500 }),
            Severity::Error
        );
        assert_eq!(severity_of(&BackendError::NotFound), Severity::Info);
    }
}
