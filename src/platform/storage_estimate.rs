//! How much the browser lets this site store, and how much it uses.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Bytes used and the quota, from `navigator.storage.estimate()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageEstimate {
    pub usage: f64,
    pub quota: f64,
}

/// `None` where the browser does not offer an estimate.
pub async fn estimate() -> Option<StorageEstimate> {
    // Through Reflect: StorageManager is behind web-sys's unstable flag.
    let navigator = web_sys::window()?.navigator();
    let storage = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    let estimate_fn: js_sys::Function = js_sys::Reflect::get(&storage, &"estimate".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = estimate_fn.call0(&storage).ok()?.dyn_into().ok()?;
    let result: JsValue = JsFuture::from(promise).await.ok()?;
    let number = |name: &str| {
        js_sys::Reflect::get(&result, &name.into())
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some(StorageEstimate {
        usage: number("usage")?,
        quota: number("quota")?,
    })
}
