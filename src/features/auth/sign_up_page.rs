//! Create a customer account. Every field is checked in the browser first;
//! the server's own field errors are shown next to the same fields.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::backend::BackendError;
use crate::domain::account::{NewAccount, SignUpErrors};
use crate::state::session::use_session;

use super::field_error::FieldError;
use super::input_value;

/// The server's complaint about one field, in the form's words.
pub fn server_field_message(error: &BackendError, field: &str) -> Option<String> {
    let f = error.field(field)?;
    Some(match (field, f.code.as_str()) {
        ("email", "validation_not_unique") => {
            "An account with this email already exists. Sign in instead.".into()
        }
        _ => f.message.clone(),
    })
}

#[component]
fn SignUpPageView() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = NodeRef::<Input>::new();
    let email = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let confirm = NodeRef::<Input>::new();
    let errors = RwSignal::new(SignUpErrors::default());
    let server_error = RwSignal::new(None::<BackendError>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        server_error.set(None);
        let account = NewAccount::validate(
            &input_value(name),
            &input_value(email),
            &input_value(password),
            &input_value(confirm),
        );
        let account = match account {
            Ok(account) => {
                errors.set(SignUpErrors::default());
                account
            }
            Err(e) => return errors.set(e),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session.sign_up(account).await;
            busy.set(false);
            match result {
                Ok(()) => navigate("/", Default::default()),
                Err(e) => server_error.set(Some(e)),
            }
        });
    };

    let name_error = Signal::derive(move || {
        errors
            .with(|e| e.name.as_ref().map(ToString::to_string))
            .or_else(|| {
                server_error.with(|e| e.as_ref().and_then(|e| server_field_message(e, "name")))
            })
    });
    let email_error = Signal::derive(move || {
        errors
            .with(|e| e.email.as_ref().map(ToString::to_string))
            .or_else(|| {
                server_error.with(|e| e.as_ref().and_then(|e| server_field_message(e, "email")))
            })
    });
    let password_error = Signal::derive(move || {
        errors
            .with(|e| e.password.as_ref().map(ToString::to_string))
            .or_else(|| {
                server_error.with(|e| e.as_ref().and_then(|e| server_field_message(e, "password")))
            })
    });
    let confirm_error = Signal::derive(move || errors.with(|e| e.confirm.map(str::to_owned)));
    let form_error = Signal::derive(move || {
        server_error.with(|e| {
            e.as_ref()
                .filter(|e| {
                    ["name", "email", "password"]
                        .iter()
                        .all(|f| e.field(f).is_none())
                })
                .map(BackendError::user_message)
        })
    });

    view! {
        <section class="page narrow">
            <h1>"Create an account"</h1>
            <form class="form" on:submit=submit novalidate>
                <label for="name">"Your name"</label>
                <input id="name" name="name" autocomplete="name" aria-describedby="name-error"
                    node_ref=name />
                <FieldError message=name_error id="name-error" />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" aria-describedby="email-error"
                    node_ref=email />
                <FieldError message=email_error id="email-error" />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="new-password"
                    aria-describedby="password-error"
                    node_ref=password />
                <FieldError message=password_error id="password-error" />
                <label for="confirm">"Repeat the password"</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password"
                    aria-describedby="confirm-error"
                    node_ref=confirm />
                <FieldError message=confirm_error id="confirm-error" />
                <FieldError message=form_error id="form-error" />
                <button class="button" type="submit" disabled=busy>
                    {move || if busy.get() { "Creating…" } else { "Create account" }}
                </button>
            </form>
            <p>"Already have an account? " <A href="/sign-in">"Sign in"</A></p>
        </section>
    }
}

lazy_page!(
    /// The sign-up page.
    SignUpPage => SignUpPageView
);
