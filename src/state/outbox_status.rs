//! What the outbox holds, for the views that show it without its code: the
//! "n waiting to send" pill and the dashboard. The outbox (loaded with the
//! chat's code) keeps its entries in this handle's signal, and hands the
//! handle to `ChatController`, where the dashboard finds it.

use std::rc::Rc;

use leptos::prelude::*;

use crate::domain::ids::IntentId;
use crate::domain::outbox::{Depth, OutboxEntry, depth};

/// What a view may ask of the outbox without carrying its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboxCommand {
    /// Send a dead letter again.
    Retry(IntentId),
    /// Give a dead letter up.
    Discard(IntentId),
}

type Commands = Rc<dyn Fn(OutboxCommand)>;

#[derive(Clone, Copy)]
pub struct OutboxStatus {
    entries: RwSignal<Vec<OutboxEntry>>,
    /// Whether this tab is the one that sends.
    sender_tab: RwSignal<bool>,
    /// The outbox's hand, once it runs.
    commands: StoredValue<Option<Commands>, LocalStorage>,
}

impl Default for OutboxStatus {
    fn default() -> Self {
        Self::new()
    }
}

impl OutboxStatus {
    /// Empty until the outbox starts.
    pub fn new() -> Self {
        Self {
            entries: RwSignal::new(Vec::new()),
            sender_tab: RwSignal::new(false),
            commands: StoredValue::new_local(None),
        }
    }

    /// The outbox takes the commands from now on.
    pub(super) fn take_commands(&self, commands: Commands) {
        self.commands.set_value(Some(commands));
    }

    /// Asks the outbox for `command` (nothing happens before it runs: then
    /// there is nothing in it to act on).
    pub fn command(&self, command: OutboxCommand) {
        if let Some(commands) = self.commands.get_value() {
            commands(command);
        }
    }

    /// The outbox's own store of entries.
    pub(super) fn entries_signal(&self) -> RwSignal<Vec<OutboxEntry>> {
        self.entries
    }

    pub(super) fn set_sender_tab(&self, sender: bool) {
        if self.sender_tab.get_untracked() != sender {
            self.sender_tab.set(sender);
        }
    }

    pub(super) fn is_sender_tab(&self) -> bool {
        self.sender_tab.get_untracked()
    }

    /// How many wait, and how many the server refused (dead letters).
    pub fn depth(&self) -> Memo<Depth> {
        let entries = self.entries;
        Memo::new(move |_| entries.with(|e| depth(e)))
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> Signal<Vec<OutboxEntry>> {
        self.entries.into()
    }

    /// Whether this tab sends the outbox (one tab at a time does).
    pub fn sender_tab(&self) -> Signal<bool> {
        self.sender_tab.into()
    }

    /// The dead letters, oldest first.
    pub fn refused(&self) -> Memo<Vec<OutboxEntry>> {
        let entries = self.entries;
        Memo::new(move |_| {
            entries.with(|e| e.iter().filter(|e| !e.is_waiting()).cloned().collect())
        })
    }
}
