//! Photos of a room's messages, fetched on demand, and the chat limits as
//! the server counts them (so a reload, or another device, cannot make the
//! client promise a send the server will refuse).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{BackendError, Call, LimitUse, Operation, PhotoSize};
use crate::domain::ids::MessageId;
use crate::platform::clock::BrowserClock;
use crate::platform::file_blob::FileBlob;
use crate::platform::random::client_id;
use crate::resilience::clock::Clock;
use crate::resilience::rate_limit::RateLimiter;

use super::{ChatRoom, LIMITS};

fn mirror(limiter: &mut RateLimiter, used: LimitUse) {
    limiter.mirror(used.windows, &used.recent, BrowserClock.now());
}

impl ChatRoom {
    /// One photo of a message of this room.
    pub async fn photo(
        &self,
        message: &MessageId,
        name: &str,
        size: PhotoSize,
    ) -> Result<FileBlob, BackendError> {
        let api = self.deps.get_value().api.get().await;
        let call = Call::new(Operation::LoadPhoto, client_id().into());
        api.photo(&call, message, name, size).await
    }

    /// Takes the server's limits and the user's recent use into this tab's
    /// limiters. A failure leaves the built-in limits (the server still
    /// holds its own) and is recorded by the resilience layer.
    pub(super) fn mirror_limits(&self) {
        let me = *self;
        spawn_local(async move {
            let api = me.deps.get_value().api.get().await;
            let call = Call::new(Operation::LoadLimits, client_id().into());
            if let Ok(used) = api.limits(&call).await {
                LIMITS.with(|l| {
                    let mut l = l.borrow_mut();
                    mirror(&mut l.messages, used.messages);
                    mirror(&mut l.reactions, used.reactions);
                    mirror(&mut l.edits, used.edits);
                    mirror(&mut l.deletions, used.deletions);
                });
            }
        });
    }
}
