//! janji's HTML sanitizing: the allowlist ([`policy`]) and the message
//! format between the app and the worker that applies it ([`protocol`]).
//!
//! The app depends on this crate for the protocol only; the policy (and
//! ammonia, about 210 KB compressed) is linked into the worker alone.

pub mod policy;
pub mod protocol;
