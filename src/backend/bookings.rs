//! Bookings: making one, reading one's own, and the status changes the
//! server allows. Loaded on demand (only the booking pages use them).

use std::rc::Rc;

use async_trait::async_trait;

use crate::domain::booking::{Booking, NewBooking, StatusChange};
use crate::domain::ids::{BookingId, UserId};

use super::{BackendError, Call, Result, Subscription};

/// A live change to one of the user's bookings.
#[derive(Debug, Clone, PartialEq)]
pub enum BookingEvent {
    Changed(Booking),
    /// Changes flow from now on (also after every reconnect): what was
    /// fetched before may have missed one.
    Live,
    Failed(BackendError),
}

#[async_trait(?Send)]
pub trait BookingsApi {
    /// Creates the booking under its client-made id; creating it again
    /// (a retry after a lost answer) returns the one already made.
    async fn create(&self, call: &Call, booking: &NewBooking) -> Result<Booking>;
    async fn get(&self, call: &Call, id: &BookingId) -> Result<Booking>;
    /// The signed-in user's bookings (as customer, or of their provider
    /// listing), newest first.
    async fn mine(&self, call: &Call) -> Result<Vec<Booking>>;
    /// Asks for a status change; the server checks who may make it.
    async fn change_status(
        &self,
        call: &Call,
        id: &BookingId,
        change: StatusChange,
        reason: Option<&str>,
    ) -> Result<Booking>;
    /// Live changes to the bookings of `user`.
    fn watch(&self, user: &UserId, on_event: Rc<dyn Fn(BookingEvent)>) -> Subscription;
}
