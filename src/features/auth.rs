//! Signing up and signing in.

pub mod sign_in_page;
pub mod sign_up_page;

mod field_error;

use leptos::html::Input;
use leptos::prelude::*;

/// The current text of an input. The forms read their fields once, on
/// submit, instead of mirroring every keystroke into a signal.
fn input_value(input: NodeRef<Input>) -> String {
    input.get_untracked().map(|i| i.value()).unwrap_or_default()
}
