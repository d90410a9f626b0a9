//! A message's actions (quick reactions, reply, edit, delete) are built the
//! first time its reader points at it, focuses it or taps it. Most messages
//! of a timeline are never acted on, and their buttons were most of what the
//! timeline built for each message. Once built, they stay, and the style
//! sheet shows them while the message is hovered or has focus.

use std::collections::HashMap;
use std::hash::Hash;

use leptos::prelude::*;

use crate::domain::ids::MessageId;
use crate::platform::item_at::item_id_at;

/// The items still waiting for their actions, each with the handle that
/// builds them, and the item armed last.
#[derive(Debug)]
pub struct Arming<K, H> {
    waiting: HashMap<K, H>,
    last: Option<K>,
}

impl<K, H> Default for Arming<K, H> {
    fn default() -> Self {
        Self {
            waiting: HashMap::new(),
            last: None,
        }
    }
}

impl<K: Eq + Hash + Clone, H: PartialEq> Arming<K, H> {
    /// Registers an item whose actions are not built yet. Returns `true`,
    /// and registers nothing, when the item is the one armed last: a message
    /// rebuilt while its reader acts on it (an edit saved, a status changed)
    /// keeps its actions.
    pub fn register(&mut self, key: K, handle: H) -> bool {
        if self.last.as_ref() == Some(&key) {
            return true;
        }
        self.waiting.insert(key, handle);
        false
    }

    /// The handle of `key`, taken once: its actions are wanted now.
    pub fn arm(&mut self, key: &K) -> Option<H> {
        if self.last.as_ref() != Some(key) {
            self.last = Some(key.clone());
        }
        self.waiting.remove(key)
    }

    /// Forgets a removed item, unless a rebuilt item with the same key has
    /// registered its own handle since.
    pub fn release(&mut self, key: &K, handle: &H) {
        if self.waiting.get(key) == Some(handle) {
            self.waiting.remove(key);
        }
    }

    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

/// The timeline's arming, shared by its items.
#[derive(Debug, Clone, Copy)]
pub struct ActionArming(StoredValue<Arming<MessageId, RwSignal<bool>>>);

impl Default for ActionArming {
    fn default() -> Self {
        Self(StoredValue::new(Arming::default()))
    }
}

impl ActionArming {
    /// Whether the message's actions are wanted: false until the reader
    /// first reaches the message, then true for the item's life; true from
    /// the start when `already` says they are in use. Call it in the item's
    /// owner, whose cleanup forgets it.
    pub fn wanted(self, id: MessageId, already: bool) -> ReadSignal<bool> {
        let signal = RwSignal::new(false);
        let armed = already
            || self
                .0
                .try_update_value(|a| a.register(id.clone(), signal))
                .unwrap_or(false);
        if armed {
            signal.set(true);
        } else {
            on_cleanup(move || {
                self.0.try_update_value(|a| a.release(&id, &signal));
            });
        }
        signal.read_only()
    }

    /// Arms the message an event happened in (the list listens once for
    /// all its items).
    pub fn arm_at(self, event: &leptos::ev::Event) {
        let Some(id) = item_id_at(event).and_then(|raw| MessageId::parse(raw).ok()) else {
            return;
        };
        if let Some(signal) = self.0.try_update_value(|a| a.arm(&id)).flatten() {
            signal.set(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_armed_once_and_then_forgotten() {
        let mut arming = Arming::default();
        assert!(!arming.register("a", 1));
        assert_eq!(arming.arm(&"a"), Some(1));
        assert_eq!(arming.arm(&"a"), None);
        assert_eq!(arming.waiting(), 0);
    }

    #[test]
    fn an_item_never_reached_stays_unarmed() {
        let mut arming = Arming::default();
        arming.register("a", 1);
        arming.register("b", 2);
        assert_eq!(arming.arm(&"b"), Some(2));
        assert_eq!(arming.waiting(), 1);
    }

    #[test]
    fn the_item_armed_last_starts_armed_when_rebuilt() {
        let mut arming = Arming::default();
        arming.register("a", 1);
        arming.arm(&"a");
        assert!(arming.register("a", 2));
        assert!(!arming.register("b", 3));
        assert_eq!(arming.waiting(), 1);
    }

    #[test]
    fn a_removed_item_is_forgotten_but_not_its_rebuilt_successor() {
        let mut arming = Arming::default();
        arming.register("a", 1);
        arming.release(&"a", &1);
        assert_eq!(arming.waiting(), 0);
        arming.register("b", 2);
        arming.register("b", 3);
        arming.release(&"b", &2);
        assert_eq!(arming.arm(&"b"), Some(3));
    }
}
