//! Edit and delete for one's own message: the edit happens in place, and a
//! delete asks once more inline (never a browser dialog).

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::domain::ids::MessageId;
use crate::state::chat_room::ChatRoom;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Idle,
    Editing,
    ConfirmingDelete,
}

#[component]
pub fn OwnActions(
    room: ChatRoom,
    id: MessageId,
    body: String,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let mode = RwSignal::new(Mode::Idle);
    let editor = NodeRef::<Textarea>::new();
    let (edit_id, delete_id) = (id.clone(), id);
    let save = move || {
        let Some(input) = editor.get_untracked() else {
            return;
        };
        match room.edit(edit_id.clone(), &input.value()) {
            Ok(()) => {
                problem.set(None);
                mode.set(Mode::Idle);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let delete = move || match room.delete(delete_id.clone()) {
        Ok(()) => mode.set(Mode::Idle),
        Err(e) => problem.set(Some(e.to_string())),
    };
    view! {
        <span class="own-actions">
            {move || match mode.get() {
                Mode::Idle => view! {
                    <button class="link-button" on:click=move |_| mode.set(Mode::Editing)>"Edit"</button>
                    <button class="link-button" on:click=move |_| mode.set(Mode::ConfirmingDelete)>"Delete"</button>
                }.into_any(),
                Mode::Editing => {
                    let (save, body) = (save.clone(), body.clone());
                    view! {
                        <textarea class="edit-box" aria-label="Edit message" node_ref=editor prop:value=body
                            on:keydown=move |ev| {
                                if ev.key() == "Escape" { mode.set(Mode::Idle); }
                            }></textarea>
                        <button class="link-button" on:click=move |_| save()>"Save"</button>
                        <button class="link-button" on:click=move |_| mode.set(Mode::Idle)>"Cancel"</button>
                    }.into_any()
                }
                Mode::ConfirmingDelete => {
                    let delete = delete.clone();
                    view! {
                        <span class="confirm">"Delete for everyone?"</span>
                        <button class="link-button" on:click=move |_| delete()>"Yes, delete"</button>
                        <button class="link-button" on:click=move |_| mode.set(Mode::Idle)>"Keep"</button>
                    }.into_any()
                }
            }}
        </span>
    }
}
