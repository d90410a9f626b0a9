//! One message of the timeline: its text (always as text), its time, and
//! for one's own messages where it is on its way, with retry and discard
//! when the server refused it.

mod own_actions;
mod photo_grid;
mod photo_viewer;
mod quote;
mod reaction_bar;

use leptos::prelude::*;

use crate::domain::ids::{IntentId, UserId};
use crate::domain::message::MessageKind;
use crate::domain::message::links::{Flag, Segment, flags, segments};
use crate::domain::message::profanity;
use crate::platform::time_zone::clock_time;
use crate::state::chat_room::{ChatRoom, Delivery, Line};

use own_actions::OwnActions;
use photo_grid::PhotoGrid;
use quote::Quote;
use reaction_bar::ReactionBar;

/// The text as text; links become anchor elements built here, never HTML.
/// `server_flags` are the server's warnings for a stored message; a message
/// still on this device is judged here by the same rules.
#[component]
fn MessageBody(text: String, server_flags: Option<Vec<Flag>>) -> impl IntoView {
    let warnings = server_flags.unwrap_or_else(|| flags(&text));
    let parts = segments(&text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(t) => t.into_any(),
            Segment::Link { text, href } => view! {
                <a href=href rel="noopener noreferrer" target="_blank">{text}</a>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <span class="body">{parts}</span>
        {warnings.into_iter().map(|f| view! { <span class="flag" data-testid="message-flag">"⚠ " {f.label()}</span> }).collect_view()}
    }
}

#[component]
pub fn MessageItem(line: Line, me: Option<UserId>, room: ChatRoom) -> impl IntoView {
    let local = line.is_local();
    let m = line.message;
    let mine = m.kind == MessageKind::Text && (local || (m.sender.is_some() && m.sender == me));
    let class = match m.kind {
        MessageKind::System => "message message-system",
        MessageKind::BookingUpdate => "message message-update",
        MessageKind::Text if mine => "message message-mine",
        MessageKind::Text => "message",
    };
    let deleted = m.deleted_at.is_some();
    let edited = m.edited_at.is_some() && !deleted;
    let status = mine.then(|| line.delivery.as_str());
    let failure = match &line.delivery {
        Delivery::Failed(why) => Some(why.clone()),
        _ => None,
    };
    let id = m.id.clone();
    let problem = RwSignal::new(None::<String>);
    let stored = !local && m.kind == MessageKind::Text && !deleted;
    let receipt = match line.delivery {
        Delivery::Sent => Some(" · sent"),
        Delivery::Delivered => Some(" · delivered"),
        Delivery::Read => Some(" · read"),
        _ => None,
    };
    let (reaction_id, own_id, own_body) = (m.id.clone(), m.id.clone(), m.body.clone());
    let quoted = m.reply_to.clone();
    let replied = m.clone();
    // Listed words are masked for readers; the sender sees what they wrote.
    let text = if mine {
        m.body.clone()
    } else {
        profanity::mask(&m.body).into_owned()
    };
    let has_photos = !deleted && (!m.images.is_empty() || line.photos_waiting > 0);
    let (photo_id, photo_names, waiting) = (m.id.clone(), m.images.clone(), line.photos_waiting);
    // An edit or deletion on its way says so; one the server refused says
    // why, with retry and discard.
    let change = line.change.clone();
    let changing = change.as_ref().filter(|c| c.failure.is_none()).map(|c| {
        if c.deleting {
            " · deleting"
        } else {
            " · saving"
        }
    });
    let change_refused = change.filter(|c| c.failure.is_some());
    view! {
        <li class=class data-id=m.id.to_string() data-kind=format!("{:?}", m.kind)
            data-testid="message" data-status=status tabindex="-1">
            {quoted.map(|original| view! { <Quote room=room original=original /> })}
            {has_photos.then(|| view! {
                <PhotoGrid room=room message=photo_id names=photo_names waiting=waiting />
            })}
            {if deleted {
                view! { <em class="deleted">"Message deleted"</em> }.into_any()
            } else {
                view! { <MessageBody text=text server_flags=(!local).then_some(m.flags) /> }.into_any()
            }}
            <span class="meta">
                {clock_time(m.created)}
                {edited.then_some(" · edited")}
                {(line.delivery == Delivery::Sending).then_some(" · sending")}
                {changing}
                {mine.then_some(receipt).flatten()}
            </span>
            {stored.then(|| view! { <ReactionBar room=room message=reaction_id problem=problem /> })}
            {stored.then(|| view! {
                <button class="link-button reply" on:click=move |_| room.reply_to(Some(replied.clone()))>"Reply"</button>
            })}
            {(stored && mine).then(|| view! { <OwnActions room=room id=own_id body=own_body problem=problem /> })}
            {move || problem.get().map(|p| view! { <span class="failed" role="alert">{p}</span> })}
            {change_refused.map(|c| {
                let (retry_id, discard_id) = (c.id.clone(), c.id);
                view! {
                    <span class="failed" role="alert">{if c.deleting { "Not deleted: " } else { "Not saved: " }} {c.failure}</span>
                    <span class="failed-actions">
                        <button class="link-button" on:click=move |_| room.retry(&retry_id)>"Retry"</button>
                        <button class="link-button" on:click=move |_| room.discard(&discard_id)>"Discard"</button>
                    </span>
                }
            })}
            {failure.map(|why| {
                let intent = IntentId::from(id.clone());
                let (retry_id, discard_id) = (intent.clone(), intent);
                view! {
                    <span class="failed" role="alert">"Not sent: " {why}</span>
                    <span class="failed-actions">
                        <button class="link-button" on:click=move |_| room.retry(&retry_id)>"Retry"</button>
                        <button class="link-button" on:click=move |_| room.discard(&discard_id)>"Discard"</button>
                    </span>
                }
            })}
        </li>
    }
}
