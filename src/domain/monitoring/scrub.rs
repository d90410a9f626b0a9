//! Removes secrets from text before it is recorded or reported: session
//! tokens (JWTs and other long opaque strings, `Bearer …`, `token=…`,
//! `password: …`) and phone numbers (any run of 8 or more digits, with the
//! usual separators).

const TOKEN: &str = "[token]";
const REDACTED: &str = "[redacted]";
const PHONE: &str = "[phone]";

/// Keys whose value is always a secret in `key: value` or `key=value` text.
const SECRET_KEYS: &[&str] = &[
    "authorization",
    "token",
    "password",
    "passwd",
    "secret",
    "apikey",
    "api_key",
];

/// The scrubbed text.
pub fn scrub(text: &str) -> String {
    let text = mask_key_values(text);
    let text = mask_opaque_words(&text);
    mask_phone_numbers(&text)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~' | '+' | '/' | '=')
}

/// `Bearer x`, `token=x`, `"password": "x"` → the value masked.
fn mask_key_values(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if let Some(mut value_start) = secret_value_start(&lower, i) {
            out.push_str(&text[i..value_start]);
            // `Authorization: Bearer x`: the scheme goes with the secret.
            if lower[value_start..].starts_with("bearer ") {
                value_start += "bearer ".len();
            }
            let value_end = text[value_start..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | ';' | '&' | '"' | '\'' | '}' | ')')
                })
                .map_or(text.len(), |n| value_start + n);
            if value_end > value_start {
                out.push_str(REDACTED);
            }
            i = value_end;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// If a secret key (or `bearer`) starts at `i`, where its value starts.
fn secret_value_start(lower: &str, i: usize) -> Option<usize> {
    let rest = &lower[i..];
    let before_ok = lower[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric());
    if !before_ok {
        return None;
    }
    if let Some(after) = rest.strip_prefix("bearer ") {
        let skipped = after.len() - after.trim_start().len();
        return Some(i + "bearer ".len() + skipped);
    }
    let key = SECRET_KEYS.iter().find(|k| rest.starts_with(*k))?;
    let after = &rest[key.len()..];
    // The key may be quoted and followed by spaces before ':' or '='.
    let trimmed = after.trim_start_matches(['"', '\'', ' ']);
    let sep = trimmed.chars().next().filter(|c| *c == ':' || *c == '=')?;
    let value = trimmed[sep.len_utf8()..].trim_start_matches([' ', '"', '\'']);
    Some(i + key.len() + (after.len() - value.len()))
}

/// JWTs and long opaque strings (32+ characters mixing letters and digits).
fn mask_opaque_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let has_letter = word.chars().any(|c| c.is_ascii_alphabetic());
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        let jwt = word.starts_with("eyJ") && word.matches('.').count() >= 2;
        if jwt || (word.len() >= 32 && has_letter && has_digit) {
            out.push_str(TOKEN);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Runs of 8+ digits, optionally with `+`, spaces, dashes, dots and
/// brackets between them, that stand alone (not inside a word).
fn mask_phone_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts = (chars[i].is_ascii_digit()
            || (chars[i] == '+' || chars[i] == '(')
                && chars
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '('))
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if starts {
            let mut end = i;
            let mut digits = 0;
            let mut last_digit_end = i;
            while end < chars.len() {
                let c = chars[end];
                if c.is_ascii_digit() {
                    digits += 1;
                    last_digit_end = end + 1;
                } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')
                    || (c == ' '
                        && !chars
                            .get(end + 1)
                            .is_some_and(|n| n.is_ascii_digit() || *n == '('))
                {
                    break;
                }
                end += 1;
            }
            let followed_by_word = chars
                .get(last_digit_end)
                .is_some_and(|c| c.is_ascii_alphabetic());
            if digits >= 8 && !followed_by_word {
                out.push_str(PHONE);
                i = last_digit_end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwts_and_bearer_tokens_are_masked() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InUxIn0.c2lnbmF0dXJl";
        assert_eq!(
            scrub(&format!("refresh failed for {jwt}")),
            "refresh failed for [token]"
        );
        assert_eq!(
            scrub("Authorization: Bearer abc.def"),
            "Authorization: [redacted]"
        );
        assert_eq!(
            scrub("header Bearer abcdef rejected"),
            "header Bearer [redacted] rejected"
        );
    }

    #[test]
    fn key_value_secrets_are_masked() {
        assert_eq!(
            scrub("GET /x?token=s3cr3t&page=2"),
            "GET /x?token=[redacted]&page=2"
        );
        assert_eq!(
            scrub(r#"{"password": "hunter22", "name": "Ayu"}"#),
            r#"{"password": "[redacted]", "name": "Ayu"}"#
        );
        assert_eq!(
            scrub("the token expired"),
            "the token expired",
            "prose is left alone"
        );
    }

    #[test]
    fn long_opaque_strings_are_masked_but_ids_are_not() {
        assert_eq!(
            scrub("key 0123456789abcdef0123456789abcdef99"),
            "key [token]"
        );
        assert_eq!(scrub("room p0000000000001a"), "room p0000000000001a");
    }

    #[test]
    fn phone_numbers_are_masked_in_any_common_form() {
        for phone in [
            "+6281234567890",
            "081234567890",
            "+62 812-3456-7890",
            "(0812) 3456 7890",
            "0812.3456.7890",
        ] {
            assert_eq!(
                scrub(&format!("call {phone} now")),
                "call [phone] now",
                "{phone}"
            );
        }
    }

    #[test]
    fn short_numbers_and_prices_stay() {
        assert_eq!(scrub("HTTP 503 after 3 tries"), "HTTP 503 after 3 tries");
        assert_eq!(scrub("Rp 250.000 for 90 min"), "Rp 250.000 for 90 min");
        assert_eq!(
            scrub("id abc12345678def"),
            "id abc12345678def",
            "digits inside a word are not a phone"
        );
    }
}
