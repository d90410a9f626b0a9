//! janji: booking and chat for a wellness marketplace.
//!
//! The crate is layered; arrows point down only (see ARCHITECTURE.md):
//! `features` → `state` → `store` / `backend` → `resilience` → `domain`, with
//! `platform` holding the browser primitives the upper layers are given.

pub mod app;
pub mod backend;
pub mod domain;
pub mod features;
pub mod platform;
pub mod resilience;
pub mod state;
pub mod store;
pub mod ui;

/// The version shown in error reports, taken from Cargo.toml at build time.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
