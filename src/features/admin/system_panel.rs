//! The live connection, the backend's health check and the browser's
//! storage estimate.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::ConnectionState;
use crate::domain::monitoring::{Category, Severity};
use crate::platform::storage_estimate::{EstimateError, StorageEstimate, estimate};
use crate::state::backend_status::{HealthProbe, use_backend_status};
use crate::state::connection::use_connection;
use crate::state::monitor::use_monitor;

/// Bytes as KB or MB, rounded.
pub fn human_bytes(bytes: f64) -> String {
    if bytes >= 1_048_576.0 {
        format!("{} MB", (bytes / 1_048_576.0).round() as u64)
    } else {
        format!("{} KB", (bytes / 1024.0).ceil() as u64)
    }
}

fn connection_text(state: ConnectionState) -> String {
    match state {
        ConnectionState::Idle => "idle".into(),
        ConnectionState::Connecting => "connecting".into(),
        ConnectionState::Connected => "connected".into(),
        ConnectionState::Reconnecting {
            attempt,
            retry_in_ms,
        } => {
            format!("reconnecting (attempt {attempt}, next in {retry_in_ms} ms)")
        }
    }
}

#[component]
pub fn SystemPanel() -> impl IntoView {
    let status = use_backend_status();
    let connection = use_connection().state();
    let health = status.health();
    let monitor = use_monitor();
    let storage = RwSignal::new(None::<Result<StorageEstimate, EstimateError>>);
    let check = move || spawn_local(async move { status.check().await });
    check();
    spawn_local(async move {
        let found = estimate().await;
        if let Err(e @ EstimateError::Failed(_)) = &found {
            monitor.note(
                Severity::Warning,
                Category::Storage,
                "storage.estimate",
                e.to_string(),
            );
        }
        // The panel may be gone by the time the browser answers.
        let _ = storage.try_set(Some(found));
    });
    let health_text = move || match health.get() {
        HealthProbe::NotChecked => "not checked".to_owned(),
        HealthProbe::Checking => "checking…".to_owned(),
        HealthProbe::Up { round_trip } => format!("up, {} ms round trip", round_trip.as_millis()),
        HealthProbe::Down(e) => format!("down: {}", e.user_message()),
    };
    let storage_text = move || match storage.get() {
        Some(Ok(e)) => format!("{} used of {}", human_bytes(e.usage), human_bytes(e.quota)),
        Some(Err(e)) => e.to_string(),
        None => "…".to_owned(),
    };
    view! {
        <section class="panel">
            <h2>"System"</h2>
            <dl class="facts">
                <dt>"Live connection"</dt>
                <dd data-testid="realtime-state">{move || connection_text(connection.get())}</dd>
                <dt>"Backend health"</dt>
                <dd data-testid="health">{health_text}</dd>
                <dt>"Storage"</dt>
                <dd data-testid="storage-estimate">{storage_text}</dd>
            </dl>
            <button class="button button-small" on:click=move |_| check()>"Check health"</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_kb_or_mb() {
        assert_eq!(human_bytes(0.0), "0 KB");
        assert_eq!(human_bytes(1500.0), "2 KB");
        assert_eq!(human_bytes(5.0 * 1_048_576.0), "5 MB");
    }
}
