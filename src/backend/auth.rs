//! Accounts and sessions: keeping a session alive across reloads (needed at
//! start-up) and signing up or in (needed on two pages only, so loaded on
//! demand).

use async_trait::async_trait;

use crate::domain::account::{Credentials, NewAccount};
use crate::domain::user::User;

use super::{Call, Result};

/// A session token. It is never printed: `Debug` hides it, there is no
/// `Display`, and the only way to the text is [`AuthToken::expose`], used
/// where the token is sent or stored.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthToken(String);

impl AuthToken {
    pub fn new(token: String) -> Self {
        Self(token)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthToken(***)")
    }
}

/// A signed-in user and the token that proves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSession {
    pub token: AuthToken,
    pub user: User,
}

/// The running session. The adapter keeps the current token itself and
/// sends it with every later call; callers only persist it.
#[async_trait(?Send)]
pub trait SessionApi {
    /// Exchanges a stored token for a fresh one (and the current user).
    async fn refresh(&self, call: &Call, token: &AuthToken) -> Result<AuthSession>;
    /// Forgets the token; later calls are anonymous.
    fn sign_out(&self);
}

/// Creating an account and signing in.
#[async_trait(?Send)]
pub trait AccountsApi {
    /// Creates a customer account. Sign-up never makes other roles.
    async fn sign_up(&self, call: &Call, account: &NewAccount) -> Result<()>;
    async fn sign_in(&self, call: &Call, credentials: &Credentials) -> Result<AuthSession>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_hides_the_secret() {
        let t = AuthToken::new("eyJhbGciOiJIUzI1NiJ9.secret".into());
        assert_eq!(format!("{t:?}"), "AuthToken(***)");
        let s = AuthSession {
            token: t,
            user: User {
                id: crate::domain::ids::UserId::parse("u1").unwrap(),
                name: "Ayu".into(),
                email: "ayu@example.com".into(),
                role: crate::domain::user::Role::Customer,
            },
        };
        assert!(!format!("{s:?}").contains("secret"));
    }
}
