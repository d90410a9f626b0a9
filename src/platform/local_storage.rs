//! `localStorage` as a small key-value store for the session token.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LocalStorageError {
    #[error("local storage is not available in this browser (private mode?)")]
    Unavailable,
    #[error("local storage refused the write: {0}")]
    WriteFailed(String),
}

/// A string value kept under one key.
pub trait KeyValue {
    fn get(&self) -> Result<Option<String>, LocalStorageError>;
    fn set(&self, value: &str) -> Result<(), LocalStorageError>;
    fn remove(&self) -> Result<(), LocalStorageError>;
}

/// One `localStorage` key.
#[derive(Debug, Clone)]
pub struct LocalStorageKey {
    key: &'static str,
}

impl LocalStorageKey {
    pub const fn new(key: &'static str) -> Self {
        Self { key }
    }

    fn storage() -> Result<web_sys::Storage, LocalStorageError> {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .ok_or(LocalStorageError::Unavailable)
    }
}

impl KeyValue for LocalStorageKey {
    fn get(&self) -> Result<Option<String>, LocalStorageError> {
        Self::storage()?
            .get_item(self.key)
            .map_err(|_| LocalStorageError::Unavailable)
    }

    fn set(&self, value: &str) -> Result<(), LocalStorageError> {
        Self::storage()?
            .set_item(self.key, value)
            .map_err(|e| LocalStorageError::WriteFailed(js_error_name(&e)))
    }

    fn remove(&self) -> Result<(), LocalStorageError> {
        Self::storage()?
            .remove_item(self.key)
            .map_err(|e| LocalStorageError::WriteFailed(js_error_name(&e)))
    }
}

/// The error's name only (e.g. `QuotaExceededError`): messages may quote
/// the value being written.
fn js_error_name(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
