//! Keeping a scrolled list still for its reader while items are added or
//! removed above or below: the first visible item is the anchor, and after
//! the change the list scrolls by however far the anchor moved.
//!
//! Items are the list's children with a `data-id` attribute.

use wasm_bindgen::JsCast;
use web_sys::Element;

/// Where the first visible item was.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    id: String,
    top: f64,
}

/// The first item whose bottom edge is below the list's top edge.
pub fn capture(list: &Element) -> Option<Anchor> {
    let list_top = list.get_bounding_client_rect().top();
    let children = list.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .find_map(|item| {
            let id = item.get_attribute("data-id")?;
            let rect = item.get_bounding_client_rect();
            (rect.bottom() > list_top).then_some(Anchor {
                id,
                top: rect.top(),
            })
        })
}

/// Scrolls so the anchor is where it was. An anchor that is gone (trimmed
/// away) leaves the list as it is.
pub fn restore(list: &Element, anchor: &Anchor) {
    // Ids hold only letters, digits, '-' and '_', so they are selector-safe.
    let Ok(Some(item)) = list.query_selector(&format!("[data-id=\"{}\"]", anchor.id)) else {
        return;
    };
    let moved = item.get_bounding_client_rect().top() - anchor.top;
    if moved != 0.0 {
        list.set_scroll_top(list.scroll_top() + moved.round() as i32);
    }
}

/// Pixels between the bottom of what is shown and the end of the list.
pub fn distance_from_bottom(list: &Element) -> i32 {
    list.scroll_height() - list.scroll_top() - list.client_height()
}

/// Pixels scrolled past the top of the list.
pub fn distance_from_top(list: &Element) -> i32 {
    list.scroll_top()
}

pub fn scroll_to_bottom(list: &Element) {
    list.set_scroll_top(list.scroll_height());
}

/// Runs `f` just before the next paint, after pending DOM updates.
pub fn before_next_paint(f: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    // requestAnimationFrame only fails without a window, where nothing is
    // painted either.
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
}

/// Runs `f` in a task of its own. Called from `before_next_paint`'s `f`, it
/// runs after that frame is painted: a timer set in an animation frame fires
/// only once the frame's rendering is done.
pub fn next_task(f: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, f).forget();
}

/// Scrolls the page's element with `data-id` = `id` into the middle of its
/// list and focuses it, after the pending DOM updates and the list's own
/// scrolling of the next frame (hence two frames).
pub fn reveal(id: String) {
    before_next_paint(move || {
        before_next_paint(move || {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            // Ids hold only letters, digits, '-' and '_', so they are selector-safe.
            if let Ok(Some(item)) = document.query_selector(&format!("[data-id=\"{id}\"]")) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                item.scroll_into_view_with_scroll_into_view_options(&options);
                if let Some(el) = item.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    });
}
