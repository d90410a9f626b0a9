//! "… is typing": who is shown as typing, and how often this user tells
//! the others that they are (DESIGN §5 and §7).

use std::time::Duration;

use crate::domain::ids::UserId;
use crate::domain::time::Millis;

/// How long one "typing" event shows, unless a newer one extends it.
pub const SHOWN_FOR: Duration = Duration::from_secs(5);
/// This user sends at most one "typing" event this often. The server takes
/// one per 2 s and answers 429 to the next; the half second more keeps an
/// event that was slow on its way from landing within 2 s of the next one.
pub const SEND_EVERY: Duration = Duration::from_millis(2_500);

/// The people shown as typing, each until their event runs out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typists {
    typing: Vec<(UserId, String, Millis)>,
}

impl Typists {
    /// `user` (called `name`) said they are typing at `now`.
    pub fn heard(&mut self, user: UserId, name: String, now: Millis) {
        let until = now.plus(SHOWN_FOR);
        match self.typing.iter_mut().find(|(u, _, _)| *u == user) {
            Some(entry) => *entry = (user, name, until),
            None => self.typing.push((user, name, until)),
        }
    }

    /// A message from `user` arrived: they have stopped typing it.
    pub fn message_from(&mut self, user: &UserId) {
        self.typing.retain(|(u, _, _)| u != user);
    }

    /// Forgets events that ran out by `now`; whether anything changed.
    pub fn expire(&mut self, now: Millis) -> bool {
        let before = self.typing.len();
        self.typing.retain(|(_, _, until)| *until > now);
        before != self.typing.len()
    }

    /// The names to show, in the order they started typing.
    pub fn names(&self) -> Vec<String> {
        self.typing
            .iter()
            .map(|(_, name, _)| name.clone())
            .collect()
    }

    /// When the next shown name runs out.
    pub fn next_expiry(&self) -> Option<Millis> {
        self.typing.iter().map(|(_, _, until)| *until).min()
    }
}

/// The line to show for `names`, e.g. "Eka is typing…".
pub fn typing_line(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!("{one} is typing…")),
        [first, rest @ ..] => Some(format!("{first} and {} more are typing…", rest.len())),
    }
}

/// Whether this user's keystroke at `now` should send a "typing" event.
#[derive(Debug, Clone, Default)]
pub struct TypingPacer {
    last: Option<Millis>,
}

impl TypingPacer {
    pub fn should_send(&mut self, now: Millis) -> bool {
        if self
            .last
            .is_some_and(|last| now.saturating_sub(last) < SEND_EVERY)
        {
            return false;
        }
        self.last = Some(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }

    #[test]
    fn a_typist_shows_for_five_seconds_after_their_last_event() {
        let mut t = Typists::default();
        t.heard(user("eka"), "Eka".into(), Millis(0));
        t.heard(user("eka"), "Eka".into(), Millis(3_000));
        assert!(!t.expire(Millis(7_999)));
        assert_eq!(t.names(), ["Eka"]);
        assert_eq!(t.next_expiry(), Some(Millis(8_000)));
        assert!(t.expire(Millis(8_000)));
        assert!(t.names().is_empty());
    }

    #[test]
    fn their_message_clears_them_at_once() {
        let mut t = Typists::default();
        t.heard(user("eka"), "Eka".into(), Millis(0));
        t.heard(user("citra"), "Citra".into(), Millis(0));
        t.message_from(&user("eka"));
        assert_eq!(t.names(), ["Citra"]);
        assert_eq!(typing_line(&t.names()).unwrap(), "Citra is typing…");
        assert_eq!(
            typing_line(&["A".into(), "B".into()]).unwrap(),
            "A and 1 more are typing…"
        );
        assert_eq!(typing_line(&[]), None);
    }

    #[test]
    fn keystrokes_send_at_most_one_event_every_two_and_a_half_seconds() {
        let mut p = TypingPacer::default();
        let sent: Vec<u64> = (0..60u64)
            .map(|i| i * 100)
            .filter(|&t| p.should_send(Millis(t)))
            .collect();
        assert_eq!(sent, [0, 2_500, 5_000]);
    }
}
