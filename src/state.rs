//! App-wide typed contexts. Each context is a small `Copy` handle of signals
//! (so components can hold it freely) around plain logic that is tested on
//! the host.

pub mod admin_reports;
pub mod backend_status;
pub mod booking_entry;
pub mod bookings;
pub mod chat;
pub mod chat_room;
pub mod connection;
pub mod detached;
pub mod directory;
pub mod inbox;
pub mod monitor;
pub mod outbox;
pub mod outbox_status;
pub mod remote_errors;
pub mod server_time;
pub mod session;
pub mod startup;
pub mod storage;
pub mod tabs;
pub mod ticker;
