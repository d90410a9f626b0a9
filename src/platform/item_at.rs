//! Which item of a list an event happened in, for a list that listens once
//! for all its items rather than once per item.
//!
//! Items are `li` elements with a `data-id` attribute, as in `scroll_anchor`.
//! Moving the focus between them by keyboard is here too, for a list that is
//! one stop in the tab order.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, FocusOptions, HtmlElement, Node};

/// The `data-id` of the list item `event` happened in, if it happened in one.
/// It walks up from the event's target itself rather than asking
/// `Element.closest`, whose selector could fail, so nothing here can fail:
/// an event outside every item (or on the window) simply has none.
pub fn item_id_at(event: &Event) -> Option<String> {
    item_of(event).map(|(id, _, _)| id)
}

/// The element `event` happened on; `None` when it happened on something
/// that is not one (the window, a text node).
fn target_element(event: &Event) -> Option<Element> {
    event.target()?.dyn_ref::<Element>().cloned()
}

/// The item `event` happened in: its `data-id`, its element, and the element
/// the event happened on.
fn item_of(event: &Event) -> Option<(String, Element, Element)> {
    let target = target_element(event)?;
    let mut element = Some(target.clone());
    while let Some(current) = element {
        if current.tag_name().eq_ignore_ascii_case("li")
            && let Some(id) = current.get_attribute("data-id")
        {
            return Some((id, current, target));
        }
        element = current.parent_element();
    }
    None
}

/// Where a `focusin` landed: the item's `data-id`, and the `aria-label` of
/// the control in it that took the focus (`None` for the item itself or a
/// control without a label, which the item stands for).
pub fn focus_spot(event: &Event) -> Option<(String, Option<String>)> {
    let (id, item, target) = item_of(event)?;
    let control = (target != item)
        .then(|| target.get_attribute("aria-label"))
        .flatten();
    Some((id, control))
}

/// Calls `then` with whether the element a `focusout` left is still in the
/// page, once the work that moved the focus is done. The browser sends
/// `focusout` while it removes a focused element, before the element is out
/// of the page, so the answer waits for a microtask: an element that is gone
/// by then was removed with its item.
pub fn when_focus_left(event: &Event, then: impl FnOnce(bool) + 'static) {
    let node = event.target().and_then(|t| t.dyn_ref::<Node>().cloned());
    let callback = wasm_bindgen::closure::Closure::once_into_js(move || {
        then(node.is_none_or(|n| n.is_connected()));
    });
    if let Some(window) = web_sys::window() {
        window.queue_microtask(callback.unchecked_ref());
    }
}

/// Whether something in the page other than its body has the focus.
pub fn page_has_focus() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (Some(active), Some(body)) => active != *body.as_ref(),
        (active, None) => active.is_some(),
        (None, _) => false,
    }
}

/// Gives the focus back to the item of `list` with `data-id` `id`, to its
/// control labelled `control` when it has one, without scrolling: the
/// reader may have scrolled away from it meanwhile. An item that is gone
/// (trimmed from the list) leaves the focus to the list itself, so the
/// keyboard stays in it.
pub fn refocus(list: &Element, id: &str, control: Option<&str>) {
    let children = list.children();
    let item = (0..children.length())
        .filter_map(|i| children.item(i))
        .find(|el| el.get_attribute("data-id").as_deref() == Some(id));
    let labelled = item.as_ref().zip(control).and_then(|(item, label)| {
        ["textarea", "button"].iter().find_map(|tag| {
            let found = item.get_elements_by_tag_name(tag);
            (0..found.length())
                .filter_map(|i| found.item(i))
                .find(|el| el.get_attribute("aria-label").as_deref() == Some(label))
        })
    });
    let target = labelled.or(item).unwrap_or_else(|| list.clone());
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    if let Some(el) = target.dyn_ref::<HtmlElement>() {
        // Focusing an element that is in the page cannot fail: `focus` has
        // no error to report for it.
        let _ = el.focus_with_options(&options);
    }
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
    let Some(target) = target_element(event) else {
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
