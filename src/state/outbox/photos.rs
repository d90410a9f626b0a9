//! The files of a queued message's photos: held in this tab's memory when
//! it made the message, and kept on the device beside the entry, under the
//! entry's id, until the message is stored or discarded.

use leptos::prelude::*;

use crate::backend::PhotoUpload;
use crate::domain::outbox::OutboxEntry;
use crate::platform::file_blob::FileBlob;

use super::Outbox;

impl Outbox {
    /// Keeps `files` for `entry`: in memory, then on the device. If the
    /// device refuses them, they are still sent from memory.
    pub(super) async fn keep_photos(&self, entry: &OutboxEntry, files: Vec<FileBlob>) {
        if files.is_empty() {
            return;
        }
        let deps = self.deps.get_value();
        deps.held_photos
            .borrow_mut()
            .push((entry.id.clone(), files.clone()));
        if let Err(e) = deps.photos.put(&entry.id.message_id(), &files).await {
            self.store_failed("outbox.put_photos", &e);
        }
    }

    /// The files of `entry`'s photos: from this tab's memory, else from the
    /// device. `Err` with why when they cannot be found any more.
    pub(super) async fn photo_uploads(
        &self,
        entry: &OutboxEntry,
    ) -> Result<Vec<PhotoUpload>, String> {
        let wanted = entry.photos();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let deps = self.deps.get_value();
        let held = deps
            .held_photos
            .borrow()
            .iter()
            .find(|(id, _)| id == &entry.id)
            .map(|(_, files)| files.clone());
        let files = match held {
            Some(files) => files,
            None => deps.photos.get(&entry.id.message_id()).await.map_err(|e| {
                self.store_failed("outbox.get_photos", &e);
                "The photos of this message could not be read from this device.".to_owned()
            })?,
        };
        if files.len() != wanted.len() {
            return Err("The photos of this message are no longer on this device.".into());
        }
        Ok(files
            .into_iter()
            .zip(wanted)
            .enumerate()
            .map(|(i, (file, meta))| PhotoUpload {
                file,
                name: meta.file_name(i),
            })
            .collect())
    }

    /// Forgets the photos of an entry that is done with (sent or discarded).
    pub(super) async fn drop_photos(&self, entry: &OutboxEntry) {
        if entry.photos().is_empty() {
            return;
        }
        let deps = self.deps.get_value();
        deps.held_photos
            .borrow_mut()
            .retain(|(id, _)| id != &entry.id);
        if let Err(e) = deps.photos.remove(&entry.id.message_id()).await {
            self.store_failed("outbox.remove_photos", &e);
        }
    }
}
