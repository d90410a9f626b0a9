//! Which item of a list an event happened in, for a list that listens once
//! for all its items rather than once per item.
//!
//! Items are elements with a `data-id` attribute, as in `scroll_anchor`.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

/// The `data-id` of the list item `event` happened in, if it happened in one.
pub fn item_id_at(event: &Event) -> Option<String> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    // `closest` fails only on a malformed selector, and this one is fixed.
    target
        .closest("li[data-id]")
        .ok()??
        .get_attribute("data-id")
}
