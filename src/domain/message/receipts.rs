//! Who has seen what, and who is here: each member's read and delivery
//! receipts in a room, how far a message has got as its sender sees it, and
//! a participant's presence.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::ids::{RoomId, UserId};
use crate::domain::time::Millis;

/// One member of a room and how far they have got in it. The backend never
/// moves either time back, so a late answer cannot un-read a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub room: RoomId,
    pub user: UserId,
    /// The member's name, when it was loaded with the row (live receipt
    /// updates come without it).
    #[serde(default)]
    pub name: Option<String>,
    /// Every message created up to this time has been read by this member.
    pub last_read_at: Option<Millis>,
    /// Every message created up to this time has reached one of this
    /// member's devices.
    pub last_delivered_at: Option<Millis>,
}

impl Member {
    fn has_read(&self, created: Millis) -> bool {
        self.last_read_at.is_some_and(|at| at >= created)
    }

    /// A message that was read was delivered too, even when the delivery
    /// receipt lags behind (both are written separately).
    fn has_received(&self, created: Millis) -> bool {
        self.has_read(created) || self.last_delivered_at.is_some_and(|at| at >= created)
    }
}

/// How far a stored message has got, as its sender sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Receipt {
    /// Stored by the backend, not yet on anyone else's device.
    Sent,
    /// On every other member's device.
    Delivered,
    /// Read by every other member.
    Read,
}

/// The receipt of a message `sender` sent at `created`, from the members'
/// rows. It takes every other member (in a booking's room there is one) so
/// a third participant would not see "read" before they had read it.
pub fn receipt(created: Millis, sender: &UserId, members: &[Member]) -> Receipt {
    let others: Vec<&Member> = members.iter().filter(|m| &m.user != sender).collect();
    if others.is_empty() {
        return Receipt::Sent;
    }
    if others.iter().all(|m| m.has_read(created)) {
        Receipt::Read
    } else if others.iter().all(|m| m.has_received(created)) {
        Receipt::Delivered
    } else {
        Receipt::Sent
    }
}

/// Whether a participant has a live connection, and when that last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Presence {
    pub user: UserId,
    pub online: bool,
    /// When they last came online or went offline; `None` if never seen.
    pub last_seen_at: Option<Millis>,
}

/// How often a reader's device writes a receipt while messages keep
/// arriving: the first at once, then at most one per this long.
pub const RECEIPT_EVERY: Duration = Duration::from_secs(1);

/// When to write a receipt, as the reader's device asks for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Write it now.
    Now,
    /// Write it after this long: the newest message then is the one that
    /// counts, so every ask until then is covered by that one write.
    After(Duration),
    /// A write is already scheduled and will cover this ask.
    Scheduled,
}

/// Spaces a reader's receipts out. A busy room would otherwise write one
/// per arriving message (each a stored outbox entry and a request); a
/// receipt says "up to here", so the newest one of a burst is enough.
#[derive(Debug, Default)]
pub struct ReceiptPacer {
    last: Option<Millis>,
    scheduled: bool,
}

impl ReceiptPacer {
    /// The reader's device wants a receipt written at `now`.
    pub fn ask(&mut self, now: Millis) -> Pace {
        if self.scheduled {
            return Pace::Scheduled;
        }
        match self.last {
            Some(last) if now.saturating_sub(last) < RECEIPT_EVERY => {
                self.scheduled = true;
                Pace::After(RECEIPT_EVERY - now.saturating_sub(last))
            }
            _ => {
                self.last = Some(now);
                Pace::Now
            }
        }
    }

    /// The scheduled write happens at `now`.
    pub fn written(&mut self, now: Millis) {
        self.scheduled = false;
        self.last = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_receipt_is_written_at_once_and_a_burst_after_it_as_one_a_second_later() {
        let mut p = ReceiptPacer::default();
        assert_eq!(p.ask(Millis(10_000)), Pace::Now);
        assert_eq!(
            p.ask(Millis(10_200)),
            Pace::After(Duration::from_millis(800))
        );
        assert_eq!(p.ask(Millis(10_400)), Pace::Scheduled);
        assert_eq!(p.ask(Millis(10_999)), Pace::Scheduled);
        p.written(Millis(11_000));
        assert_eq!(
            p.ask(Millis(11_500)),
            Pace::After(Duration::from_millis(500))
        );
    }

    #[test]
    fn a_receipt_after_a_quiet_second_is_written_at_once() {
        let mut p = ReceiptPacer::default();
        assert_eq!(p.ask(Millis(0)), Pace::Now);
        assert_eq!(p.ask(Millis(1_000)), Pace::Now);
        assert_eq!(p.ask(Millis(5_000)), Pace::Now);
    }

    fn member(user: &str, read: Option<u64>, delivered: Option<u64>) -> Member {
        Member {
            name: None,
            room: RoomId::parse("r1").unwrap(),
            user: UserId::parse(user).unwrap(),
            last_read_at: read.map(Millis),
            last_delivered_at: delivered.map(Millis),
        }
    }

    #[test]
    fn a_message_is_read_once_every_other_member_read_past_it() {
        let me = UserId::parse("me").unwrap();
        let members = [member("me", None, None), member("you", Some(10), Some(10))];
        assert_eq!(receipt(Millis(10), &me, &members), Receipt::Read);
        assert_eq!(receipt(Millis(11), &me, &members), Receipt::Sent);
    }

    #[test]
    fn reading_counts_as_delivery() {
        let me = UserId::parse("me").unwrap();
        let lagging = [member("you", Some(20), Some(5))];
        assert_eq!(receipt(Millis(15), &me, &lagging), Receipt::Read);
        let delivered = [member("you", Some(5), Some(20))];
        assert_eq!(receipt(Millis(15), &me, &delivered), Receipt::Delivered);
    }

    #[test]
    fn the_slowest_other_member_decides() {
        let me = UserId::parse("me").unwrap();
        let members = [
            member("a", Some(50), Some(50)),
            member("b", None, Some(50)),
            member("me", None, None),
        ];
        assert_eq!(receipt(Millis(40), &me, &members), Receipt::Delivered);
    }

    #[test]
    fn alone_in_a_room_a_message_stays_sent() {
        let me = UserId::parse("me").unwrap();
        assert_eq!(
            receipt(Millis(1), &me, &[member("me", Some(9), Some(9))]),
            Receipt::Sent
        );
        assert_eq!(receipt(Millis(1), &me, &[]), Receipt::Sent);
    }
}
