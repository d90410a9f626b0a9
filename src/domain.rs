//! Plain types and rules. Nothing here touches the browser, so every rule is
//! tested on the host with `cargo test`.

pub mod account;
pub mod html_policy;
pub mod ids;
pub mod money;
pub mod person;
pub mod provider;
pub mod user;
