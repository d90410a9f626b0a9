//! HTTP to PocketBase: JSON in and out, the session token in a header (never
//! in a URL), a timeout on every request enforced with `AbortController`, and
//! the content type checked before a body is trusted.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use futures::future::{Either, select};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::AbortController;

use crate::backend::{AuthToken, BackendError, Result};
use crate::platform::sleep::sleep;

use super::errors::{from_status, require_json};

/// Every request gets an answer or an error within this time.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

type TokenListener = Rc<dyn Fn()>;

pub struct PbHttp {
    base_url: String,
    timeout: Duration,
    token: RefCell<Option<AuthToken>>,
    token_listeners: RefCell<Vec<TokenListener>>,
}

impl PbHttp {
    pub fn new(base_url: &str, timeout: Duration) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            timeout,
            token: RefCell::new(None),
            token_listeners: RefCell::new(Vec::new()),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Replaces the session token and tells listeners (the realtime client
    /// re-sends its subscriptions so they carry the new identity).
    pub fn set_token(&self, token: Option<AuthToken>) {
        *self.token.borrow_mut() = token;
        let listeners = self.token_listeners.borrow().clone();
        for listener in listeners {
            listener();
        }
    }

    pub fn on_token_change(&self, listener: TokenListener) {
        self.token_listeners.borrow_mut().push(listener);
    }

    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let text = self.send(Method::GET, path, None).await?;
        parse_json(&text)
    }

    pub async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T> {
        let text = self.send(method, path, Some(to_json(body)?)).await?;
        parse_json(&text)
    }

    /// A request whose answer has no body worth reading (204 or ignored).
    pub async fn send_no_content<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<()> {
        self.send_raw(method, path, Some(to_json(body)?))
            .await
            .map(drop)
    }

    /// Sends a request and returns the body of a JSON answer. Deliberately
    /// not generic, so the request pipeline exists once in the bundle rather
    /// than once per answer type.
    async fn send(&self, method: Method, path: &str, body: Option<String>) -> Result<String> {
        let response = self.send_raw(method, path, body).await?;
        require_json(response.headers().get("content-type").as_deref())?;
        response
            .text()
            .await
            .map_err(|e| BackendError::Network(e.to_string()))
    }

    /// Sends one request and maps every non-2xx answer to a [`BackendError`].
    async fn send_raw(&self, method: Method, path: &str, body: Option<String>) -> Result<Response> {
        let url = format!("{}{path}", self.base_url);
        let controller = AbortController::new().ok();
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        if let Some(token) = self.token.borrow().as_ref() {
            builder = builder.header("Authorization", token.expose());
        }
        let request = match body {
            Some(json) => builder
                .header("Content-Type", "application/json")
                .body(json),
            None => builder.build(),
        }
        .map_err(|e| BackendError::Network(e.to_string()))?;

        let sent = Box::pin(request.send());
        let timer = Box::pin(sleep(self.timeout));
        let response = match select(sent, timer).await {
            Either::Left((result, _)) => {
                result.map_err(|e| BackendError::Network(e.to_string()))?
            }
            Either::Right(((), _)) => {
                if let Some(c) = controller {
                    c.abort();
                }
                return Err(BackendError::Timeout(self.timeout));
            }
        };
        if response.ok() {
            return Ok(response);
        }
        let status = response.status();
        let retry_after = response.headers().get("retry-after");
        let body = response.text().await.unwrap_or_default();
        Err(from_status(status, &body, retry_after.as_deref()))
    }
}

fn to_json<B: Serialize>(body: &B) -> Result<String> {
    serde_json::to_string(body).map_err(|e| BackendError::Decode(e.to_string()))
}

fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| BackendError::Decode(e.to_string()))
}
