//! The profanity list (English and Bahasa Indonesia, DESIGN §7): words a
//! reader sees as asterisks and a sender is warned about before sending.
//! Messages are stored as written; masking is the reader's view.
//!
//! The list is the server's own data file, compiled in, so both sides
//! judge a message by the same words. Extend the file, not this module.

use std::borrow::Cow;

const LIST: &str = include_str!("../../../backend/pb_hooks/data/profanity.txt");

/// The listed words, lowercase, in file order.
pub fn listed_words() -> impl Iterator<Item = &'static str> {
    LIST.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

thread_local! {
    /// The listed words, sorted, made once. Every message a reader sees is
    /// judged word by word; reading the file again for each word cost more
    /// than building the message's view.
    static SORTED: Vec<&'static str> = {
        let mut words: Vec<&'static str> = listed_words().collect();
        words.sort_unstable();
        words.dedup();
        words
    };
}

fn is_listed(word: &str) -> bool {
    SORTED.with(|list| {
        // Most words are lowercase ASCII already: they need no lowercase copy.
        if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return list.binary_search(&word).is_ok();
        }
        list.binary_search(&word.to_lowercase().as_str()).is_ok()
    })
}

/// Runs of letters and digits with their byte ranges: a listed word only
/// matches a whole run, so a longer word that contains one is left alone.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether `text` contains a listed word (the sender's warning).
pub fn contains_listed(text: &str) -> bool {
    words(text).any(|(_, w)| is_listed(w))
}

/// `text` with each listed word replaced by as many asterisks as it has
/// characters.
pub fn mask(text: &str) -> Cow<'_, str> {
    let hits: Vec<(usize, &str)> = words(text).filter(|(_, w)| is_listed(w)).collect();
    if hits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, word) in hits {
        out.push_str(&text[at..start]);
        out.extend(std::iter::repeat_n('*', word.chars().count()));
        at = start + word.len();
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_word() -> &'static str {
        listed_words().next().expect("the list is not empty")
    }

    #[test]
    fn the_list_has_english_and_indonesian_words() {
        assert!(listed_words().count() >= 10);
        assert!(LIST.to_lowercase().contains("indonesia"));
    }

    #[test]
    fn a_listed_word_is_masked_whatever_its_case_and_the_rest_stays() {
        let word = a_word();
        let shouted = word.to_uppercase();
        let text = format!("Hey {shouted}, see you at 5!");
        let stars = "*".repeat(word.chars().count());
        assert_eq!(mask(&text), format!("Hey {stars}, see you at 5!"));
        assert!(contains_listed(&text));
    }

    #[test]
    fn the_listed_words_are_lowercase_as_the_lookup_expects() {
        for word in listed_words() {
            assert_eq!(word, word.to_lowercase(), "{word} is not lowercase");
        }
    }

    #[test]
    fn a_listed_word_with_a_capital_or_an_accent_nearby_is_still_found() {
        let word = a_word();
        let mut capital = word.to_owned();
        capital[..1].make_ascii_uppercase();
        assert!(contains_listed(&format!("é {capital} é")));
        assert!(!contains_listed(&format!("{word}é")));
    }

    #[test]
    fn a_word_that_only_contains_a_listed_word_is_not_masked() {
        let text = format!("x{}y", a_word());
        assert_eq!(mask(&text), text.as_str());
        assert!(!contains_listed(&text));
    }

    #[test]
    fn clean_text_is_returned_without_a_copy() {
        assert!(matches!(
            mask("Terima kasih, sampai besok"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn every_listed_word_is_masked_in_one_text() {
        let all: Vec<&str> = listed_words().collect();
        let text = all.join(" - ");
        let masked = mask(&text);
        assert!(masked.chars().all(|c| c == '*' || c == ' ' || c == '-'));
    }
}
