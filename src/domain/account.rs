//! Sign-up and sign-in input. Checked in the browser so the form can say what
//! to fix before anything is sent; the backend checks again.

use thiserror::Error;

use super::person::{NameError, PersonName};

/// PocketBase's default minimum password length for auth collections.
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 72;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("Enter an email address like name@example.com.")]
    Malformed,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("Use at least {PASSWORD_MIN_CHARS} characters.")]
    TooShort,
    #[error("Use at most {PASSWORD_MAX_CHARS} characters.")]
    TooLong,
}

/// An email address, trimmed and lower-cased. The check is deliberately
/// loose (one `@`, a dot in the domain, no spaces): the backend has the final say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        // ASCII lower-casing only: the domain part is case-insensitive, and
        // Unicode case tables would weigh more than they are worth here.
        let email = raw.trim().to_ascii_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::Malformed);
        };
        let well_formed = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(char::is_whitespace);
        if !well_formed {
            return Err(EmailError::Malformed);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed. Its `Debug` never shows the text, so it cannot leak
/// into a log line or an error report.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password text, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// What signing in needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub email: Email,
    pub password: Password,
}

/// What signing up needs. Sign-up only ever makes customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub name: PersonName,
    pub email: Email,
    pub password: Password,
}

/// The sign-up form's field errors, all at once so the form can show each
/// next to its field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignUpErrors {
    pub name: Option<NameError>,
    pub email: Option<EmailError>,
    pub password: Option<PasswordError>,
    pub confirm: Option<&'static str>,
}

impl NewAccount {
    /// Validates the whole form; either a complete account or every error.
    pub fn validate(
        name: &str,
        email: &str,
        password: &str,
        confirm: &str,
    ) -> Result<Self, SignUpErrors> {
        let name = PersonName::parse(name);
        let email = Email::parse(email);
        let password = Password::parse(password);
        let confirm_error = (password.is_ok()
            && confirm != password.as_ref().map(Password::expose).unwrap_or_default())
        .then_some("The two passwords differ.");
        match (name, email, password, confirm_error) {
            (Ok(name), Ok(email), Ok(password), None) => Ok(Self {
                name,
                email,
                password,
            }),
            (name, email, password, confirm) => Err(SignUpErrors {
                name: name.err(),
                email: email.err(),
                password: password.err(),
                confirm,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ayu@Example.COM ").unwrap().as_str(),
            "ayu@example.com"
        );
        for bad in [
            "ayu",
            "ayu@",
            "@example.com",
            "ayu@example",
            "ayu@.com",
            "a b@example.com",
            "a@b@c.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
        assert_eq!(Email::parse(" "), Err(EmailError::Empty));
    }

    #[test]
    fn password_debug_never_shows_the_text() {
        let p = Password::parse("hunter2-secret").unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
        assert_eq!(Password::parse("short"), Err(PasswordError::TooShort));
    }

    #[test]
    fn sign_up_reports_every_field_error_at_once() {
        let errors = NewAccount::validate("A", "nope", "short", "short").unwrap_err();
        assert_eq!(errors.name, Some(NameError::TooShort));
        assert_eq!(errors.email, Some(EmailError::Malformed));
        assert_eq!(errors.password, Some(PasswordError::TooShort));
        assert_eq!(
            errors.confirm, None,
            "a mismatch is only reported for a usable password"
        );

        let mismatch =
            NewAccount::validate("Ayu", "ayu@example.com", "long-enough", "different").unwrap_err();
        assert_eq!(mismatch.confirm, Some("The two passwords differ."));
        assert!(
            NewAccount::validate("Ayu", "ayu@example.com", "long-enough", "long-enough").is_ok()
        );
    }
}
