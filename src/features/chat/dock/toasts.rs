//! Toasts: news from rooms that are not open. A click opens the room.

use leptos::prelude::*;

use crate::state::chat::use_chat;
use crate::state::inbox::Inbox;

#[component]
pub fn Toasts(inbox: Inbox) -> impl IntoView {
    let chat = use_chat();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || inbox.toasts().get() key=|t| t.id let:toast>
                {
                    let id = toast.id;
                    let open = toast.open.clone();
                    view! {
                        <div class="toast" data-testid="toast">
                            <button
                                class="toast-body"
                                on:click=move |_| {
                                    if let Some(o) = open.clone() {
                                        chat.open_room(o);
                                    }
                                    inbox.dismiss(id);
                                }
                            >
                                <strong>{toast.title}</strong>
                                <span>{toast.body}</span>
                            </button>
                            <button
                                class="toast-close"
                                aria-label="Dismiss"
                                on:click=move |_| inbox.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
