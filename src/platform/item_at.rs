//! Which item of a list an event happened in, for a list that listens once
//! for all its items rather than once per item.
//!
//! Items are `li` elements with a `data-id` attribute, as in `scroll_anchor`.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

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
