//! A message's text: as text, with links as anchors built here (never
//! HTML), and the warnings about it.

use leptos::prelude::*;

use crate::domain::message::links::{Flag, Segment, flags, segments};

/// The text as text; links become anchor elements built here, never HTML.
/// `server_flags` are the server's warnings for a stored message; a message
/// still on this device is judged here by the same rules.
#[component]
pub fn MessageBody(text: String, server_flags: Option<Vec<Flag>>) -> impl IntoView {
    let warnings = server_flags.unwrap_or_else(|| flags(&text));
    let mut parts = segments(&text);
    // Most messages are one plain text: shown as that alone, they need no
    // list (and no placeholder for an empty list of warnings).
    if warnings.is_empty() && parts.len() <= 1 {
        match parts.pop() {
            None => return view! { <span class="body"></span> }.into_any(),
            Some(Segment::Text(text)) => {
                return view! { <span class="body">{text}</span> }.into_any();
            }
            Some(link) => parts.push(link),
        }
    }
    let parts = parts
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(t) => t.into_any(),
            Segment::Link { text, href } => view! {
                <a href=href rel="noopener noreferrer" target="_blank">{text}</a>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <span class="body">{parts}</span>
        {warnings.into_iter().map(|f| view! { <span class="flag" data-testid="message-flag">"⚠ " {f.label()}</span> }).collect_view()}
    }
    .into_any()
}
