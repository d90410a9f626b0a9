//! Error monitoring as plain data and rules: what a record holds, how
//! secrets are scrubbed from it, how repeats fold, how the rate is counted
//! and how records are exported.

pub mod error_log;
pub mod export;
pub mod record;
pub mod scrub;

pub use error_log::{ErrorLog, Level};
pub use record::{Category, Context, ErrorRecord, Incident, Severity};
