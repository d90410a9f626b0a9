//! The booking form: duration (price from the provider's menu), now or
//! later, name and WhatsApp. Every field is checked before anything is sent;
//! the server's own field errors are shown next to the same fields.

use std::time::Duration;

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::backend::BackendError;
use crate::domain::booking::{
    BookingErrors, BookingInput, BookingMode, EntryPoint, Origin, validate,
};
use crate::domain::ids::BookingId;
use crate::domain::money::Idr;
use crate::domain::provider::Provider;
use crate::platform::clock::BrowserClock;
use crate::platform::random::client_id;
use crate::platform::time_zone::{local_input_value, parse_local_input};
use crate::resilience::clock::Clock;
use crate::state::bookings::use_bookings;
use crate::state::chat::{OpenChat, use_chat};

use super::schedule_field::ScheduleField;

/// The server's name for each form field.
const FIELDS: [&str; 5] = [
    "minutes",
    "price",
    "scheduledAt",
    "customerName",
    "customerWhatsApp",
];

/// The first error to show for a field: the form's own, else the server's.
fn field_message(
    own: Option<String>,
    server: &Option<BackendError>,
    fields: &[&str],
) -> Option<String> {
    own.or_else(|| {
        let e = server.as_ref()?;
        fields
            .iter()
            .find_map(|f| e.field(f))
            .map(|f| f.message.clone())
    })
}

#[component]
pub fn BookingForm(
    provider: Provider,
    entry: EntryPoint,
    minutes: Option<u16>,
    mode: BookingMode,
    default_name: String,
) -> impl IntoView {
    let bookings = use_bookings();
    let chat = use_chat();
    let navigate = use_navigate();
    let mut services = provider.services.clone();
    services.sort_unstable_by_key(|s| s.minutes);
    let first = services.first().map(|s| s.minutes).unwrap_or_default();
    let minutes = RwSignal::new(
        minutes
            .filter(|m| provider.price_for(*m).is_some())
            .unwrap_or(first),
    );
    let mode = RwSignal::new(mode);
    // Two hours from now, on the half hour: a sensible first suggestion.
    let suggestion = BrowserClock.now().plus(Duration::from_secs(2 * 3600));
    let when = RwSignal::new(local_input_value(crate::domain::time::Millis(
        suggestion.0 / 1_800_000 * 1_800_000,
    )));
    let name = NodeRef::<Input>::new();
    let whatsapp = NodeRef::<Input>::new();
    let errors = RwSignal::new(BookingErrors::default());
    let server_error = RwSignal::new(None::<BackendError>);
    let busy = RwSignal::new(false);
    // One id for this booking: a second click or a retry sends the same one.
    let id = StoredValue::new(BookingId::from(client_id()));
    let price = {
        let provider = provider.clone();
        Memo::new(move |_| provider.price_for(minutes.get()).unwrap_or(Idr(0)))
    };

    let submit = {
        let provider = provider.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            server_error.set(None);
            let input = BookingInput {
                minutes: minutes.get_untracked(),
                mode: mode.get_untracked(),
                scheduled_at: when.with_untracked(|w| parse_local_input(w)),
                name: name.get_untracked().map(|i| i.value()).unwrap_or_default(),
                whatsapp: whatsapp
                    .get_untracked()
                    .map(|i| i.value())
                    .unwrap_or_default(),
            };
            let origin = Origin {
                entry,
                chat_window_open: chat.is_window_open(),
            };
            let booking = match validate(
                &input,
                &provider,
                origin,
                id.get_value(),
                BrowserClock.now(),
            ) {
                Ok(booking) => booking,
                Err(found) => return errors.set(found),
            };
            errors.set(BookingErrors::default());
            busy.set(true);
            let navigate = navigate.clone();
            let provider_name = provider.name.clone();
            spawn_local(async move {
                let result = bookings.submit(&booking).await;
                // A booking that waited in the outbox may be answered after
                // the form was left.
                if busy.try_set(false).is_some() {
                    return;
                }
                match result {
                    Ok(made) => {
                        chat.open_after_booking(OpenChat {
                            room: made.room(),
                            booking: made.id.clone(),
                            provider: made.provider.clone(),
                            provider_name,
                            source: made.source,
                        });
                        navigate("/bookings", Default::default());
                    }
                    Err(e) => server_error.set(Some(e)),
                }
            });
        }
    };

    // A field shows the browser's own check first, then what the server said of it.
    let message_for = move |pick: fn(&BookingErrors) -> Option<String>,
                            fields: &'static [&'static str]| {
        Signal::derive(move || server_error.with(|s| field_message(errors.with(pick), s, fields)))
    };
    let name_error = message_for(
        |e| e.name.as_ref().map(ToString::to_string),
        &["customerName"],
    );
    let phone_error = message_for(
        |e| e.whatsapp.as_ref().map(ToString::to_string),
        &["customerWhatsApp"],
    );
    let when_error = message_for(
        |e| e.scheduled_at.as_ref().map(ToString::to_string),
        &["scheduledAt"],
    );
    let minutes_error = message_for(
        |e| e.minutes.as_ref().map(ToString::to_string),
        &["minutes", "price"],
    );
    let form_error = Signal::derive(move || {
        server_error.with(|s| {
            s.as_ref()
                .filter(|e| FIELDS.iter().all(|f| e.field(f).is_none()))
                .map(BackendError::user_message)
        })
    });
    let show = |message: Signal<Option<String>>, id: &'static str| {
        move || {
            message
                .get()
                .map(|m| view! { <p class="field-error" id=id role="alert">{m}</p> })
        }
    };
    let zone = provider.timezone.clone();

    view! {
        <section class="page narrow">
            <h1>"Book " {provider.name.clone()}</h1>
            <form class="form" on:submit=submit novalidate data-testid="booking-form">
                <label for="minutes">"Duration"</label>
                <select id="minutes" name="minutes" aria-describedby="minutes-error"
                    on:change=move |ev| minutes.set(event_target_value(&ev).parse().unwrap_or_default())
                    prop:value=move || minutes.get().to_string()>
                    {services.iter().map(|s| view! {
                        <option value=s.minutes.to_string()>{format!("{} min · {}", s.minutes, s.price)}</option>
                    }).collect_view()}
                </select>
                {show(minutes_error, "minutes-error")}
                <fieldset class="mode">
                    <legend>"Timing"</legend>
                    <label class="checkbox">
                        <input type="radio" name="mode" value="immediate"
                            prop:checked=move || mode.get() == BookingMode::Immediate
                            on:change=move |_| mode.set(BookingMode::Immediate) />
                        "As soon as possible"
                    </label>
                    <label class="checkbox">
                        <input type="radio" name="mode" value="scheduled"
                            prop:checked=move || mode.get() == BookingMode::Scheduled
                            on:change=move |_| mode.set(BookingMode::Scheduled) />
                        "At a set time"
                    </label>
                </fieldset>
                {move || (mode.get() == BookingMode::Scheduled)
                    .then(|| view! { <ScheduleField value=when provider_zone=zone.clone() error=when_error /> })}
                <label for="name">"Your name"</label>
                <input id="name" name="name" autocomplete="name" aria-describedby="name-error"
                    value=default_name node_ref=name />
                {show(name_error, "name-error")}
                <label for="whatsapp">"WhatsApp number"</label>
                <input id="whatsapp" name="whatsapp" type="tel" autocomplete="tel" placeholder="0812 3456 7890"
                    aria-describedby="whatsapp-error" node_ref=whatsapp />
                {show(phone_error, "whatsapp-error")}
                {show(form_error, "form-error")}
                <button class="button" type="submit" disabled=busy data-testid="submit-booking">
                    {move || if busy.get() { "Booking…".to_owned() } else { format!("Book for {}", price.get()) }}
                </button>
            </form>
        </section>
    }
}
