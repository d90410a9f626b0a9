//! A booking's chat room: its messages, sending, and live changes. Loaded
//! on demand.

use std::rc::Rc;

use async_trait::async_trait;

use crate::domain::booking::Booking;
use crate::domain::ids::RoomId;
use crate::domain::message::{Message, NewMessage};
use crate::domain::timeline::PageRequest;

use super::{BackendError, Call, Result, Subscription};

/// Something that happened in a room.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatEvent {
    /// A new or changed message.
    Message(Message),
    /// The room's booking changed (its status, its deadline).
    Booking(Booking),
    /// Messages flow from now on (also after every reconnect): what was
    /// fetched before may have missed one.
    Live,
    Failed(BackendError),
}

#[async_trait(?Send)]
pub trait ChatApi {
    /// Up to `limit` messages of `room` at the place `request` names,
    /// oldest first.
    async fn page(
        &self,
        call: &Call,
        room: &RoomId,
        request: &PageRequest,
        limit: u32,
    ) -> Result<Vec<Message>>;
    /// Sends a message under its client-made id (sending it again returns
    /// the one already stored).
    async fn send(&self, call: &Call, message: &NewMessage) -> Result<Message>;
    fn watch(&self, room: &RoomId, on_event: Rc<dyn Fn(ChatEvent)>) -> Subscription;
}
