//! The box to write in: Enter sends, Shift+Enter starts a new line, the
//! focus stays in the box after sending, and what is being written is kept
//! as the room's draft (restored when the chat opens again).

use std::time::Duration;

use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::message::profanity;
use crate::platform::sleep::sleep;
use crate::state::chat_room::ChatRoom;

mod photo_picker;

use photo_picker::{PhotoPicker, Picked};

/// How long typing pauses before the draft is saved.
const DRAFT_PAUSE: Duration = Duration::from_millis(400);

#[component]
pub fn Composer(room: ChatRoom) -> impl IntoView {
    let text = NodeRef::<Textarea>::new();
    let problem = RwSignal::new(None::<String>);
    let photos = RwSignal::new_local(Vec::<Picked>::new());
    // Warned before sending: listed words reach the reader as asterisks.
    let masked_words = RwSignal::new(false);
    // Each keystroke starts a new save; only the last one of a pause runs.
    let edits = StoredValue::new(0u64);

    spawn_local(async move {
        if let (Some(draft), Some(input)) = (room.draft().await, text.get_untracked())
            && input.value().is_empty()
        {
            input.set_value(&draft);
        }
    });

    let save_draft = move |value: String| {
        edits.update_value(|n| *n += 1);
        let mine = edits.get_value();
        spawn_local(async move {
            sleep(DRAFT_PAUSE).await;
            if edits.try_get_value() == Some(mine) {
                room.save_draft(&value).await;
            }
        });
    };

    let send = move || {
        let Some(input) = text.get_untracked() else {
            return;
        };
        if photos.with_untracked(|p| p.iter().any(|p| matches!(p, Picked::Preparing { .. }))) {
            problem.set(Some(
                "Wait a moment: the photos are still being prepared.".into(),
            ));
            return;
        }
        let ready: Vec<_> = photos.with_untracked(|all| {
            all.iter()
                .filter_map(|p| match p {
                    Picked::Ready { file, photo, .. } => Some((file.clone(), photo.clone())),
                    _ => None,
                })
                .collect()
        });
        match room.send(&input.value(), ready) {
            Ok(()) => {
                input.set_value("");
                problem.set(None);
                photos.set(Vec::new());
                masked_words.set(false);
                save_draft(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
        let _ = input.focus();
    };
    let replying = room.replying();
    view! {
        {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        {move || replying.get().map(|m| {
            let text: String = m.body.chars().take(60).collect();
            view! {
                <p class="replying" data-testid="replying">
                    "Replying to: " <q>{text}</q>
                    <button class="link-button" aria-label="Cancel the reply" on:click=move |_| room.reply_to(None)>"✕"</button>
                </p>
            }
        })}
        <Show when=move || masked_words.get()>
            <p class="notice" role="status" data-testid="profanity-warning">
                "Some words in your message will be shown as asterisks to the reader."
            </p>
        </Show>
        <PhotoPicker photos />
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <textarea name="message" rows="2" aria-label="Message" node_ref=text
                on:input=move |_| {
                    if let Some(input) = text.get_untracked() {
                        let value = input.value();
                        masked_words.set(profanity::contains_listed(&value));
                        save_draft(value);
                    }
                    room.typing();
                }
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
