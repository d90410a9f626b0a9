//! The running session on PocketBase's `users` auth collection.

use std::rc::Rc;

use async_trait::async_trait;

use crate::backend::{AuthSession, AuthToken, Call, Result, SessionApi};

use super::http::{Method, PbHttp};
use super::wire::AuthAnswer;

pub struct PbSession {
    http: Rc<PbHttp>,
}

impl PbSession {
    pub fn new(http: Rc<PbHttp>) -> Self {
        Self { http }
    }
}

/// Takes a successful sign-in or refresh: the token is kept for later calls.
pub fn accept(http: &PbHttp, answer: AuthAnswer) -> Result<AuthSession> {
    let user = answer.record.into_domain()?;
    let token = AuthToken::new(answer.token);
    http.set_token(Some(token.clone()));
    Ok(AuthSession { token, user })
}

#[async_trait(?Send)]
impl SessionApi for PbSession {
    async fn refresh(&self, call: &Call, token: &AuthToken) -> Result<AuthSession> {
        // The refresh authenticates with the stored token itself. If the
        // server cannot be reached the token stays in place, so the session
        // keeps working offline; the caller signs out on a rejection.
        self.http.set_token(Some(token.clone()));
        // `{}`: the refresh has nothing to send but its token.
        let answer = self
            .http
            .send_value(
                call,
                Method::Post,
                "/api/collections/users/auth-refresh",
                "{}".into(),
            )
            .await?;
        accept(&self.http, AuthAnswer::read(&answer)?)
    }

    fn sign_out(&self) {
        self.http.set_token(None);
    }
}
