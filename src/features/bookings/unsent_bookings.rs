//! Bookings made on this device that the server does not have yet: waiting
//! to be sent, or refused with why (retry or discard). Shown above the list.

use leptos::prelude::*;

use crate::domain::outbox::Intent;
use crate::state::chat::use_chat;
use crate::state::directory::use_directory;
use crate::state::outbox_status::OutboxCommand;

#[component]
pub fn UnsentBookings() -> impl IntoView {
    let status = use_chat().outbox_status();
    let directory = use_directory().providers();
    move || {
        let status = status.get()?;
        // Each booking entry with what it books.
        let unsent: Vec<_> = status.entries().with(|all| {
            all.iter()
                .filter_map(|e| match &e.intent {
                    Intent::Booking { booking } => Some((e.clone(), booking.clone())),
                    _ => None,
                })
                .collect()
        });
        (!unsent.is_empty()).then(|| {
            let rows = unsent.into_iter().map(|(entry, booking)| {
                let provider = directory
                    .with_untracked(|l| l.iter().find(|p| p.id == booking.provider).map(|p| p.name.clone()))
                    .unwrap_or_else(|| "Provider".to_owned());
                let what = format!("{provider}, {} min", booking.minutes);
                match entry.failure {
                    None => view! { <li class="card-meta" data-testid="unsent-booking">{what} ": waiting to send"</li> }.into_any(),
                    Some(why) => {
                        let (retry, discard) = (entry.id.clone(), entry.id);
                        view! {
                            <li class="failed" role="alert" data-testid="unsent-booking">
                                {what} ": not sent: " {why} " "
                                <button class="link-button" on:click=move |_| status.command(OutboxCommand::Retry(retry.clone()))>"Retry"</button>
                                <button class="link-button" on:click=move |_| status.command(OutboxCommand::Discard(discard.clone()))>"Discard"</button>
                            </li>
                        }
                        .into_any()
                    }
                }
            });
            view! { <ul class="dead-letters">{rows.collect_view()}</ul> }
        })
    }
}
