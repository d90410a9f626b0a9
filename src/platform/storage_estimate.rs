//! How much the browser lets this site store, and how much it uses.

use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Bytes used and the quota, from `navigator.storage.estimate()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageEstimate {
    pub usage: f64,
    pub quota: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EstimateError {
    /// The browser has no storage estimate (older browsers, some private modes).
    #[error("this browser gives no storage estimate")]
    Unsupported,
    #[error("the storage estimate failed: {0}")]
    Failed(String),
}

fn get(target: &JsValue, name: &str) -> Result<JsValue, EstimateError> {
    js_sys::Reflect::get(target, &name.into())
        .map_err(|_| EstimateError::Failed(format!("cannot read {name}")))
}

/// Calls `navigator.storage.<method>()` and waits for its promise.
async fn call_storage(method: &str) -> Result<JsValue, EstimateError> {
    // Through Reflect: StorageManager is behind web-sys's unstable flag.
    let navigator = web_sys::window()
        .ok_or(EstimateError::Unsupported)?
        .navigator();
    let storage = get(&navigator, "storage")?;
    if storage.is_undefined() {
        return Err(EstimateError::Unsupported);
    }
    let function: js_sys::Function = get(&storage, method)?
        .dyn_into()
        .map_err(|_| EstimateError::Unsupported)?;
    let promise: js_sys::Promise = function
        .call0(&storage)
        .map_err(|_| EstimateError::Failed(format!("{method}() threw")))?
        .dyn_into()
        .map_err(|_| EstimateError::Failed(format!("{method}() returned no promise")))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| EstimateError::Failed(e.as_string().unwrap_or_else(|| "rejected".into())))
}

/// Asks the browser for its estimate.
pub async fn estimate() -> Result<StorageEstimate, EstimateError> {
    let result = call_storage("estimate").await?;
    let number = |name: &str| -> Result<f64, EstimateError> {
        get(&result, name)?
            .as_f64()
            .ok_or_else(|| EstimateError::Failed(format!("no {name} in the estimate")))
    };
    Ok(StorageEstimate {
        usage: number("usage")?,
        quota: number("quota")?,
    })
}

/// Asks the browser to keep this site's storage under pressure rather than
/// evict it (`navigator.storage.persist()`); `Ok(granted)`.
pub async fn request_persistence() -> Result<bool, EstimateError> {
    Ok(call_storage("persist").await?.as_bool().unwrap_or(false))
}
