//! What a reader can do with a stored message: react with a quick emoji,
//! reply, and for one's own, edit and delete; and what went wrong with them.
//! Built when the reader first reaches the message (see `arming`).

use leptos::prelude::*;

use crate::domain::ids::MessageId;
use crate::domain::message::Message;
use crate::domain::message::reactions::QUICK;
use crate::state::chat_room::ChatRoom;

use super::own_actions::OwnActions;
use super::own_change::OwnChange;
use super::reaction_bar::toggle;

#[component]
pub fn MessageActions(
    room: ChatRoom,
    message: Message,
    mine: bool,
    problem: RwSignal<Option<String>>,
    change: OwnChange,
) -> impl IntoView {
    let toggle = toggle(room, problem);
    let id: MessageId = message.id.clone();
    let (own_id, own_body) = (message.id.clone(), message.body.clone());
    view! {
        <span class="actions" data-testid="message-actions">
            {QUICK.iter().map(|emoji| {
                let (m, toggle) = (id.clone(), toggle.clone());
                view! {
                    <button class="chip chip-quick" aria-label=format!("React {emoji}")
                        on:click=move |_| toggle(m.clone(), (*emoji).to_owned())>{*emoji}</button>
                }
            }).collect_view()}
            <button class="link-button reply" on:click=move |_| room.reply_to(Some(message.clone()))>"Reply"</button>
            {mine.then(|| view! { <OwnActions room=room id=own_id body=own_body problem=problem change=change /> })}
        </span>
        // What went wrong with an action shows outside the actions, which
        // hide when the pointer leaves. Only an action can go wrong, and a
        // message's actions are built before any of them is used.
        {move || problem.get().map(|p| view! { <span class="failed" role="alert">{p}</span> })}
    }
}
