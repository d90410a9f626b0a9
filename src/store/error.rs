//! What can go wrong with local storage.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    /// IndexedDB cannot be opened at all (private mode, disabled storage).
    #[error("local storage is unavailable: {0}")]
    Unavailable(String),
    #[error("the browser's storage quota is used up")]
    QuotaExceeded,
    /// A request or transaction failed; the text is the DOM error's name and
    /// message, which never contain stored values.
    #[error("storage operation failed: {0}")]
    Failed(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
