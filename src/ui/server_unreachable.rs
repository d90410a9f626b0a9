//! The state shown when the backend cannot be reached: what happened and a
//! way to try again, never a blank page.

use leptos::prelude::*;

use crate::backend::BackendError;

#[component]
pub fn ServerUnreachable(
    error: BackendError,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="unreachable" role="alert" data-testid="server-unreachable">
            <h2>"Can't reach the server"</h2>
            <p>{error.user_message()}</p>
            <button class="button" on:click=move |_| on_retry.run(())>"Try again"</button>
        </section>
    }
}
