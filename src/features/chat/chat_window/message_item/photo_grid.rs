//! The photos of a message: square thumbnails in boxes of a fixed size (so
//! nothing moves when they arrive), each fetched when it comes near the
//! screen; a click opens the viewer. Photos still on this device show as
//! waiting boxes of the same size.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::PhotoSize;
use crate::domain::ids::MessageId;
use crate::platform::object_url::ObjectUrl;
use crate::platform::visible::when_near_screen;
use crate::state::chat_room::ChatRoom;

use super::photo_viewer::PhotoViewer;

#[component]
pub fn PhotoGrid(
    room: ChatRoom,
    message: MessageId,
    names: Vec<String>,
    /// Photos not uploaded yet (shown as waiting boxes).
    waiting: usize,
) -> impl IntoView {
    let viewing = RwSignal::new(None::<usize>);
    let many = names.len() + waiting > 1;
    let stored = names.clone();
    let thumbs = names
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            view! { <Thumb room message=message.clone() name index viewing /> }
        })
        .collect_view();
    let waiting = (0..waiting)
        .map(|_| view! { <span class="photo photo-waiting" data-testid="photo-waiting">"Sending…"</span> })
        .collect_view();
    view! {
        <div class="photos" class:photos-many=many data-testid="photos">
            {thumbs}
            {waiting}
        </div>
        <PhotoViewer room message names=stored viewing />
    }
}

#[component]
fn Thumb(
    room: ChatRoom,
    message: MessageId,
    name: String,
    index: usize,
    viewing: RwSignal<Option<usize>>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Button>::new();
    let url = RwSignal::new_local(None::<Rc<ObjectUrl>>);
    let failed = RwSignal::new(false);
    Effect::new(move |watching: Option<bool>| {
        if watching == Some(true) {
            return true;
        }
        let Some(element) = node.get() else {
            return false;
        };
        let (message, name) = (message.clone(), name.clone());
        when_near_screen(&element, move || {
            spawn_local(async move {
                // A failure is recorded by the resilience layer; the box
                // says so instead of staying empty.
                match room.photo(&message, &name, PhotoSize::Thumb).await {
                    Ok(file) => match file.object_url() {
                        Some(u) => url.set(Some(Rc::new(u))),
                        None => failed.set(true),
                    },
                    Err(_) => failed.set(true),
                }
            });
        });
        true
    });
    view! {
        <button
            class="photo"
            node_ref=node
            data-testid="photo"
            aria-label=format!("Photo {}", index + 1)
            on:click=move |_| viewing.set(Some(index))
        >
            {move || url.get().map(|u| view! {
                <img src=u.as_str().to_owned() alt="" width="120" height="120" data-testid="photo-img" />
            })}
            {move || failed.get().then_some("Photo unavailable")}
        </button>
    }
}
