//! One booking: who, when, how long, the price, its status (with the
//! response countdown while pending), the actions allowed, and its chat.

mod pending_answer;

use leptos::prelude::*;

use crate::domain::booking::{Booking, BookingMode, BookingStatus, Party};
use crate::platform::time_zone::browser_zone;
use crate::state::chat::{OpenChat, use_chat};
use crate::state::directory::use_directory;
use crate::state::monitor::use_monitor;
use crate::ui::countdown::Countdown;
use crate::ui::zoned_time::zoned_time;

use super::status_actions::StatusActions;
use pending_answer::PendingAnswer;

#[component]
pub fn BookingCard(booking: Booking, party: Party) -> impl IntoView {
    let chat = use_chat();
    let provider = use_directory()
        .providers()
        .with_untracked(|l| l.iter().find(|p| p.id == booking.provider).cloned());
    let provider_name = provider
        .as_ref()
        .map_or_else(|| "Provider".to_owned(), |p| p.name.clone());
    let when = match (booking.mode, booking.scheduled_at) {
        (BookingMode::Scheduled, Some(at)) => zoned_time(use_monitor(), at, &browser_zone()),
        _ => "As soon as possible".to_owned(),
    };
    let who = match party {
        Party::Customer => provider_name.clone(),
        Party::Provider => booking.customer_name.clone(),
    };
    let open_chat = {
        let chat_subject = OpenChat {
            room: booking.room(),
            booking: booking.id.clone(),
            provider: booking.provider.clone(),
            provider_name: provider_name.clone(),
            source: booking.source,
        };
        move |_| chat.open_room(chat_subject.clone())
    };
    let deadline = booking.response_deadline;
    let pending = booking.status == BookingStatus::Pending;
    let status_class = format!("status status-{}", booking.status.as_str().to_lowercase());
    view! {
        <li class="card booking-card" data-testid="booking-card" data-booking=booking.id.to_string()>
            <div class="card-body">
                <h2 class="card-title">{who}</h2>
                <p class="card-meta">{when} " · " {format!("{} min · {}", booking.minutes, booking.price)}</p>
                <p>
                    <span class=status_class data-testid="booking-status">{booking.status.label()}</span>
                    {pending.then(|| view! { " · answer within " <Countdown deadline=Signal::stored(deadline) /> })}
                </p>
                {(!booking.decline_reason.is_empty()).then(|| view! { <p class="card-meta">"Reason: " {booking.decline_reason.clone()}</p> })}
                <PendingAnswer room=booking.room() />
                <div class="card-actions">
                    <StatusActions booking=booking.clone() party=party />
                    <button class="button button-small button-quiet" on:click=open_chat>"Open chat"</button>
                </div>
            </div>
        </li>
    }
}
