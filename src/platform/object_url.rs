//! A `blob:` URL for a file held in memory (a photo fetched with the
//! session in a header, or one waiting in the outbox), revoked when dropped
//! so the browser can free the file.

use web_sys::{Blob, Url};

pub struct ObjectUrl {
    url: String,
}

impl ObjectUrl {
    /// A URL for `blob`; `None` when the browser refuses to make one.
    pub fn new(blob: &Blob) -> Option<Self> {
        Url::create_object_url_with_blob(blob)
            .ok()
            .map(|url| Self { url })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        // Revoking a URL that is already gone is harmless; there is nothing
        // to report.
        let _ = Url::revoke_object_url(&self.url);
    }
}

impl std::fmt::Debug for ObjectUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectUrl").finish_non_exhaustive()
    }
}
