//! The realtime connection's state, for the status badge.

use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::{ConnectionState, RealtimeApi, Subscription};

#[derive(Clone, Copy)]
pub struct Connection {
    state: RwSignal<ConnectionState>,
}

impl Connection {
    /// Follows `realtime`'s state; the subscription lives as long as the app.
    pub fn follow(realtime: &dyn RealtimeApi) -> (Self, Subscription) {
        let state = RwSignal::new(realtime.state());
        let sub = realtime.watch_state(Rc::new(move |s| state.set(s)));
        (Self { state }, sub)
    }

    pub fn state(&self) -> Signal<ConnectionState> {
        self.state.into()
    }
}

pub fn use_connection() -> Connection {
    expect_context::<Connection>()
}
