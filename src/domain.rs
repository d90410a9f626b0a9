//! Plain types and rules. Nothing here touches the browser, so every rule is
//! tested on the host with `cargo test`.

pub mod account;
pub mod attachment;
pub mod booking;
pub mod ids;
pub mod inbox;
pub mod message;
pub mod money;
pub mod monitoring;
pub mod outbox;
pub mod person;
pub mod provider;
pub mod time;
pub mod timeline;
pub mod user;
