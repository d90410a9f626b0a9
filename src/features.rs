//! Pages and their parts. Components here are thin: they read typed
//! contexts from `state/` and never call the backend themselves.

pub mod admin;
pub mod auth;
pub mod home;
pub mod not_found;
pub mod provider;
