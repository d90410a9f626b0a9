//! Edit and delete for one's own message: the edit happens in place, and a
//! delete asks once more inline (never a browser dialog). What is under way
//! is kept by the timeline (`own_change`), so it outlives the item.

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::domain::ids::MessageId;
use crate::state::chat_room::ChatRoom;

use super::own_change::{Mode, OwnChange};

#[component]
pub fn OwnActions(
    room: ChatRoom,
    id: MessageId,
    body: String,
    problem: RwSignal<Option<String>>,
    change: OwnChange,
) -> impl IntoView {
    let editor = NodeRef::<Textarea>::new();
    let key = id.clone();
    let mode = Memo::new(move |_| change.mode_of(&key));
    let (edit_id, save_id, delete_id, end_id) = (id.clone(), id.clone(), id.clone(), id);
    let save = move || {
        let Some(input) = editor.get_untracked() else {
            return;
        };
        match room.edit(save_id.clone(), &input.value()) {
            Ok(()) => {
                problem.set(None);
                change.end(&save_id);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let delete = move || match room.delete(delete_id.clone()) {
        Ok(()) => change.end(&delete_id),
        Err(e) => problem.set(Some(e.to_string())),
    };
    let end = move || change.end(&end_id);
    // Edit puts the focus in the edit box, as chat apps do, once it is built.
    let start_edit = move |id: MessageId, body: String| {
        change.edit(id, body);
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            if let Some(input) = editor.get_untracked() {
                // Focusing an element that is in the page cannot fail.
                let _ = input.focus();
            }
        });
    };
    view! {
        <span class="own-actions">
            {move || match mode.get() {
                Mode::Idle => {
                    let (edit_id, body) = (edit_id.clone(), body.clone());
                    let confirm_id = edit_id.clone();
                    view! {
                        <button class="link-button" on:click=move |_| start_edit(edit_id.clone(), body.clone())>"Edit"</button>
                        <button class="link-button" on:click=move |_| change.confirm_delete(confirm_id.clone())>"Delete"</button>
                    }.into_any()
                }
                Mode::Editing => {
                    let (save, end, cancel) = (save.clone(), end.clone(), end.clone());
                    view! {
                        <textarea class="edit-box" aria-label="Edit message" node_ref=editor prop:value=change.text()
                            on:input=move |ev| change.set_text(event_target_value(&ev))
                            on:keydown=move |ev| {
                                if ev.key() == "Escape" { end(); }
                            }></textarea>
                        <button class="link-button" on:click=move |_| save()>"Save"</button>
                        <button class="link-button" on:click=move |_| cancel()>"Cancel"</button>
                    }.into_any()
                }
                Mode::ConfirmingDelete => {
                    let (delete, end) = (delete.clone(), end.clone());
                    view! {
                        <span class="confirm">"Delete for everyone?"</span>
                        <button class="link-button" on:click=move |_| delete()>"Yes, delete"</button>
                        <button class="link-button" on:click=move |_| end()>"Keep"</button>
                    }.into_any()
                }
            }}
        </span>
    }
}
