//! Browser primitives, each behind a small Rust API: the clock, timers,
//! Server-Sent Events, randomness, local storage and the sanitizer worker.
//! This is the only place (with `backend/pocketbase` and `store`) that names
//! web-sys or gloo.

pub mod broadcast;
pub mod clock;
pub mod download;
pub mod event_source;
pub mod file_blob;
pub mod file_picker;
pub mod global_errors;
pub mod item_at;
pub mod json;
pub mod local_storage;
pub mod locks;
pub mod notify;
pub mod object_url;
pub mod on_demand;
pub mod online;
pub mod page;
pub mod perf_mark;
pub mod photo;
pub mod random;
pub mod sanitizer;
pub mod scroll_anchor;
pub mod sleep;
pub mod storage_estimate;
pub mod time_zone;
pub mod visible;
pub mod wake;
