//! Shows HTML that came from the backend, after the sanitizer worker has
//! cleaned it. Until then a placeholder keeps the space; if the sanitizer
//! cannot run, a notice replaces the content (never the raw HTML).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::monitoring::{Category, Severity};
use crate::platform::sanitizer::{SanitizedHtml, Sanitizer, SanitizerError};
use crate::state::monitor::use_monitor;

use super::safe_html::SafeHtml;

/// The sanitizer as a context value (its handle is not `Send`).
pub type SanitizerContext = StoredValue<Sanitizer, LocalStorage>;

#[component]
pub fn UntrustedHtml(
    #[prop(into)] html: String,
    #[prop(into, optional)] class: String,
) -> impl IntoView {
    let sanitizer = expect_context::<SanitizerContext>().get_value();
    let monitor = use_monitor();
    let cleaned = RwSignal::new_local(None::<Result<SanitizedHtml, SanitizerError>>);
    spawn_local(async move {
        let result = sanitizer.sanitize(&html).await;
        if let Err(error) = &result {
            monitor.note(
                Severity::Error,
                Category::Ui,
                "sanitizer",
                error.to_string(),
            );
        }
        // The view may be gone by now; then there is nothing to update.
        let _ = cleaned.try_set(Some(result));
    });
    move || match cleaned.get() {
        None => view! { <div class="skeleton-text" aria-busy="true"></div> }.into_any(),
        Some(Ok(safe)) => view! { <SafeHtml html=safe class=class.clone() /> }.into_any(),
        Some(Err(_)) => {
            view! { <p class="notice">"This text can't be shown right now."</p> }.into_any()
        }
    }
}
