//! The photo viewer: one photo of a message at full size over the page,
//! with the next and previous photo, closed with Escape, a click outside or
//! the close button.
//!
//! It is mounted in the page's body, not in its message: each message
//! contains its own layout and paint (so a page of older messages does not
//! make the browser walk and repaint every message), which would make a
//! message, not the window, the box a fixed-position viewer fills.

use std::rc::Rc;

use leptos::portal::Portal;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::PhotoSize;
use crate::domain::ids::MessageId;
use crate::platform::object_url::ObjectUrl;
use crate::state::chat_room::ChatRoom;

#[component]
pub fn PhotoViewer(
    room: ChatRoom,
    message: MessageId,
    names: Vec<String>,
    viewing: RwSignal<Option<usize>>,
) -> impl IntoView {
    let count = names.len();
    let names = StoredValue::new(names);
    let message = StoredValue::new(message);
    let url = RwSignal::new_local(None::<Rc<ObjectUrl>>);
    let failed = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    // Each photo shown is fetched at full size; the one before is let go.
    Effect::new(move |_| {
        url.set(None);
        failed.set(false);
        let Some(index) = viewing.get() else {
            return;
        };
        let Some(name) = names.with_value(|n| n.get(index).cloned()) else {
            return;
        };
        spawn_local(async move {
            // A failure is recorded by the resilience layer; the viewer says so.
            match room
                .photo(&message.get_value(), &name, PhotoSize::Full)
                .await
            {
                Ok(file) if viewing.get_untracked() == Some(index) => {
                    url.set(file.object_url().map(Rc::new));
                }
                Ok(_) => {}
                Err(_) => failed.set(true),
            }
        });
    });
    Effect::new(move |_| {
        if let (Some(_), Some(d)) = (viewing.get(), dialog.get()) {
            // Focus lets Escape and the arrow keys reach the viewer.
            let _ = d.focus();
        }
    });
    let step = move |by: isize| {
        viewing.update(|v| {
            if let Some(i) = v {
                *i = (*i as isize + by).rem_euclid(count as isize) as usize;
            }
        })
    };
    view! {
        <Show when=move || viewing.get().is_some()>
            <Portal>
                <div
                    class="photo-viewer"
                    role="dialog"
                    aria-modal="true"
                    aria-label="Photo"
                    tabindex="-1"
                    node_ref=dialog
                    data-testid="photo-viewer"
                    on:click=move |_| viewing.set(None)
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Escape" => viewing.set(None),
                        "ArrowRight" => step(1),
                        "ArrowLeft" => step(-1),
                        _ => {}
                    }
                >
                    {move || url.get().map(|u| view! {
                        <img src=u.as_str().to_owned() alt="" on:click=|ev| ev.stop_propagation() />
                    })}
                    {move || failed.get().then(|| view! { <p class="notice">"This photo could not be loaded."</p> })}
                    <button class="close" aria-label="Close photo" on:click=move |_| viewing.set(None)>"×"</button>
                    {(count > 1).then(|| view! {
                        <button class="viewer-prev" aria-label="Previous photo"
                            on:click=move |ev| { ev.stop_propagation(); step(-1) }>"‹"</button>
                        <button class="viewer-next" aria-label="Next photo"
                            on:click=move |ev| { ev.stop_propagation(); step(1) }>"›"</button>
                    })}
                </div>
            </Portal>
        </Show>
    }
}
