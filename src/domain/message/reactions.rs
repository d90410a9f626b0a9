//! Reactions as a message shows them: one chip per emoji with its count,
//! who reacted, and whether this user's reaction is among them (a click
//! then removes it).

use crate::domain::ids::{MessageId, ReactionId, UserId};

use super::Reaction;

/// The quick reactions offered on every message.
pub const QUICK: &[&str] = &["👍", "❤️", "😂", "🙏"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    pub emoji: String,
    pub count: usize,
    pub users: Vec<UserId>,
    /// This user's reaction with this emoji, if they reacted so.
    pub mine: Option<ReactionId>,
}

/// The chips of `message`, in the order each emoji was first used.
pub fn chips(reactions: &[Reaction], message: &MessageId, me: Option<&UserId>) -> Vec<Chip> {
    let mut chips: Vec<Chip> = Vec::new();
    for r in reactions.iter().filter(|r| &r.message == message) {
        let chip = match chips.iter_mut().find(|c| c.emoji == r.emoji) {
            Some(chip) => chip,
            None => {
                chips.push(Chip {
                    emoji: r.emoji.clone(),
                    count: 0,
                    users: Vec::new(),
                    mine: None,
                });
                chips.last_mut().expect("just pushed")
            }
        };
        if chip.users.contains(&r.user) {
            continue;
        }
        chip.count += 1;
        chip.users.push(r.user.clone());
        if Some(&r.user) == me {
            chip.mine = Some(r.id.clone());
        }
    }
    chips
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str, message: &str, user: &str, emoji: &str) -> Reaction {
        Reaction {
            id: ReactionId::parse(id).unwrap(),
            message: MessageId::parse(message).unwrap(),
            user: UserId::parse(user).unwrap(),
            emoji: emoji.into(),
        }
    }

    #[test]
    fn reactions_group_by_emoji_with_counts_and_mine() {
        let all = [
            r("1", "m", "eka", "👍"),
            r("2", "m", "me", "👍"),
            r("3", "m", "me", "❤️"),
            r("4", "other", "eka", "👍"),
            r("5", "m", "eka", "👍"),
        ];
        let me = UserId::parse("me").unwrap();
        let shown = chips(&all, &MessageId::parse("m").unwrap(), Some(&me));
        assert_eq!(shown.len(), 2);
        assert_eq!((shown[0].emoji.as_str(), shown[0].count), ("👍", 2));
        assert_eq!(shown[0].mine, Some(ReactionId::parse("2").unwrap()));
        assert_eq!((shown[1].emoji.as_str(), shown[1].count), ("❤️", 1));
        assert_eq!(
            chips(&all, &MessageId::parse("none").unwrap(), Some(&me)),
            vec![]
        );
    }
}
