//! The sanitizer web worker: answers every [`Job`] with the same id and the
//! HTML cleaned by [`policy::clean`]. Built by Trunk as a separate module
//! (`data-type="worker"`), so ammonia is loaded only on first need.

use janji_sanitizer::policy;
use janji_sanitizer::protocol::{Job, READY};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replier = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else {
            return;
        };
        let Ok(mut job) = serde_json::from_str::<Job>(&text) else {
            return;
        };
        job.html = policy::clean(&job.html);
        if let Ok(answer) = serde_json::to_string(&job) {
            // Posting a string to the page cannot fail.
            let _ = replier.post_message(&answer.into());
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&READY.into());
}
