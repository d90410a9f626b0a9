//! Editing or deleting one of one's own messages is kept by the timeline,
//! not by the message's item. The item is rebuilt whenever what it shows
//! changes (a receipt arrives while the edit is being written), and the
//! edit, with its text so far, must outlive that. One message at a time is
//! being changed, as in the chat apps people know.

use leptos::prelude::*;

use crate::domain::ids::MessageId;

/// What is being done to one's own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Idle,
    Editing,
    ConfirmingDelete,
}

/// The message being changed, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Target<K>(Option<(K, Mode)>);

impl<K> Default for Target<K> {
    fn default() -> Self {
        Self(None)
    }
}

impl<K: PartialEq> Target<K> {
    pub fn mode_of(&self, key: &K) -> Mode {
        match &self.0 {
            Some((k, mode)) if k == key => *mode,
            _ => Mode::Idle,
        }
    }

    /// Changes `key` now; a change under way on another message ends.
    pub fn set(&mut self, key: K, mode: Mode) {
        self.0 = (mode != Mode::Idle).then_some((key, mode));
    }

    /// Ends the change of `key`, and only of `key`: a late answer for one
    /// message must not close the editor of another.
    pub fn end(&mut self, key: &K) {
        if self.mode_of(key) != Mode::Idle {
            self.0 = None;
        }
    }
}

/// The timeline's change of one's own message: the target, which items
/// follow, and the edit's text so far, which none needs to follow.
#[derive(Debug, Clone, Copy)]
pub struct OwnChange {
    target: RwSignal<Target<MessageId>>,
    text: StoredValue<String>,
}

impl Default for OwnChange {
    fn default() -> Self {
        Self {
            target: RwSignal::new(Target::default()),
            text: StoredValue::new(String::new()),
        }
    }
}

impl OwnChange {
    pub fn mode_of(self, id: &MessageId) -> Mode {
        self.target.with(|t| t.mode_of(id))
    }

    /// Whether `id` is being changed, read once when its item is built.
    pub fn is_changing(self, id: &MessageId) -> bool {
        self.target.with_untracked(|t| t.mode_of(id)) != Mode::Idle
    }

    /// Starts editing `id`, from its current `body`.
    pub fn edit(self, id: MessageId, body: String) {
        self.text.set_value(body);
        self.target.update(|t| t.set(id, Mode::Editing));
    }

    pub fn confirm_delete(self, id: MessageId) {
        self.target.update(|t| t.set(id, Mode::ConfirmingDelete));
    }

    pub fn end(self, id: &MessageId) {
        self.target.update(|t| t.end(id));
    }

    /// The edit's text so far.
    pub fn text(self) -> String {
        self.text.get_value()
    }

    pub fn set_text(self, text: String) {
        self.text.set_value(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_target_is_being_changed() {
        let mut target = Target::default();
        target.set("a", Mode::Editing);
        assert_eq!(target.mode_of(&"a"), Mode::Editing);
        assert_eq!(target.mode_of(&"b"), Mode::Idle);
    }

    #[test]
    fn changing_another_message_ends_the_first_change() {
        let mut target = Target::default();
        target.set("a", Mode::Editing);
        target.set("b", Mode::ConfirmingDelete);
        assert_eq!(target.mode_of(&"a"), Mode::Idle);
        assert_eq!(target.mode_of(&"b"), Mode::ConfirmingDelete);
    }

    #[test]
    fn ending_another_message_leaves_the_change_under_way() {
        let mut target = Target::default();
        target.set("a", Mode::Editing);
        target.end(&"b");
        assert_eq!(target.mode_of(&"a"), Mode::Editing);
        target.end(&"a");
        assert_eq!(target.mode_of(&"a"), Mode::Idle);
    }
}
