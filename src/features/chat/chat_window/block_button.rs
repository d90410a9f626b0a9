//! Block or unblock the other participant, from the chat header.

use leptos::prelude::*;

use crate::domain::ids::RoomId;
use crate::domain::inbox::InboxRow;
use crate::state::inbox::Inbox;

#[component]
pub fn BlockButton(inbox: Inbox, room: RoomId, row: Memo<Option<InboxRow>>) -> impl IntoView {
    let room = StoredValue::new(room);
    move || {
        row.get().filter(|r| r.other.is_some()).map(|r| {
            if r.blocked_by_me {
                view! {
                    <button class="nav-link" data-testid="unblock"
                        on:click=move |_| inbox.unblock(&room.get_value())>"Unblock"</button>
                }
                .into_any()
            } else {
                view! {
                    <button class="nav-link" data-testid="block"
                        on:click=move |_| inbox.block(&room.get_value())>"Block"</button>
                }
                .into_any()
            }
        })
    }
}
