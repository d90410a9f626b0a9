//! Pure-Rust resilience primitives: time, schedules, and (later) retry,
//! circuit breaking and rate limiting. Time is always injected through
//! [`clock::Clock`] and [`clock::Sleeper`], so everything here runs under host
//! `cargo test` in milliseconds.

pub mod clock;
pub mod reconnect;
