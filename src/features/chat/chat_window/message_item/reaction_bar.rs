//! A message's reactions: a chip per emoji with its count and who reacted
//! (a click on one's own takes it back).

use leptos::prelude::*;

use crate::domain::ids::{MessageId, UserId};
use crate::domain::message::reactions::chips;
use crate::domain::message::receipts::Member;
use crate::state::chat_room::ChatRoom;

/// "Reacted: you, Dewi Lestari": names from the room's members.
fn who(users: &[UserId], me: Option<&UserId>, members: &[Member]) -> String {
    let names: Vec<String> = users
        .iter()
        .map(|u| {
            if Some(u) == me {
                return "you".to_owned();
            }
            members
                .iter()
                .find(|m| &m.user == u)
                .and_then(|m| m.name.clone())
                .unwrap_or_else(|| "someone".to_owned())
        })
        .collect();
    format!("Reacted: {}", names.join(", "))
}

/// Adds or takes back this user's `emoji` on `message`; a refusal shows on
/// the message.
pub fn toggle(
    room: ChatRoom,
    problem: RwSignal<Option<String>>,
) -> impl Fn(MessageId, String) + Clone + Send + Sync + 'static {
    move |message: MessageId, emoji: String| {
        if let Err(e) = room.toggle_reaction(message, &emoji) {
            problem.set(Some(e.to_string()));
        }
    }
}

#[component]
pub fn ReactionBar(
    room: ChatRoom,
    message: MessageId,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let me = StoredValue::new(room.me());
    let all = room.reactions();
    let members = room.members();
    let id = message.clone();
    let shown = Memo::new(move |_| me.with_value(|me| all.with(|a| chips(a, &id, me.as_ref()))));
    let toggle = toggle(room, problem);
    view! {
        <span class="reactions" data-testid="reactions">
            // A message has a few chips at most, so they are rebuilt when its
            // reactions change rather than kept by key.
            {move || shown.get().into_iter().map(|chip| {
                let (m, emoji, toggle) = (message.clone(), chip.emoji.clone(), toggle.clone());
                let title = me.with_value(|me| members.with_untracked(|all| who(&chip.users, me.as_ref(), all)));
                view! {
                    <button class="chip" data-testid="reaction" aria-pressed=chip.mine.is_some().to_string()
                        title=title on:click=move |_| toggle(m.clone(), emoji.clone())>
                        {chip.emoji} " " {chip.count}
                    </button>
                }
            }).collect_view()}
        </span>
    }
}
