//! The customer's contact details on a booking: a name and a WhatsApp number.
//! Both are validated here once; the form shows these errors inline and the
//! server checks the same shapes again.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const NAME_MIN_CHARS: usize = 2;
pub const NAME_MAX_CHARS: usize = 80;

/// E.164 allows at most 15 digits after the `+`.
const E164_MAX_DIGITS: usize = 15;
/// No country's full number is shorter than this in practice.
const E164_MIN_DIGITS: usize = 8;
/// Indonesian mobile numbers have 9 to 12 digits after `+62`, starting with 8.
const ID_NATIONAL_MIN: usize = 9;
const ID_NATIONAL_MAX: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("Enter a name of at least {NAME_MIN_CHARS} characters.")]
    TooShort,
    #[error("Keep the name under {NAME_MAX_CHARS} characters.")]
    TooLong,
    #[error("The name contains a character that cannot be shown.")]
    ControlCharacter,
}

/// A person's display name: 2–80 characters after trimming, no control or
/// bidi-override characters (which could disguise the name in a chat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let trimmed = raw.trim();
        if trimmed.chars().any(is_hidden_control) {
            return Err(NameError::ControlCharacter);
        }
        let chars = trimmed.chars().count();
        if chars < NAME_MIN_CHARS {
            return Err(NameError::TooShort);
        }
        if chars > NAME_MAX_CHARS {
            return Err(NameError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = NameError;
    fn try_from(raw: String) -> Result<Self, NameError> {
        Self::parse(&raw)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> String {
        name.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Control characters and the Unicode bidi overrides/isolates, which can make
/// text read differently from what it is.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("Enter your WhatsApp number.")]
    Empty,
    #[error("Use digits only; spaces, dashes, dots and brackets are fine (found '{0}').")]
    InvalidCharacter(char),
    #[error("Start with + and the country code, or 08 for an Indonesian number.")]
    MissingCountryCode,
    #[error("A country code never starts with 0.")]
    CountryCodeZero,
    #[error("The number is too short.")]
    TooShort,
    #[error("The number is too long: at most 15 digits after the +.")]
    TooLong,
    #[error("An Indonesian WhatsApp number starts with 08 or +628 and has 10 to 13 digits.")]
    NotIndonesianMobile,
}

/// A WhatsApp number in E.164 form (`+` and up to 15 digits). Indonesian
/// local input (`0812…`) is normalised to `+62812…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WhatsAppNumber(String);

impl WhatsAppNumber {
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (has_plus, rest) = match raw.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                other => return Err(PhoneError::InvalidCharacter(other)),
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        let international = if has_plus {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = digits.strip_prefix('0') {
            if !rest.starts_with('8') {
                return Err(PhoneError::MissingCountryCode);
            }
            format!("62{rest}")
        } else if digits.starts_with("628") {
            digits
        } else {
            return Err(PhoneError::MissingCountryCode);
        };
        check_e164_digits(&international)?;
        Ok(Self(format!("+{international}")))
    }

    /// The number in E.164 form, e.g. `+628123456789`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form shown back to people: the number with its last four digits
    /// visible, for places (logs, reports) where the whole number must not be.
    pub fn masked(&self) -> String {
        let visible = &self.0[self.0.len() - 4..];
        format!("+…{visible}")
    }
}

fn check_e164_digits(digits: &str) -> Result<(), PhoneError> {
    if digits.starts_with('0') {
        return Err(PhoneError::CountryCodeZero);
    }
    if digits.len() < E164_MIN_DIGITS {
        return Err(PhoneError::TooShort);
    }
    if digits.len() > E164_MAX_DIGITS {
        return Err(PhoneError::TooLong);
    }
    if let Some(national) = digits.strip_prefix("62") {
        let len_ok = (ID_NATIONAL_MIN..=ID_NATIONAL_MAX).contains(&national.len());
        if !national.starts_with('8') || !len_ok {
            return Err(PhoneError::NotIndonesianMobile);
        }
    }
    Ok(())
}

impl TryFrom<String> for WhatsAppNumber {
    type Error = PhoneError;
    fn try_from(raw: String) -> Result<Self, PhoneError> {
        Self::parse(&raw)
    }
}

impl From<WhatsAppNumber> for String {
    fn from(number: WhatsAppNumber) -> String {
        number.0
    }
}

impl fmt::Display for WhatsAppNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  Ayu  ").unwrap().as_str(), "Ayu");
        assert_eq!(PersonName::parse("A"), Err(NameError::TooShort));
        assert_eq!(PersonName::parse("   "), Err(NameError::TooShort));
        assert_eq!(PersonName::parse(&"x".repeat(81)), Err(NameError::TooLong));
        assert!(
            PersonName::parse(&"é".repeat(80)).is_ok(),
            "limits count characters, not bytes"
        );
    }

    #[test]
    fn names_with_hidden_controls_are_rejected() {
        assert_eq!(
            PersonName::parse("Ay\u{0}u"),
            Err(NameError::ControlCharacter)
        );
        assert_eq!(
            PersonName::parse("Ayu\u{202E}gnp"),
            Err(NameError::ControlCharacter)
        );
        assert_eq!(
            PersonName::parse("Ayu\u{2067}x"),
            Err(NameError::ControlCharacter)
        );
    }

    #[test]
    fn indonesian_local_numbers_become_e164() {
        let cases = [
            ("081234567890", "+6281234567890"),
            ("0812-3456-7890", "+6281234567890"),
            ("0812 345 678", "+62812345678"),
            ("(0812) 3456.7890", "+6281234567890"),
            ("6281234567890", "+6281234567890"),
            ("006281234567890", "+6281234567890"),
            ("+62 812 3456 7890", "+6281234567890"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                WhatsAppNumber::parse(input).unwrap().as_str(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn international_numbers_are_kept() {
        assert_eq!(
            WhatsAppNumber::parse("+44 7911 123456").unwrap().as_str(),
            "+447911123456"
        );
        assert_eq!(
            WhatsAppNumber::parse("+1 (415) 555-2671").unwrap().as_str(),
            "+14155552671"
        );
    }

    #[test]
    fn bad_numbers_each_get_their_error() {
        let cases = [
            ("", PhoneError::Empty),
            ("   ", PhoneError::Empty),
            ("+", PhoneError::Empty),
            ("0812a4567890", PhoneError::InvalidCharacter('a')),
            ("+62 812/3456", PhoneError::InvalidCharacter('/')),
            ("++6281234567", PhoneError::InvalidCharacter('+')),
            ("812345678", PhoneError::MissingCountryCode),
            ("0212345678", PhoneError::MissingCountryCode),
            ("+0812345678", PhoneError::CountryCodeZero),
            ("+4412345", PhoneError::TooShort),
            ("+1234567890123456", PhoneError::TooLong),
            ("+62212345678", PhoneError::NotIndonesianMobile),
            ("0812345", PhoneError::NotIndonesianMobile),
            ("08123456789012", PhoneError::NotIndonesianMobile),
        ];
        for (input, expected) in cases {
            assert_eq!(WhatsAppNumber::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn masked_number_shows_only_the_last_four_digits() {
        let n = WhatsAppNumber::parse("081234567890").unwrap();
        assert_eq!(n.masked(), "+…7890");
    }

    /// Any E.164 number that passes the Indonesian rule when it is one.
    fn valid_e164() -> impl Strategy<Value = String> {
        prop_oneof![
            "[1-9][0-9]{7,14}".prop_filter("not +62", |d| !d.starts_with("62")),
            "8[0-9]{8,11}".prop_map(|national| format!("62{national}")),
        ]
        .prop_map(|digits| format!("+{digits}"))
    }

    proptest! {
        #[test]
        fn e164_numbers_round_trip(number in valid_e164()) {
            let parsed = WhatsAppNumber::parse(&number).unwrap();
            prop_assert_eq!(parsed.as_str(), number.as_str());
            let again = WhatsAppNumber::parse(&parsed.to_string()).unwrap();
            prop_assert_eq!(again, parsed);
        }

        #[test]
        fn local_indonesian_input_normalises_with_any_separators(
            national in "8[0-9]{8,11}",
            seps in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just(".")], 12),
        ) {
            let mut input = String::from("0");
            for (i, c) in national.chars().enumerate() {
                input.push(c);
                input.push_str(seps[i % seps.len()]);
            }
            let parsed = WhatsAppNumber::parse(&input).unwrap();
            prop_assert_eq!(parsed.as_str(), format!("+62{national}"));
        }

        #[test]
        fn names_round_trip_through_serde(name in "[A-Za-z][A-Za-z .'-]{0,60}[A-Za-z]") {
            let parsed = PersonName::parse(&name).unwrap();
            let json = serde_json::to_string(&parsed).unwrap();
            let back: PersonName = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, parsed);
        }
    }
}
