//! The box to write in: Enter sends, Shift+Enter starts a new line, and
//! the focus stays in the box after sending.

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::state::chat_room::ChatRoom;

#[component]
pub fn Composer(room: ChatRoom) -> impl IntoView {
    let text = NodeRef::<Textarea>::new();
    let problem = RwSignal::new(None::<String>);
    let send = move || {
        let Some(input) = text.get_untracked() else {
            return;
        };
        match room.send(&input.value()) {
            Ok(()) => {
                input.set_value("");
                problem.set(None);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
        let _ = input.focus();
    };
    view! {
        {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <textarea name="message" rows="2" aria-label="Message" node_ref=text
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        send();
                    }
                }></textarea>
            <button class="button button-small" type="submit">"Send"</button>
        </form>
    }
}
