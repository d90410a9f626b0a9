//! Finding links in message text, so the view can build anchor elements
//! for them (text is never turned into HTML), and flagging the links and
//! patterns a reader should be warned about (DESIGN §7).

use serde::{Deserialize, Serialize};

/// A run of message text: plain, or a link the view may make clickable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Link { text: String, href: String },
}

/// Something about a message a reader should be careful with. The server
/// sets the same flags on stored messages (their `snake_case` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The same character many times in a row.
    RepeatedCharacters,
    /// More than five links.
    ManyLinks,
    /// A link to a bare IP address.
    IpAddressLink,
    /// A link whose host is punycode (`xn--`), which can imitate another name.
    LookAlikeLink,
    /// A link through a URL shortener, which hides where it goes.
    ShortenedLink,
}

impl Flag {
    /// The flag the server names `name`, if this client knows it.
    pub fn from_server(name: &str) -> Option<Self> {
        Some(match name {
            "repeated_characters" => Flag::RepeatedCharacters,
            "many_links" => Flag::ManyLinks,
            "ip_address_link" => Flag::IpAddressLink,
            "look_alike_link" => Flag::LookAlikeLink,
            "shortened_link" => Flag::ShortenedLink,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Flag::RepeatedCharacters => "Looks like spam: repeated characters",
            Flag::ManyLinks => "Looks like spam: many links",
            Flag::IpAddressLink => "Suspicious link: it goes to a bare IP address",
            Flag::LookAlikeLink => "Suspicious link: its address may imitate another",
            Flag::ShortenedLink => "Suspicious link: a shortener hides where it goes",
        }
    }
}

/// Link shorteners whose target cannot be seen before the click.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "cutt.ly",
    "rb.gy",
    "s.id",
    "shorturl.at",
    "tiny.cc",
];

/// More links than this in one message looks like spam.
const MAX_LINKS: usize = 5;
/// This many of one character in a row looks like spam.
const REPEAT_RUN: usize = 10;

/// Punctuation that ends a sentence rather than a link.
fn trim_trailing(token: &str) -> &str {
    token.trim_end_matches(['.', ',', '!', '?', ';', ':', ')', '(', '"', '\'', ']', '>'])
}

/// The link a word stands for, if it is an https, mailto or tel link with a
/// plausible target. Anything else (including `javascript:`) is text.
fn link_target(word: &str) -> Option<String> {
    if word
        .chars()
        .any(|c| c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
    {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        let host = host_of(rest);
        return (host.contains('.') && host.len() > 2).then(|| word.to_owned());
    }
    if let Some(rest) = lower.strip_prefix("mailto:") {
        let (user, domain) = rest.split_once('@')?;
        return (!user.is_empty() && domain.contains('.')).then(|| word.to_owned());
    }
    if let Some(rest) = lower.strip_prefix("tel:") {
        let ok = !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '));
        return ok.then(|| word.to_owned());
    }
    None
}

/// The host of the part of a URL after `scheme://`, lower-cased, without
/// user info or port.
fn host_of(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    host.split(':').next().unwrap_or("")
}

/// Splits text into plain runs and links, keeping every character.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_len);
        let core = trim_trailing(word);
        match link_target(core) {
            Some(href) if !core.is_empty() => {
                if !plain.is_empty() {
                    out.push(Segment::Text(std::mem::take(&mut plain)));
                }
                out.push(Segment::Link {
                    text: core.to_owned(),
                    href,
                });
                plain.push_str(&word[core.len()..]);
            }
            _ => plain.push_str(word),
        }
        let space_len = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        plain.push_str(&after[..space_len]);
        rest = &after[space_len..];
    }
    if !plain.is_empty() {
        out.push(Segment::Text(plain));
    }
    out
}

/// What a reader should be warned about in `text`, each flag once.
pub fn flags(text: &str) -> Vec<Flag> {
    let mut found = Vec::new();
    let mut run = 0;
    let mut last = None;
    for c in text.chars() {
        run = if Some(c) == last { run + 1 } else { 1 };
        last = Some(c);
        if run >= REPEAT_RUN && !c.is_whitespace() {
            found.push(Flag::RepeatedCharacters);
            break;
        }
    }
    let links: Vec<String> = segments(text)
        .into_iter()
        .filter_map(|s| match s {
            Segment::Link { href, .. } => Some(href.to_ascii_lowercase()),
            Segment::Text(_) => None,
        })
        .collect();
    if links.len() > MAX_LINKS {
        found.push(Flag::ManyLinks);
    }
    for href in &links {
        let Some(rest) = href.strip_prefix("https://") else {
            continue;
        };
        let host = host_of(rest);
        let is_ip = host.starts_with('[') || host.split('.').all(|p| p.parse::<u8>().is_ok());
        if is_ip {
            found.push(Flag::IpAddressLink);
        }
        if host.split('.').any(|label| label.starts_with("xn--")) {
            found.push(Flag::LookAlikeLink);
        }
        if SHORTENERS.contains(&host.trim_start_matches("www.")) {
            found.push(Flag::ShortenedLink);
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str) -> Segment {
        Segment::Link {
            text: text.into(),
            href: text.into(),
        }
    }

    fn t(text: &str) -> Segment {
        Segment::Text(text.into())
    }

    #[test]
    fn https_mailto_and_tel_links_are_found_and_sentence_punctuation_is_left_out() {
        assert_eq!(
            segments("See https://janji.id/spa. Or mail mailto:a@b.id, call tel:+62812"),
            vec![
                t("See "),
                link("https://janji.id/spa"),
                t(". Or mail "),
                link("mailto:a@b.id"),
                t(", call "),
                link("tel:+62812"),
            ]
        );
    }

    #[test]
    fn other_schemes_and_broken_links_stay_text() {
        for text in [
            "javascript:alert(1)",
            "http://janji.id",
            "data:text/html,<script>",
            "https://",
            "https://x",
            "https://janji.id/\"onmouseover=alert(1)",
            "JaVaScRiPt:alert(1)",
            "tel:abc",
            "mailto:nobody",
        ] {
            assert_eq!(segments(text), vec![t(text)], "{text}");
        }
    }

    #[test]
    fn every_character_is_kept() {
        let text = "  a  https://janji.id/x?y=1#z\n\nb\t(https://x.id) ";
        let joined: String = segments(text)
            .into_iter()
            .map(|s| match s {
                Segment::Text(t) => t,
                Segment::Link { text, .. } => text,
            })
            .collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn spam_patterns_and_suspicious_links_are_flagged() {
        assert_eq!(flags("hello there"), vec![]);
        assert_eq!(flags("yesssssssssss!"), vec![Flag::RepeatedCharacters]);
        assert_eq!(flags(&"https://a.id ".repeat(6)), vec![Flag::ManyLinks]);
        assert_eq!(
            flags("https://192.168.1.10/login"),
            vec![Flag::IpAddressLink]
        );
        assert_eq!(
            flags("https://xn--pypal-4ve.com"),
            vec![Flag::LookAlikeLink]
        );
        assert_eq!(flags("https://bit.ly/abc"), vec![Flag::ShortenedLink]);
        assert_eq!(
            flags("https://user@bit.ly:443/x"),
            vec![Flag::ShortenedLink]
        );
    }
}
