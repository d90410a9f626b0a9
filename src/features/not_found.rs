use leptos::prelude::*;

use crate::state::startup;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    // The message is the page's content: see `startup`.
    startup::page_shown();
    view! {
        <section class="page narrow">
            <h1>"Page not found"</h1>
            <p>"The page you asked for doesn't exist."</p>
            <A href="/">"Back to providers"</A>
        </section>
    }
}
