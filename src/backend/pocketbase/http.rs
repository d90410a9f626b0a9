//! HTTP to PocketBase: JSON in and out, the session token in a header (never
//! in a URL), a timeout on every request enforced with `AbortController`, and
//! the content type checked before a body is trusted.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use futures::future::{Either, select};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

use crate::backend::resilient::{Resilience, create_once};
use crate::backend::{AuthToken, BackendError, Call, Result, ServerTime};
use crate::domain::ids::CorrelationId;
use crate::domain::time::Millis;
use crate::platform::clock::BrowserClock;
use crate::platform::json::{self, Fields};
use crate::platform::online::is_online;
use crate::platform::sleep::sleep;
use crate::resilience::clock::Clock;
use crate::resilience::server_clock::ServerClock;

use super::errors::{from_status, require_json};
use super::wire::{ErrorBody, read};

/// Every request gets an answer or an error within this time.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP methods the adapter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// A request body: JSON text, or a multipart form (files). The browser
/// writes a form's content type itself, with its boundary.
#[derive(Clone)]
pub enum Body {
    Json(String),
    Form(web_sys::FormData),
}

/// What a caller wants from a successful answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A JSON body (the content type is checked).
    Json,
    /// Any body, or none (a delete's 204).
    Anything,
}

/// Failure of a browser call that never produced an answer. The text is the
/// JS error's message, which names no request data.
fn network(e: JsValue) -> BackendError {
    let message = e
        .dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .unwrap_or_else(|| "the request failed".into());
    BackendError::Network(message)
}

type TokenListener = Rc<dyn Fn()>;

pub struct PbHttp {
    base_url: String,
    timeout: Duration,
    token: RefCell<Option<AuthToken>>,
    token_listeners: RefCell<Vec<TokenListener>>,
    resilience: Rc<Resilience>,
    /// Learned from every answer's `Date` header.
    server_clock: RefCell<ServerClock>,
}

impl PbHttp {
    pub fn new(base_url: &str, timeout: Duration, resilience: Rc<Resilience>) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            timeout,
            token: RefCell::new(None),
            token_listeners: RefCell::new(Vec::new()),
            resilience,
            server_clock: RefCell::new(ServerClock::default()),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Replaces the session token and tells listeners (the realtime client
    /// opens a new stream so its subscriptions carry the new identity).
    pub fn set_token(&self, token: Option<AuthToken>) {
        *self.token.borrow_mut() = token;
        let listeners = self.token_listeners.borrow().clone();
        for listener in listeners {
            listener();
        }
    }

    /// The id of the user the current token was issued to (its `id` claim).
    pub fn auth_identity(&self) -> Option<String> {
        let token = self.token.borrow();
        token_user_id(token.as_ref()?.expose())
    }

    pub fn on_token_change(&self, listener: TokenListener) {
        self.token_listeners.borrow_mut().push(listener);
    }

    /// `GET` for `call`, under the resilience layer.
    pub async fn get_json<T: DeserializeOwned>(&self, call: &Call, path: &str) -> Result<T> {
        let text = self.send(call, Method::Get, path, None).await?;
        parse_json(&text)
    }

    /// `GET` for `call`, under the resilience layer; the answer as the
    /// browser parses it, for the decoders of `wire::read`.
    pub async fn get_value(&self, call: &Call, path: &str) -> Result<JsValue> {
        let text = self.send(call, Method::Get, path, None).await?;
        read::parse(&text)
    }

    /// A request with `body` (JSON text) for `call`, under the resilience
    /// layer; the answer as the browser parses it.
    pub async fn send_value(
        &self,
        call: &Call,
        method: Method,
        path: &str,
        body: String,
    ) -> Result<JsValue> {
        let text = self
            .send(call, method, path, Some(Body::Json(body)))
            .await?;
        read::parse(&text)
    }

    /// A request with a JSON body for `call`, under the resilience layer.
    pub async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        call: &Call,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T> {
        let text = self
            .send(call, method, path, Some(Body::Json(to_json(body)?)))
            .await?;
        parse_json(&text)
    }

    /// `DELETE` for `call`, under the resilience layer; a record that is
    /// gone already counts as deleted.
    pub async fn delete(&self, call: &Call, path: &str) -> Result<()> {
        let correlation = Some(&call.correlation);
        let answer = self
            .resilience
            .run(call, |_| {
                self.send_once(correlation, Method::Delete, path, None, Expect::Anything)
            })
            .await;
        match answer {
            Ok(_) | Err(BackendError::NotFound) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// A `GET` whose answer is a file, for `call`, under the resilience
    /// layer. The session token travels in the header, as everywhere.
    pub async fn get_blob(&self, call: &Call, path: &str) -> Result<web_sys::Blob> {
        let correlation = Some(&call.correlation);
        self.resilience
            .run(call, |_| async move {
                let response = self
                    .fetch_once(correlation, Method::Get, path, None)
                    .await?;
                let promise = response.blob().map_err(network)?;
                let blob = JsFuture::from(promise).await.map_err(network)?;
                Ok(blob.unchecked_into())
            })
            .await
    }

    /// Creates a record under the client-made `id` at `collection_path`. If
    /// an earlier attempt already created it (its answer was lost), the
    /// record is read instead: the create happened, once.
    pub async fn create_json<B: Serialize, T: DeserializeOwned>(
        &self,
        call: &Call,
        collection_path: &str,
        id: &str,
        body: &B,
    ) -> Result<T> {
        self.create(call, collection_path, id, Body::Json(to_json(body)?))
            .await
    }

    /// As [`PbHttp::create_json`], with a multipart form (a record with
    /// files).
    pub async fn create_form<T: DeserializeOwned>(
        &self,
        call: &Call,
        collection_path: &str,
        id: &str,
        form: web_sys::FormData,
    ) -> Result<T> {
        self.create(call, collection_path, id, Body::Form(form))
            .await
    }

    async fn create<T: DeserializeOwned>(
        &self,
        call: &Call,
        collection_path: &str,
        id: &str,
        body: Body,
    ) -> Result<T> {
        let record_path = format!("{collection_path}/{id}");
        let correlation = Some(&call.correlation);
        let text = self
            .resilience
            .run(call, |_| {
                create_once(
                    self.send_once(
                        correlation,
                        Method::Post,
                        collection_path,
                        Some(body.clone()),
                        Expect::Json,
                    ),
                    || self.send_once(correlation, Method::Get, &record_path, None, Expect::Json),
                )
            })
            .await?;
        parse_json(&text)
    }

    /// A request outside any logical operation and outside the resilience
    /// layer: the realtime client's subscription calls, which follow the
    /// stream's own reconnect schedule.
    pub async fn send_unguarded<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<()> {
        self.send_once(
            None,
            method,
            path,
            Some(Body::Json(to_json(body)?)),
            Expect::Anything,
        )
        .await
        .map(drop)
    }

    /// Sends a request and returns the body of its JSON answer. Deliberately
    /// not generic, so the request pipeline (and the retry loop around it)
    /// exists once in the bundle rather than once per answer type.
    async fn send(
        &self,
        call: &Call,
        method: Method,
        path: &str,
        body: Option<Body>,
    ) -> Result<String> {
        let correlation = Some(&call.correlation);
        self.resilience
            .run(call, |_| {
                self.send_once(correlation, method, path, body.clone(), Expect::Json)
            })
            .await
    }

    /// Sends one request and returns the body of its answer (checked to be
    /// JSON when `expect` says so).
    async fn send_once(
        &self,
        correlation: Option<&CorrelationId>,
        method: Method,
        path: &str,
        body: Option<Body>,
        expect: Expect,
    ) -> Result<String> {
        let response = self.fetch_once(correlation, method, path, body).await?;
        if expect == Expect::Json {
            require_json(
                response
                    .headers()
                    .get("content-type")
                    .ok()
                    .flatten()
                    .as_deref(),
            )?;
        }
        read_text(&response).await
    }

    /// Sends one request and maps every non-2xx answer to a [`BackendError`].
    /// Written on `fetch` directly rather than gloo-net: it is the one
    /// request pipeline of the app, and the builder layer cost more bytes in
    /// the first load than the few calls it saves.
    async fn fetch_once(
        &self,
        correlation: Option<&CorrelationId>,
        method: Method,
        path: &str,
        body: Option<Body>,
    ) -> Result<Response> {
        let window = web_sys::window().ok_or_else(|| BackendError::Network("no window".into()))?;
        // Offline, the request could only fail; it is not sent, so it
        // neither waits for a timeout nor counts against the backend.
        if !is_online() {
            return Err(BackendError::Offline);
        }
        let headers = Headers::new().map_err(network)?;
        if let Some(token) = self.token.borrow().as_ref() {
            headers
                .set("Authorization", token.expose())
                .map_err(network)?;
        }
        if let Some(id) = correlation {
            headers
                .set("X-Correlation-Id", id.as_str())
                .map_err(network)?;
        }
        let init = RequestInit::new();
        init.set_method(method.as_str());
        match body {
            Some(Body::Json(json)) => {
                headers
                    .set("Content-Type", "application/json")
                    .map_err(network)?;
                init.set_body(&JsValue::from_str(&json));
            }
            Some(Body::Form(form)) => init.set_body(&form),
            None => {}
        }
        init.set_headers(&headers);
        let controller = AbortController::new().ok();
        if let Some(c) = &controller {
            init.set_signal(Some(&c.signal()));
        }
        let url = format!("{}{path}", self.base_url);
        let sent_at = BrowserClock.now();
        let sent = Box::pin(JsFuture::from(window.fetch_with_str_and_init(&url, &init)));
        let timer = Box::pin(sleep(self.timeout));
        let response: Response = match select(sent, timer).await {
            Either::Left((Ok(response), _)) => response.unchecked_into(),
            // The connection went down under the request: the device is
            // offline, not the backend down.
            Either::Left((Err(_), _)) if !is_online() => return Err(BackendError::Offline),
            Either::Left((Err(e), _)) => return Err(network(e)),
            Either::Right(((), _)) => {
                if let Some(c) = controller {
                    c.abort();
                }
                if !is_online() {
                    return Err(BackendError::Offline);
                }
                return Err(BackendError::Timeout(self.timeout));
            }
        };
        if let Some(date) = response
            .headers()
            .get("date")
            .ok()
            .flatten()
            .and_then(|d| Millis::parse_http_date(&d))
        {
            self.server_clock
                .borrow_mut()
                .observe(date, sent_at, BrowserClock.now());
        }
        if response.ok() {
            return Ok(response);
        }
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        // The body only adds detail to the error; without it the status decides.
        let body = read_text(&response).await.unwrap_or_default();
        Err(from_status(
            status,
            ErrorBody::read(&body),
            retry_after.as_deref(),
            BrowserClock.now(),
        ))
    }
}

async fn read_text(response: &Response) -> Result<String> {
    let promise = response.text().map_err(network)?;
    let text = JsFuture::from(promise).await.map_err(network)?;
    Ok(text.as_string().unwrap_or_default())
}

impl ServerTime for PbHttp {
    fn offset_ms(&self) -> i64 {
        self.server_clock.borrow().offset_ms()
    }
}

/// The `id` claim of a PocketBase token (a JWT); the signature is the
/// server's business, this only reads whose token it is.
fn token_user_id(token: &str) -> Option<String> {
    let claims = json::parse(&token_payload(token)?)?;
    Fields(&claims).text("id").ok()
}

/// The JSON text of a token's payload.
fn token_payload(token: &str) -> Option<String> {
    String::from_utf8(base64url_decode(token.split('.').nth(1)?)?).ok()
}

/// Decodes unpadded base64url (RFC 4648 §5).
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            b'=' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

pub fn to_json<B: Serialize>(body: &B) -> Result<String> {
    serde_json::to_string(body).map_err(|e| BackendError::Decode(e.to_string()))
}

fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| BackendError::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Header {"alg":"HS256","typ":"JWT"}, payload {"id":"usrcustomer0001","type":"auth"}.
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6InVzcmN1c3RvbWVyMDAwMSIsInR5cGUiOiJhdXRoIn0.sig";

    #[test]
    fn reads_the_payload_of_a_token() {
        assert_eq!(
            token_payload(TOKEN).as_deref(),
            Some(r#"{"id":"usrcustomer0001","type":"auth"}"#)
        );
        assert_eq!(token_payload("not-a-token"), None);
        assert_eq!(token_payload("a.!!!.c"), None);
    }

    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn reads_the_user_id_of_a_token() {
        assert_eq!(token_user_id(TOKEN).as_deref(), Some("usrcustomer0001"));
        assert_eq!(token_user_id("not-a-token"), None);
        // A payload that is JSON but has no id.
        assert_eq!(token_user_id("x.eyJ0eXBlIjoiYXV0aCJ9.y"), None);
    }

    #[test]
    fn base64url_decodes_without_padding() {
        assert_eq!(base64url_decode("aGk").unwrap(), b"hi");
        assert_eq!(base64url_decode("-_8").unwrap(), [0xfb, 0xff]);
    }
}
