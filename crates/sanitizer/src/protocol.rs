//! Messages between the app and the sanitizer worker, as JSON text:
//! the worker first posts [`READY`], then answers every [`Job`] with the
//! same id and the sanitized HTML.

use serde::{Deserialize, Serialize};

/// The message the worker sends once it can take jobs.
pub const READY: &str = "ready";

/// One request (untrusted HTML) or answer (sanitized HTML).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: u32,
    pub html: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_travel_as_small_json_objects() {
        let job = Job {
            id: 7,
            html: "<p>x</p>".into(),
        };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(text, r#"{"id":7,"html":"<p>x</p>"}"#);
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
    }
}
