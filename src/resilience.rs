//! Pure-Rust resilience: backoff and retry decisions, `Retry-After`, the
//! circuit breaker, and the guard that combines them around a call. Time is
//! always injected ([`clock::Clock`], [`clock::Sleeper`]) and so is
//! randomness, so everything here runs under host `cargo test` in
//! milliseconds.

pub mod backoff;
pub mod breaker;
pub mod clock;
pub mod guard;
pub mod rate_limit;
pub mod reconnect;
pub mod retry;
pub mod retry_after;
pub mod server_clock;
