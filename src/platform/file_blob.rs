//! A file held in memory (a photo picked, prepared, fetched or waiting in
//! the outbox), so that the layers above can pass one around without
//! naming web-sys.

use web_sys::Blob;

use super::object_url::ObjectUrl;

#[derive(Clone)]
pub struct FileBlob(Blob);

impl FileBlob {
    pub fn new(blob: Blob) -> Self {
        Self(blob)
    }

    pub fn blob(&self) -> &Blob {
        &self.0
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        self.0.size() as u64
    }

    /// A URL an `<img>` can show it from, for as long as the result lives.
    pub fn object_url(&self) -> Option<ObjectUrl> {
        ObjectUrl::new(&self.0)
    }
}

impl std::fmt::Debug for FileBlob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBlob({} bytes)", self.size())
    }
}
