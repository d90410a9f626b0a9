//! Searching the conversation on the server; a result jumps into the
//! timeline (loaded around it when it is not held).

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::message::Message;
use crate::platform::scroll_anchor::reveal;
use crate::platform::time_zone::{clock_time, day_label};
use crate::state::chat_room::ChatRoom;

#[component]
pub fn SearchPanel(room: ChatRoom) -> impl IntoView {
    let query = NodeRef::<Input>::new();
    let results = RwSignal::new(None::<Vec<Message>>);
    let search = move || {
        let Some(input) = query.get_untracked() else {
            return;
        };
        let text = input.value();
        spawn_local(async move {
            let found = room.search(&text).await;
            let _ = results.try_set(Some(found));
        });
    };
    let open = move |m: Message| {
        spawn_local(async move {
            if room.bring_into_view(&m.id).await {
                reveal(m.id.to_string());
            }
        });
    };
    view! {
        <div class="search-panel" data-testid="search-panel">
            <form role="search" on:submit=move |ev| { ev.prevent_default(); search(); }>
                <input type="search" aria-label="Search this conversation" placeholder="Search this conversation"
                    node_ref=query maxlength="100" />
                <button class="button button-small" type="submit">"Find"</button>
            </form>
            {move || results.get().map(|found| {
                if found.is_empty() {
                    return view! { <p class="card-meta">"No messages found."</p> }.into_any();
                }
                view! {
                    <ul class="search-results">
                        {found.into_iter().map(|m| {
                            let when = format!("{} {}", day_label(m.created), clock_time(m.created));
                            let (body, target) = (m.body.clone(), m.clone());
                            view! {
                                <li>
                                    <button class="link-button" data-testid="search-result" on:click=move |_| open(target.clone())>
                                        <span class="card-meta">{when}</span> " " {body}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </div>
    }
}
