//! The only place in the app that writes HTML into the page. It takes a
//! [`SanitizedHtml`], which only the sanitizer worker's answer can produce.

use leptos::prelude::*;

use crate::platform::sanitizer::SanitizedHtml;

#[component]
pub fn SafeHtml(html: SanitizedHtml, #[prop(into, optional)] class: String) -> impl IntoView {
    view! { <div class=class inner_html=html.as_str().to_owned()></div> }
}
