//! Picking photos for a message: up to four, each checked and made small
//! in the browser before it is kept, with its progress shown, a preview,
//! a clear reason when one is refused, and a way to take one out. File
//! names only ever appear as text.

use std::rc::Rc;

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::attachment::{MAX_PER_MESSAGE, PreparedPhoto};
use crate::platform::file_blob::FileBlob;
use crate::platform::file_picker::take_files;
use crate::platform::object_url::ObjectUrl;
use crate::platform::photo::{Progress, prepare};

/// Where one picked photo is.
#[derive(Clone)]
pub enum Picked {
    Preparing {
        id: u64,
        step: String,
    },
    Ready {
        id: u64,
        file: FileBlob,
        photo: PreparedPhoto,
        preview: Option<Rc<ObjectUrl>>,
    },
    Refused {
        id: u64,
        why: String,
    },
}

impl Picked {
    fn id(&self) -> u64 {
        match self {
            Picked::Preparing { id, .. }
            | Picked::Ready { id, .. }
            | Picked::Refused { id, .. } => *id,
        }
    }

    /// Changes whenever what is shown changes, so the list redraws it.
    fn key(&self) -> (u64, String) {
        match self {
            Picked::Preparing { id, step } => (*id, step.clone()),
            Picked::Ready { id, .. } => (*id, "ready".into()),
            Picked::Refused { id, .. } => (*id, "refused".into()),
        }
    }

    /// Counts towards the four a message may carry.
    fn counts(&self) -> bool {
        !matches!(self, Picked::Refused { .. })
    }
}

fn step_label(p: Progress) -> String {
    match p {
        Progress::Reading | Progress::Decoding => "Reading…".into(),
        Progress::Encoding { attempt } => format!("Making it smaller ({attempt})…"),
        Progress::Done => "Ready".into(),
    }
}

#[component]
pub fn PhotoPicker(photos: RwSignal<Vec<Picked>, LocalStorage>) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let next = StoredValue::new(0u64);
    let set = move |id: u64, state: Picked| {
        photos.update(|all| {
            if let Some(slot) = all.iter_mut().find(|p| p.id() == id) {
                *slot = state;
            }
        })
    };
    let picked = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        for file in take_files(&el) {
            let id = next.get_value();
            next.set_value(id + 1);
            let already = photos.with_untracked(|all| all.iter().filter(|p| p.counts()).count());
            photos.update(|all| {
                all.push(Picked::Preparing {
                    id,
                    step: "Reading…".into(),
                })
            });
            spawn_local(async move {
                let progress = move |p: Progress| {
                    set(
                        id,
                        Picked::Preparing {
                            id,
                            step: step_label(p),
                        },
                    )
                };
                let state = match prepare(file.file(), already, progress).await {
                    Ok((blob, photo)) => {
                        let file = FileBlob::new(blob);
                        let preview = file.object_url().map(Rc::new);
                        Picked::Ready {
                            id,
                            file,
                            photo,
                            preview,
                        }
                    }
                    Err(e) => Picked::Refused {
                        id,
                        why: e.to_string(),
                    },
                };
                set(id, state);
            });
        }
    };
    let full =
        move || photos.with(|all| all.iter().filter(|p| p.counts()).count() >= MAX_PER_MESSAGE);
    view! {
        <div class="photo-picker">
            <label class="button button-small attach" class:disabled=full>
                "Photo"
                <input type="file" accept="image/jpeg,image/png,image/webp,image/gif" multiple
                    class="visually-hidden" data-testid="attach" node_ref=input
                    prop:disabled=full on:change=picked />
            </label>
            <ul class="picked">
                // Keys only: the files stay in this tab's signal (they cannot
                // cross threads, which the list's items must).
                <For
                    each=move || photos.with(|all| all.iter().map(Picked::key).collect::<Vec<_>>())
                    key=|k| k.clone()
                    let:k
                >
                    <PickedItem id=k.0 photos />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn PickedItem(id: u64, photos: RwSignal<Vec<Picked>, LocalStorage>) -> impl IntoView {
    let remove = move |_| photos.update(|all| all.retain(|p| p.id() != id));
    let picked = photos.with_untracked(|all| all.iter().find(|p| p.id() == id).cloned());
    let body = match picked? {
        Picked::Preparing { step, .. } => view! {
            <span class="photo photo-waiting" data-testid="picked-progress">{step}</span>
        }
        .into_any(),
        Picked::Ready { photo, preview, .. } => {
            let size = crate::domain::attachment::format_size(photo.bytes);
            view! {
                <span class="photo" data-testid="picked-ready"
                    data-width=photo.width data-height=photo.height data-bytes=photo.bytes>
                    {preview.map(|u| view! { <img src=u.as_str().to_owned() alt="" width="120" height="120" /> })}
                </span>
                <span class="muted">{size}</span>
            }
            .into_any()
        }
        Picked::Refused { why, .. } => view! {
            <span class="field-error" role="alert" data-testid="picked-refused">{why}</span>
        }
        .into_any(),
    };
    Some(view! {
        <li class="picked-item">
            {body}
            <button class="link-button" aria-label="Remove photo" on:click=remove>"✕"</button>
        </li>
    })
}
