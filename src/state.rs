//! App-wide typed contexts. Each context is a small `Copy` handle of signals
//! (so components can hold it freely) around plain logic that is tested on
//! the host.

pub mod backend_status;
pub mod connection;
pub mod directory;
pub mod monitor;
pub mod remote_errors;
pub mod session;
pub mod ticker;
