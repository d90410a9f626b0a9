//! The backend's health as the app sees it: the circuit breaker's state
//! (kept current by its transitions), and an on-demand health check with
//! its round-trip time.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::backend::{AdminApi, BackendError, Call, OnDemand, Operation};
use crate::domain::monitoring::{Category, Incident, Severity};
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::resilience::breaker::{BreakerSnapshot, Transition};
use crate::resilience::clock::Clock;
use crate::resilience::guard::Guard;

use super::monitor::Monitor;

/// The incident a breaker transition makes.
pub fn transition_incident(backend: &str, transition: Transition) -> Incident {
    let (severity, text) = match transition {
        Transition::Opened { .. } => (Severity::Error, "opened after repeated failures"),
        Transition::Reopened { .. } => (Severity::Error, "opened again: the probe call failed"),
        Transition::HalfOpened => (Severity::Info, "half-open: one probe call allowed"),
        Transition::Closed => (Severity::Info, "closed: calls flow again"),
    };
    Incident::new(
        severity,
        Category::Backend,
        "breaker",
        format!("{backend} circuit breaker {text}"),
    )
}

/// The last health check.
#[derive(Debug, Clone, PartialEq)]
pub enum HealthProbe {
    NotChecked,
    Checking,
    Up { round_trip: Duration },
    Down(BackendError),
}

#[derive(Clone, Copy)]
pub struct BackendStatus {
    name: &'static str,
    breaker: RwSignal<BreakerSnapshot>,
    health: RwSignal<HealthProbe>,
    admin: StoredValue<OnDemand<dyn AdminApi>, LocalStorage>,
}

impl BackendStatus {
    /// The admin capability, for the admin page's own reports.
    pub fn admin_api(&self) -> OnDemand<dyn AdminApi> {
        self.admin.get_value()
    }

    /// Follows `guard`'s transitions, recording each with the Monitor.
    pub fn follow(
        name: &'static str,
        guard: &Guard,
        admin: OnDemand<dyn AdminApi>,
        monitor: Monitor,
    ) -> Self {
        let breaker = RwSignal::new(guard.snapshot());
        guard.on_transition(Rc::new(move |transition, snapshot| {
            breaker.set(snapshot);
            monitor.record(transition_incident(name, transition));
        }));
        Self {
            name,
            breaker,
            health: RwSignal::new(HealthProbe::NotChecked),
            admin: StoredValue::new_local(admin),
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn breaker(&self) -> Signal<BreakerSnapshot> {
        self.breaker.into()
    }

    pub fn health(&self) -> Signal<HealthProbe> {
        self.health.into()
    }

    /// Checks the backend's health and times the round trip.
    pub async fn check(&self) {
        self.health.set(HealthProbe::Checking);
        let admin = self.admin.get_value().get().await;
        let started = BrowserClock.now();
        let result = admin
            .check_health(&Call::new(Operation::CheckHealth, client_id().into()))
            .await;
        let round_trip = BrowserClock.now().saturating_sub(started);
        self.health.set(match result {
            Ok(()) => HealthProbe::Up { round_trip },
            Err(e) => HealthProbe::Down(e),
        });
    }
}

pub fn use_backend_status() -> BackendStatus {
    expect_context::<BackendStatus>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::Millis;

    #[test]
    fn opening_is_an_error_and_recovery_is_info() {
        let opened = transition_incident("PocketBase", Transition::Opened { until: Millis(1) });
        assert_eq!(opened.severity, Severity::Error);
        assert!(opened.message.contains("PocketBase"));
        assert_eq!(
            transition_incident("x", Transition::Closed).severity,
            Severity::Info
        );
    }
}
