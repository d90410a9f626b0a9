//! "3 waiting to send": what the outbox holds, while it holds anything, so
//! the user knows their messages are safe on the device and not lost.

use leptos::prelude::*;

use crate::state::outbox_status::OutboxStatus;

#[component]
pub fn OutboxPill(status: OutboxStatus) -> impl IntoView {
    let depth = status.depth();
    move || {
        let d = depth.get();
        (d.waiting + d.refused > 0).then(|| {
            let refused = (d.refused > 0).then(|| format!("{} not sent", d.refused));
            let waiting = (d.waiting > 0).then(|| format!("{} waiting to send", d.waiting));
            let text = [waiting, refused]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            view! { <div class="outbox-pill" role="status" data-testid="outbox-pill">{text}</div> }
        })
    }
}
