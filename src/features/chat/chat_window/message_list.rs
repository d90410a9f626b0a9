//! The timeline: the held run of messages with day separators, paged at
//! both ends as the reader scrolls, with the first visible message kept where
//! it was when a page arrives, following new messages while the reader is at
//! the bottom, and a "jump to latest" with the count of new messages below.
//! An older page goes into the DOM a few rows per frame (see `reveal`).

mod focus;
mod keys;
mod reveal;
mod rows;
mod segments;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Ol;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::ids::{MessageId, UserId};
use crate::platform::scroll_anchor::{self, before_next_paint, next_task};
use crate::state::chat_room::{ChatRoom, End, Line};
use crate::state::startup;

use super::message_item::{ActionArming, MessageItem, OwnChange};
use focus::TimelineFocus;
use reveal::Reveal;
use rows::{Row, rows};
use segments::{Segment, Segments};

/// How close to an end (in pixels) the reader gets before the next page loads.
const PAGE_AHEAD_PX: i32 = 600;
/// How close to the bottom counts as "at the newest message".
const AT_BOTTOM_PX: i32 = 48;
/// The most messages of an older page that go into the DOM in one frame.
const REVEAL_CHUNK: usize = 10;

#[component]
pub fn MessageList(room: ChatRoom, me: Option<UserId>) -> impl IntoView {
    let list = NodeRef::<Ol>::new();
    let lines = room.lines();
    let more_older = room.more(End::Older);
    let unread_since = room.unread_since();
    let me_id = StoredValue::new(me.clone());
    // A message's actions are built when the reader first reaches it: the
    // list listens for that once, for all its messages. A click counts too,
    // for software that clicks without pointing or focusing: what went wrong
    // with a reaction chip's click shows with the actions.
    let arming = ActionArming::default();
    // An edit or a delete under way, kept here so it outlives its item.
    let change = OwnChange::default();
    // The timeline is one tab stop, its messages reached by the arrow keys,
    // and where the focus is in it is kept here so it outlives its item too.
    let focus = TimelineFocus::new(list);
    let rows = Memo::new(move |_| {
        let since = unread_since.get();
        let all_older_held = !more_older.get();
        me_id.with_value(|me| lines.with(|l| rows(l, me.as_ref(), since, all_older_held)))
    });
    let cut = StoredValue::new(Segments::<MessageId>::new(REVEAL_CHUNK));
    let segments = Memo::new(move |_| {
        let rows = rows.get();
        cut.try_update_value(|s| s.split(rows, Row::message_id))
            .unwrap_or_default()
    });
    let segment_ids =
        Memo::new(move |_| segments.with(|all| all.iter().map(|s| s.id).collect::<Vec<_>>()));
    // The segments in the DOM: notified when a waiting one is shown.
    let reveal = StoredValue::new(Reveal::default());
    let revealed = Trigger::new();
    let shown_ids = Memo::new(move |_| {
        revealed.track();
        segment_ids
            .with(|ids| reveal.try_update_value(|r| r.visible(ids)))
            .unwrap_or_default()
    });
    // The rows of one segment: a page of older messages arrives as one new
    // segment, so nothing already shown moves in the DOM.
    let rows_of = move |id: i64| {
        segments.with(|all| {
            all.iter()
                .find(|s| s.id == id)
                .map(|s: &Segment<Row>| s.rows.clone())
                .unwrap_or_default()
        })
    };
    let more_newer = room.more(End::Newer);
    let unseen = room.unseen();
    let away = RwSignal::new(false);
    let busy = RwSignal::new(false);

    // Loads the page beyond `end`, keeping the first visible message still.
    let load = move |end: End| {
        let Some(el) = list.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let anchor = Rc::new(RefCell::new(None));
            let (a, at) = (anchor.clone(), el.clone());
            let loaded = room
                .load_more(end, move || *a.borrow_mut() = scroll_anchor::capture(&at))
                .await;
            let anchor = anchor.take();
            match (loaded, anchor) {
                (true, Some(anchor)) => settle(list, Some(anchor), reveal, revealed, busy).await,
                _ => {
                    let _ = busy.try_set(false);
                }
            }
        });
    };

    let on_scroll = move |_| {
        let Some(el) = list.get_untracked() else {
            return;
        };
        let from_bottom = scroll_anchor::distance_from_bottom(&el);
        let at_bottom = from_bottom < AT_BOTTOM_PX && !more_newer.get_untracked();
        if away.get_untracked() == at_bottom {
            away.set(!at_bottom);
        }
        room.set_at_bottom(at_bottom);
        // Rows still waiting to be shown are the older page the reader is
        // scrolling towards, so the next one waits for them.
        let waiting = reveal.with_value(Reveal::waiting);
        if scroll_anchor::distance_from_top(&el) < PAGE_AHEAD_PX
            && more_older.get_untracked()
            && !waiting
        {
            load(End::Older);
        } else if from_bottom < PAGE_AHEAD_PX && more_newer.get_untracked() {
            load(End::Newer);
        }
    };

    // While the reader is at the newest message, new ones scroll into view.
    // The first rows are the content of a page opened on a conversation.
    Effect::new(move |_| {
        if rows.with(|r| !r.is_empty()) {
            startup::page_shown();
        }
        if !away.get_untracked() {
            before_next_paint(move || {
                if let Some(el) = list.try_get_untracked().flatten() {
                    scroll_anchor::scroll_to_bottom(&el);
                }
            });
        }
        // A message rebuilt while it had the focus gets it back, also in
        // browsers that send no `focusout` for an element removed.
        focus.restore();
    });

    let jump = move |_| {
        spawn_local(async move {
            room.jump_to_latest().await;
            let _ = away.try_set(false);
            before_next_paint(move || {
                if let Some(el) = list.try_get_untracked().flatten() {
                    scroll_anchor::scroll_to_bottom(&el);
                }
            });
        });
    };

    let segment = move |id: i64| {
        let me = me.clone();
        view! {
            <For each=move || rows_of(id) key=Row::key let:row>
                {match row {
                    Row::Day(_, label) => view! { <li class="day" role="separator">{label}</li> }.into_any(),
                    Row::Unread => view! { <li class="unread-marker" role="separator" data-testid="unread-marker">"New messages"</li> }.into_any(),
                    Row::Message(line) => view! { <MessageItem line=Line::clone(&line) me=me.clone() room=room arming=arming change=change /> }.into_any(),
                }}
            </For>
        }
    };

    view! {
        <ol class="messages" data-testid="messages" node_ref=list on:scroll=on_scroll
            on:pointerover=move |ev| arming.arm_at(&ev)
            on:focusin=move |ev| { arming.arm_at(&ev); focus.entered(&ev) }
            on:focusout=move |ev| focus.left(&ev)
            on:click=move |ev| arming.arm_at(&ev) on:keydown=move |ev| focus.key(&ev) tabindex="0"
            role="log" aria-label="Conversation" aria-live="polite" aria-relevant="additions" aria-busy=move || busy.get().to_string()>
            <For each=move || shown_ids.get() key=|id| *id let:id>
                {segment(id)}
            </For>
        </ol>
        <Show when=move || away.get() || more_newer.get()>
            <button class="jump-latest" data-testid="jump-latest" on:click=jump>
                {move || match unseen.get() {
                    0 => "Jump to latest".to_owned(),
                    n => format!("{n} new · jump to latest"),
                }}
            </button>
        </Show>
    }
}

/// Shows the waiting segments one per frame, nearest first, and then clears
/// `busy`. The anchor is taken after a frame is painted, when taking it costs
/// no layout.
fn reveal_rest(
    list: NodeRef<Ol>,
    reveal: StoredValue<Reveal>,
    revealed: Trigger,
    busy: RwSignal<bool>,
) {
    let anchor = list
        .try_get_untracked()
        .flatten()
        .and_then(|el| scroll_anchor::capture(&el));
    if !reveal.try_update_value(Reveal::step).unwrap_or(false) {
        let _ = busy.try_set(false);
        return;
    }
    revealed.notify();
    spawn_local(settle(list, anchor, reveal, revealed, busy));
}

/// Once the pending DOM updates are done, scrolls the anchor back to where
/// it was, in the same task, so no frame (and no animation frame callback)
/// sees the rows moved; then shows the next waiting segment after the paint.
async fn settle(
    list: NodeRef<Ol>,
    anchor: Option<scroll_anchor::Anchor>,
    reveal: StoredValue<Reveal>,
    revealed: Trigger,
    busy: RwSignal<bool>,
) {
    leptos::task::tick().await;
    if let (Some(el), Some(anchor)) = (list.try_get_untracked().flatten(), anchor) {
        scroll_anchor::restore(&el, &anchor);
    }
    before_next_paint(move || next_task(move || reveal_rest(list, reveal, revealed, busy)));
}
