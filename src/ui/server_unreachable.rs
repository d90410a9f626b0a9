//! What a page shows when its data could not be loaded: what happened and a
//! way to try again, never a blank page. Trouble reaching the server says
//! so; any other failure says what went wrong.

use leptos::prelude::*;

use crate::backend::BackendError;

/// Whether the error means the server could not be reached (as opposed to
/// the server answering "no").
pub fn is_unreachable(error: &BackendError) -> bool {
    matches!(
        error,
        BackendError::Network(_)
            | BackendError::Offline
            | BackendError::Timeout(_)
            | BackendError::CircuitOpen { .. }
            | BackendError::Unavailable { status: 502..=504 }
    )
}

#[component]
pub fn ServerUnreachable(
    error: BackendError,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    let (title, test_id) = if is_unreachable(&error) {
        ("Can't reach the server", "server-unreachable")
    } else {
        ("Something went wrong", "load-error")
    };
    view! {
        <section class="unreachable" role="alert" data-testid=test_id>
            <h2>{title}</h2>
            <p>{error.user_message()}</p>
            <button class="button" on:click=move |_| on_retry.run(())>"Try again"</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_connection_trouble_is_called_unreachable() {
        assert!(is_unreachable(&BackendError::Network("reset".into())));
        assert!(is_unreachable(&BackendError::Unavailable { status: 502 }));
        assert!(is_unreachable(&BackendError::CircuitOpen {
            retry_in: None
        }));
        assert!(!is_unreachable(&BackendError::NotFound));
        assert!(!is_unreachable(&BackendError::Unavailable { status: 500 }));
    }
}
