//! An inline error under a form field.

use leptos::prelude::*;

#[component]
pub fn FieldError(
    #[prop(into)] message: Signal<Option<String>>,
    id: &'static str,
) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="field-error" id=id role="alert">{m}</p> })
    }
}
