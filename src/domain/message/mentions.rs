//! Mentions (DESIGN §7): "@name" at the start of the text or after a space
//! must name a participant of the room: their name without spaces, or its
//! first word, in any case. The server applies the same rule
//! (`backend/pb_hooks/lib/mentions.js`).

/// The longest name a mention can carry.
const MAX_MENTION: usize = 40;

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// The mentioned names in `text`, without the "@".
pub fn mentions(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_word_start = previous.is_none_or(char::is_whitespace);
        previous = Some(c);
        if c != '@' || !at_word_start {
            continue;
        }
        let rest = &text[i + 1..];
        let token: String = rest.chars().take_while(|c| is_name_char(*c)).collect();
        let len = token.chars().count();
        if (1..=MAX_MENTION).contains(&len) {
            found.push(token);
        }
    }
    found
}

/// Whether `token` names the person called `name`.
pub fn names(token: &str, name: &str) -> bool {
    let token = token.to_lowercase();
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return false;
    }
    let joined: String = name.split_whitespace().collect();
    token == joined || name.split_whitespace().next() == Some(token.as_str())
}

/// The first mention in `text` that names none of `people`.
pub fn unknown_mention(text: &str, people: &[String]) -> Option<String> {
    mentions(text)
        .into_iter()
        .find(|token| !people.iter().any(|name| names(token, name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_start_a_word_and_email_addresses_are_not_mentions() {
        assert_eq!(mentions("@Dewi thanks, @eka.putri!"), ["Dewi", "eka.putri"]);
        assert_eq!(
            mentions("mail citra@janji.id or @ alone"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_mention_names_a_participant_by_first_name_or_full_name() {
        let people = vec!["Dewi Lestari".to_owned(), "Citra Customer".to_owned()];
        assert_eq!(
            unknown_mention("hi @dewi and @CitraCustomer", &people),
            None
        );
        assert_eq!(
            unknown_mention("hi @Lestari", &people),
            Some("Lestari".into())
        );
        assert_eq!(
            unknown_mention("ask @nobody", &people),
            Some("nobody".into())
        );
        assert_eq!(unknown_mention("no mentions here", &[]), None);
    }
}
