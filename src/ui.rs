//! Shared presentational components: no backend, no app state beyond what
//! they are given.

pub mod connection_badge;
pub mod countdown;
pub mod critical_banner;
pub mod nav_bar;
pub mod safe_html;
pub mod server_unreachable;
pub mod storage_notice;
pub mod untrusted_html;
pub mod zoned_time;
