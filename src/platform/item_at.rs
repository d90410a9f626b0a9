//! Which item of a list an event happened in, for a list that listens once
//! for all its items rather than once per item.
//!
//! Items are `li` elements with a `data-id` attribute, as in `scroll_anchor`.
//! Moving the focus between them by keyboard is here too, for a list that is
//! one stop in the tab order.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

/// The `data-id` of the list item `event` happened in, if it happened in one.
/// It walks up from the event's target itself rather than asking
/// `Element.closest`, whose selector could fail, so nothing here can fail:
/// an event outside every item (or on the window) simply has none.
pub fn item_id_at(event: &Event) -> Option<String> {
    let target = event.target()?;
    let mut element = target.dyn_ref::<Element>().cloned();
    while let Some(current) = element {
        if current.tag_name().eq_ignore_ascii_case("li")
            && let Some(id) = current.get_attribute("data-id")
        {
            return Some(id);
        }
        element = current.parent_element();
    }
    None
}

/// Moves the focus among the items of `list` for `event`, a key pressed in
/// it: `pick` gets the index of the item the key was pressed on (`None` when
/// the list itself has focus) and the number of items, and says which item
/// to focus. Returns whether the focus moved, so the caller can keep the
/// browser from also scrolling. A key pressed inside an item (on one of its
/// buttons, in an edit box) belongs to what has the focus, and moves nothing.
pub fn focus_item(
    list: &Element,
    event: &Event,
    pick: impl FnOnce(Option<usize>, usize) -> Option<usize>,
) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    let children = list.children();
    let items: Vec<Element> = (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|el| el.tag_name().eq_ignore_ascii_case("li") && el.has_attribute("data-id"))
        .collect();
    let from = if &target == list {
        None
    } else {
        match items.iter().position(|item| *item == target) {
            Some(at) => Some(at),
            None => return false,
        }
    };
    let Some(item) = pick(from, items.len()).and_then(|to| items.get(to)) else {
        return false;
    };
    match item.dyn_ref::<HtmlElement>() {
        // Focusing an element that is in the page cannot fail: `focus` has
        // no error to report for it.
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}
