//! Sign in with email and password.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::backend::BackendError;
use crate::domain::account::{Credentials, Email, Password};
use crate::state::session::use_session;

use super::field_error::FieldError;
use super::input_value;

/// What the form says when sign-in fails.
pub fn sign_in_message(error: &BackendError) -> String {
    match error {
        // PocketBase answers a wrong password with a plain 400.
        BackendError::Validation { .. } | BackendError::Unauthorized => {
            "Wrong email or password.".into()
        }
        other => other.user_message(),
    }
}

#[component]
fn SignInPageView() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let email = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let email_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let parsed_email = Email::parse(&input_value(email));
        email_error.set(parsed_email.as_ref().err().map(ToString::to_string));
        let Ok(parsed_email) = parsed_email else {
            return;
        };
        let Ok(parsed_password) = Password::parse(&input_value(password)) else {
            form_error.set(Some("Wrong email or password.".into()));
            return;
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session
                .sign_in(Credentials {
                    email: parsed_email,
                    password: parsed_password,
                })
                .await;
            busy.set(false);
            match result {
                Ok(()) => navigate("/", Default::default()),
                Err(e) => form_error.set(Some(sign_in_message(&e))),
            }
        });
    };

    view! {
        <section class="page narrow">
            <h1>"Sign in"</h1>
            <form class="form" on:submit=submit novalidate>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" node_ref=email />
                <FieldError message=email_error id="email-error" />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    required node_ref=password />
                <FieldError message=form_error id="form-error" />
                <button class="button" type="submit" disabled=busy>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p>"New here? " <A href="/sign-up">"Create an account"</A></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_credentials_get_one_plain_message() {
        let refused = BackendError::Validation {
            message: "Failed to authenticate.".into(),
            fields: Vec::new(),
        };
        assert_eq!(sign_in_message(&refused), "Wrong email or password.");
        assert!(sign_in_message(&BackendError::Network("x".into())).contains("connection"));
    }
}

lazy_page!(
    /// The sign-in page.
    SignInPage => SignInPageView
);
