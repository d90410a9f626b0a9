//! The realtime connection's state, for the status badge and the dashboard.
//! A dropped connection is recorded with the Monitor once per outage.

use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::{ConnectionState, RealtimeApi, Subscription};
use crate::domain::monitoring::{Category, Severity};

use super::monitor::Monitor;

#[derive(Clone, Copy)]
pub struct Connection {
    state: RwSignal<ConnectionState>,
}

impl Default for Connection {
    fn default() -> Self {
        Self::new()
    }
}

impl Connection {
    /// Idle until [`Connection::follow`] is called.
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(ConnectionState::Idle),
        }
    }

    /// Follows `realtime`'s state; the subscription lives as long as the app.
    pub fn follow(&self, realtime: &dyn RealtimeApi, monitor: Monitor) -> Subscription {
        let state = self.state;
        state.set(realtime.state());
        realtime.watch_state(Rc::new(move |next| {
            let previous = state.get_untracked();
            if matches!(next, ConnectionState::Reconnecting { .. })
                && !matches!(previous, ConnectionState::Reconnecting { .. })
            {
                monitor.note(
                    Severity::Warning,
                    Category::Network,
                    "realtime",
                    "live connection lost; reconnecting",
                );
            }
            state.set(next);
        }))
    }

    pub fn state(&self) -> Signal<ConnectionState> {
        self.state.into()
    }
}

pub fn use_connection() -> Connection {
    expect_context::<Connection>()
}
