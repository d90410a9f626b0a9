//! What a block means for writing in this room, said where one writes: the
//! blocker is offered to unblock; the blocked person learns why their
//! messages are refused (the server refuses them in any case).

use leptos::prelude::*;

use crate::domain::ids::RoomId;
use crate::domain::inbox::InboxRow;
use crate::state::inbox::Inbox;

#[component]
pub fn BlockNotice(inbox: Inbox, room: RoomId, row: Memo<Option<InboxRow>>) -> impl IntoView {
    let room = StoredValue::new(room);
    move || {
        let r = row.get()?;
        let name = r
            .other
            .as_ref()
            .map_or("this person", |o| o.name.as_str())
            .to_owned();
        if r.blocked_by_me {
            Some(
                view! {
                    <p class="notice block-notice" role="status" data-testid="block-notice">
                        {format!("You blocked {name}. They can't send you messages here. ")}
                        <button class="link-button" on:click=move |_| inbox.unblock(&room.get_value())>
                            "Unblock to send messages"
                        </button>
                    </p>
                }
                .into_any(),
            )
        } else if r.blocked_me {
            Some(
                view! {
                    <p class="notice block-notice" role="status" data-testid="blocked-notice">
                        "You can't send messages in this chat: the other person has blocked you."
                    </p>
                }
                .into_any(),
            )
        } else {
            None
        }
    }
}
