//! The status changes the viewer may make: accept or decline (with a
//! reason) for the provider, cancel for the customer.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::booking::{Booking, Party, StatusChange, allowed_changes, decline_reason};
use crate::state::bookings::use_bookings;

#[component]
pub fn StatusActions(booking: Booking, party: Party) -> impl IntoView {
    let bookings = use_bookings();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let declining = RwSignal::new(false);
    let reason = NodeRef::<Input>::new();
    let id = StoredValue::new(booking.id.clone());

    let run = move |change: StatusChange, why: Option<String>| {
        busy.set(true);
        error.set(None);
        let id = id.get_value();
        spawn_local(async move {
            let result = bookings.change(&id, change, why).await;
            // The card is redrawn for the changed booking by the time the
            // answer comes: its signals may be gone.
            let _ = busy.try_set(false);
            if let Err(e) = result {
                let _ = error.try_set(Some(e.user_message()));
            }
        });
    };
    let confirm_decline = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match decline_reason(
            &reason
                .get_untracked()
                .map(|i| i.value())
                .unwrap_or_default(),
        ) {
            Ok(why) => run(StatusChange::Decline, Some(why)),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let buttons = allowed_changes(booking.status, party)
        .iter()
        .map(|change| {
            let change = *change;
            let click = move |_| {
                if change == StatusChange::Decline {
                    declining.set(true);
                } else {
                    run(change, None);
                }
            };
            view! { <button class="button button-small" disabled=busy on:click=click>{change.label()}</button> }
        })
        .collect_view();
    view! {
        {buttons}
        {move || declining.get().then(|| view! {
            <form class="decline" on:submit=confirm_decline>
                <label>"Reason" <input name="reason" node_ref=reason required /></label>
                <button class="button button-small" type="submit" disabled=busy>"Decline booking"</button>
            </form>
        })}
        {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
    }
}
