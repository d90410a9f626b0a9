//! One conversation of the inbox: the other person with their presence,
//! the booking and its status, the last message and the unread count.

use leptos::prelude::*;

use crate::domain::ids::UserId;
use crate::domain::inbox::{InboxRow, preview_line};
use crate::platform::clock::BrowserClock;
use crate::platform::time_zone::{clock_time, day_label, local_day};
use crate::resilience::clock::Clock;

#[component]
pub fn InboxItem(
    row: InboxRow,
    me: UserId,
    #[prop(into)] on_open: Callback<InboxRow>,
) -> impl IntoView {
    let name = row
        .other
        .as_ref()
        .map_or_else(|| "Conversation".to_owned(), |o| o.name.clone());
    let initials = row.other.as_ref().map(|o| o.initials()).unwrap_or_default();
    let online = row.other.as_ref().is_some_and(|o| o.online);
    let preview = row
        .last
        .as_ref()
        .map(|l| preview_line(l, &me))
        .unwrap_or_default();
    let when = row.last.as_ref().map(|l| {
        let today = local_day(BrowserClock.now());
        if local_day(l.created) == today {
            clock_time(l.created)
        } else {
            day_label(l.created)
        }
    });
    let booking = row
        .booking
        .as_ref()
        .map(|b| format!("{} min · {}", b.minutes, b.status.label()));
    let unread = row.unread;
    let has_unread = unread != 0;
    let blocked = row.blocked_by_me;
    let room = row.room.to_string();
    view! {
        <li
            class="inbox-item"
            class:unread=has_unread
            data-testid="inbox-item"
            data-room=room
        >
            <button class="inbox-open" on:click=move |_| on_open.run(row.clone())>
                <span class="avatar" aria-hidden="true">
                    {initials}
                    <span class="presence" class:online=online></span>
                </span>
                <span class="inbox-main">
                    <span class="inbox-top">
                        <strong class="inbox-name">{name}</strong>
                        {when.map(|w| view! { <time class="muted">{w}</time> })}
                    </span>
                    {booking.map(|b| view! { <span class="inbox-booking muted">{b}</span> })}
                    <span class="inbox-preview">{preview}</span>
                </span>
                {blocked.then(|| view! { <span class="tag" data-testid="blocked-mark">"Blocked"</span> })}
                {has_unread.then(|| view! {
                    <span class="badge" data-testid="unread" aria-label=format!("{unread} unread")>
                        {unread}
                    </span>
                })}
            </button>
        </li>
    }
}
