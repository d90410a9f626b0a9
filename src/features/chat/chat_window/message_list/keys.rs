//! Moving between messages by keyboard. The timeline is one stop in the tab
//! order; the arrow keys, Home and End move the focus from message to
//! message, as in the chat apps people know. When every stored message was a
//! tab stop, tabbing from the top of a long timeline to the composer passed
//! each of them.

/// Where a key moves the focus among the timeline's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Previous,
    Next,
    First,
    Last,
}

impl Move {
    /// The move a key asks for (`KeyboardEvent.key`), if any.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowUp" => Some(Self::Previous),
            "ArrowDown" => Some(Self::Next),
            "Home" => Some(Self::First),
            "End" => Some(Self::Last),
            _ => None,
        }
    }

    /// Which of `len` messages gets the focus, coming from message `from`,
    /// or from the list itself when `from` is `None`. `None` leaves the key
    /// to the browser: past either end the list scrolls as usual, and
    /// scrolling to the top loads the older page.
    pub fn target(self, from: Option<usize>, len: usize) -> Option<usize> {
        let last = len.checked_sub(1)?;
        match (self, from) {
            (Self::First, _) => Some(0),
            (Self::Last, _) => Some(last),
            // Entering the timeline starts at the newest message, where the
            // reader usually is.
            (Self::Previous | Self::Next, None) => Some(last),
            (Self::Previous, Some(i)) => i.checked_sub(1).map(|p| p.min(last)),
            (Self::Next, Some(i)) => (i < last).then_some(i + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_home_and_end_are_moves_and_other_keys_are_not() {
        assert_eq!(Move::from_key("ArrowUp"), Some(Move::Previous));
        assert_eq!(Move::from_key("ArrowDown"), Some(Move::Next));
        assert_eq!(Move::from_key("Home"), Some(Move::First));
        assert_eq!(Move::from_key("End"), Some(Move::Last));
        assert_eq!(Move::from_key("Enter"), None);
        assert_eq!(Move::from_key("ArrowLeft"), None);
    }

    #[test]
    fn entering_the_list_by_an_arrow_focuses_the_newest_message() {
        assert_eq!(Move::Previous.target(None, 5), Some(4));
        assert_eq!(Move::Next.target(None, 5), Some(4));
    }

    #[test]
    fn arrows_step_one_message_and_stop_at_the_ends() {
        assert_eq!(Move::Previous.target(Some(3), 5), Some(2));
        assert_eq!(Move::Next.target(Some(3), 5), Some(4));
        // Past the ends the browser scrolls, which pages in more.
        assert_eq!(Move::Previous.target(Some(0), 5), None);
        assert_eq!(Move::Next.target(Some(4), 5), None);
    }

    #[test]
    fn home_and_end_go_to_the_first_and_last_message_shown() {
        assert_eq!(Move::First.target(Some(3), 5), Some(0));
        assert_eq!(Move::Last.target(Some(1), 5), Some(4));
        assert_eq!(Move::First.target(None, 5), Some(0));
    }

    #[test]
    fn an_empty_list_moves_nowhere() {
        for m in [Move::Previous, Move::Next, Move::First, Move::Last] {
            assert_eq!(m.target(None, 0), None);
        }
    }
}
