//! One message of the timeline: its text (always as text), its time, and
//! for one's own messages where it is on its way, with retry and discard
//! when the server refused it.

mod arming;
mod message_actions;
mod message_body;
mod own_actions;
mod own_change;
mod photo_grid;
mod photo_viewer;
mod quote;
mod reaction_bar;
mod refusal;

use leptos::prelude::*;

use crate::domain::ids::{IntentId, UserId};
use crate::domain::message::MessageKind;
use crate::domain::message::profanity;
use crate::platform::time_zone::clock_time;
use crate::state::chat_room::{ChatRoom, Delivery, Line};

pub use arming::ActionArming;
use message_actions::MessageActions;
use message_body::MessageBody;
pub use own_change::OwnChange;
use photo_grid::PhotoGrid;
use quote::Quote;
use reaction_bar::ReactionBar;
use refusal::{Refusal, Refused};

#[component]
pub fn MessageItem(
    line: Line,
    me: Option<UserId>,
    room: ChatRoom,
    arming: ActionArming,
    change: OwnChange,
) -> impl IntoView {
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
    let stored = !local && m.kind == MessageKind::Text && !deleted;
    let receipt = match line.delivery {
        Delivery::Sent => Some(" · sent"),
        Delivery::Delivered => Some(" · delivered"),
        Delivery::Read => Some(" · read"),
        _ => None,
    };
    let acted_on = stored.then(|| m.clone());
    let quoted = m.reply_to.clone();
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
    let pending = line.change.clone();
    let changing = pending.as_ref().filter(|c| c.failure.is_none()).map(|c| {
        if c.deleting {
            " · deleting"
        } else {
            " · saving"
        }
    });
    // What the server refused, in one place: a message with nothing
    // refused (nearly all) gets one placeholder rather than one per kind.
    let refused = pending
        .filter(|c| c.failure.is_some())
        .map(|c| {
            let what = if c.deleting {
                Refused::Delete
            } else {
                Refused::Edit
            };
            (c.id, what, c.failure.unwrap_or_default())
        })
        .or_else(|| failure.map(|why| (IntentId::from(m.id.clone()), Refused::Send, why)));
    // The meta line is one text: a node for each part (and a placeholder
    // for each part left out) cost more to build than the text.
    let meta = [
        clock_time(m.created).as_str(),
        if edited { " · edited" } else { "" },
        if line.delivery == Delivery::Sending {
            " · sending"
        } else {
            ""
        },
        changing.unwrap_or_default(),
        mine.then_some(receipt).flatten().unwrap_or_default(),
    ]
    .concat();
    // Every message takes focus without being a tab stop: the list's arrow
    // keys reach it (`message_list/keys.rs`), and so does a jump to it.
    view! {
        <li class=class data-id=m.id.to_string() data-kind=m.kind.name()
            data-testid="message" data-status=status tabindex="-1">
            {(quoted.is_some() || has_photos).then(|| view! {
                {quoted.map(|original| view! { <Quote room=room original=original /> })}
                {has_photos.then(|| view! {
                    <PhotoGrid room=room message=photo_id names=photo_names waiting=waiting />
                })}
            })}
            {if deleted {
                view! { <em class="deleted">"Message deleted"</em> }.into_any()
            } else {
                view! { <MessageBody text=text server_flags=(!local).then_some(m.flags) /> }.into_any()
            }}
            <span class="meta">{meta}</span>
            {acted_on.map(|message| {
                // A message being edited or deleted keeps its actions when rebuilt.
                let wanted = arming.wanted(message.id.clone(), change.is_changing(&message.id));
                let problem = RwSignal::new(None::<String>);
                view! {
                    <ReactionBar room=room message=message.id.clone() problem=problem />
                    {move || wanted.get().then(|| view! {
                        <MessageActions room=room message=message.clone() mine=mine problem=problem change=change />
                    })}
                }
            })}
            {refused.map(|(intent, what, why)| view! { <Refusal room=room intent=intent what=what why=why /> })}
        </li>
    }
}
