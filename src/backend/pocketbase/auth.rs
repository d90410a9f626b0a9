//! Accounts on PocketBase's `users` auth collection.

use std::rc::Rc;

use async_trait::async_trait;
use gloo_net::http::Method;
use serde::Serialize;

use crate::backend::{AuthApi, AuthSession, AuthToken, Result};
use crate::domain::account::{Credentials, NewAccount};

use super::http::PbHttp;
use super::realtime::PbRealtime;
use super::wire::{AuthAnswer, UserRecord};

pub struct PbAuth {
    http: Rc<PbHttp>,
    /// Kept so the realtime connection learns about identity changes through
    /// the token listener registered here.
    _realtime: Rc<PbRealtime>,
}

impl PbAuth {
    pub fn new(http: Rc<PbHttp>, realtime: Rc<PbRealtime>) -> Self {
        let rt = realtime.clone();
        http.on_token_change(Rc::new(move || rt.reconnect_as_new_identity()));
        Self {
            http,
            _realtime: realtime,
        }
    }

    fn accept(&self, answer: AuthAnswer) -> Result<AuthSession> {
        let user = answer.record.into_domain()?;
        let token = AuthToken::new(answer.token);
        self.http.set_token(Some(token.clone()));
        Ok(AuthSession { token, user })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignUpBody<'a> {
    name: &'a str,
    email: &'a str,
    password: &'a str,
    password_confirm: &'a str,
}

/// `{}`: the refresh call has nothing to send but its token.
#[derive(Serialize)]
struct EmptyBody {}

#[derive(Serialize)]
struct SignInBody<'a> {
    identity: &'a str,
    password: &'a str,
}

#[async_trait(?Send)]
impl AuthApi for PbAuth {
    async fn sign_up(&self, account: &NewAccount) -> Result<()> {
        let body = SignUpBody {
            name: account.name.as_str(),
            email: account.email.as_str(),
            password: account.password.expose(),
            password_confirm: account.password.expose(),
        };
        let _created: UserRecord = self
            .http
            .send_json(Method::POST, "/api/collections/users/records", &body)
            .await?;
        Ok(())
    }

    async fn sign_in(&self, credentials: &Credentials) -> Result<AuthSession> {
        let body = SignInBody {
            identity: credentials.email.as_str(),
            password: credentials.password.expose(),
        };
        let answer: AuthAnswer = self
            .http
            .send_json(
                Method::POST,
                "/api/collections/users/auth-with-password",
                &body,
            )
            .await?;
        self.accept(answer)
    }

    async fn refresh(&self, token: &AuthToken) -> Result<AuthSession> {
        // The refresh call authenticates with the stored token itself. If the
        // server cannot be reached the token stays in place, so the session
        // keeps working offline; the caller signs out on a rejection.
        self.http.set_token(Some(token.clone()));
        let answer: AuthAnswer = self
            .http
            .send_json(
                Method::POST,
                "/api/collections/users/auth-refresh",
                &EmptyBody {},
            )
            .await?;
        self.accept(answer)
    }

    fn sign_out(&self) {
        self.http.set_token(None);
    }
}
