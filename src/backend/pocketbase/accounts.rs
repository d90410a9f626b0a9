//! Sign-up and sign-in. Loaded on demand: only two pages use them.

use std::rc::Rc;

use async_trait::async_trait;
use serde::Serialize;

use crate::backend::{AccountsApi, AuthSession, Call, Result};
use crate::domain::account::{Credentials, NewAccount};

use super::http::{Method, PbHttp, to_json};
use super::session::accept;
use super::wire::{AuthAnswer, UserRecord};

/// The accounts capability; its code is a chunk fetched on first use.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>) -> Rc<dyn AccountsApi> {
    Rc::new(PbAccounts { http })
}

struct PbAccounts {
    http: Rc<PbHttp>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignUpBody<'a> {
    name: &'a str,
    email: &'a str,
    password: &'a str,
    password_confirm: &'a str,
}

#[derive(Serialize)]
struct SignInBody<'a> {
    identity: &'a str,
    password: &'a str,
}

#[async_trait(?Send)]
impl AccountsApi for PbAccounts {
    async fn sign_up(&self, call: &Call, account: &NewAccount) -> Result<()> {
        let body = SignUpBody {
            name: account.name.as_str(),
            email: account.email.as_str(),
            password: account.password.expose(),
            password_confirm: account.password.expose(),
        };
        let created = self
            .http
            .send_value(
                call,
                Method::Post,
                "/api/collections/users/records",
                to_json(&body)?,
            )
            .await?;
        UserRecord::read(&created).map(drop)
    }

    async fn sign_in(&self, call: &Call, credentials: &Credentials) -> Result<AuthSession> {
        let body = SignInBody {
            identity: credentials.email.as_str(),
            password: credentials.password.expose(),
        };
        let answer = self
            .http
            .send_value(
                call,
                Method::Post,
                "/api/collections/users/auth-with-password",
                to_json(&body)?,
            )
            .await?;
        accept(&self.http, AuthAnswer::read(&answer)?)
    }
}
