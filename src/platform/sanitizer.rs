//! The HTML sanitizer, run in a web worker so its parser (ammonia, about
//! 210 KB compressed) is not part of the first load. The worker starts on the
//! first request and stays up; requests made while it loads wait in a queue.
//!
//! [`SanitizedHtml`] can only be made here, from the worker's answer, and it
//! is the only thing `ui::safe_html` will put into `inner_html`.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use janji_sanitizer::protocol::{Job, READY};
use thiserror::Error;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, Worker};

/// Where Trunk puts the worker's loader (an absolute path: the page may be
/// on a nested route).
const WORKER_URL: &str = "/sanitizer_loader.js";

/// HTML that went through the app's allowlist (`janji_sanitizer::policy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizedHtml(String);

impl SanitizedHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SanitizerError {
    #[error("the sanitizer could not start: {0}")]
    Unavailable(String),
    #[error("the sanitizer stopped before answering")]
    Dropped,
}

type Reply = oneshot::Sender<Result<SanitizedHtml, SanitizerError>>;

enum Phase {
    NotStarted,
    Loading { queue: Vec<String> },
    Ready,
    Failed(String),
}

struct Inner {
    phase: Phase,
    worker: Option<Worker>,
    pending: Vec<(u32, Reply)>,
    next_id: u32,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

/// A handle to the sanitizer worker; clones share one worker.
#[derive(Clone)]
pub struct Sanitizer {
    inner: Rc<RefCell<Inner>>,
}

impl Default for Sanitizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Sanitizer {
    pub fn new() -> Self {
        let inner = Inner {
            phase: Phase::NotStarted,
            worker: None,
            pending: Vec::new(),
            next_id: 0,
            _on_message: None,
            _on_error: None,
        };
        Self {
            inner: Rc::new(RefCell::new(inner)),
        }
    }

    /// Sanitizes `untrusted`, starting the worker on first use.
    pub async fn sanitize(&self, untrusted: &str) -> Result<SanitizedHtml, SanitizerError> {
        let (tx, rx) = oneshot::channel();
        let message = {
            let mut inner = self.inner.borrow_mut();
            if let Phase::Failed(reason) = &inner.phase {
                return Err(SanitizerError::Unavailable(reason.clone()));
            }
            inner.next_id = inner.next_id.wrapping_add(1);
            let id = inner.next_id;
            inner.pending.push((id, tx));
            serde_json::to_string(&Job {
                id,
                html: untrusted.to_owned(),
            })
            .map_err(|e| SanitizerError::Unavailable(e.to_string()))?
        };
        self.start_if_needed();
        self.post_or_queue(message);
        rx.await.unwrap_or(Err(SanitizerError::Dropped))
    }

    fn start_if_needed(&self) {
        if !matches!(self.inner.borrow().phase, Phase::NotStarted) {
            return;
        }
        let worker = match Worker::new(WORKER_URL) {
            Ok(worker) => worker,
            Err(_) => return self.fail("the browser refused to start the worker".into()),
        };
        let me = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(text) = e.data().as_string() {
                me.on_message(&text);
            }
        });
        let me = self.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            me.fail("the worker failed to load".into());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker);
        inner.phase = Phase::Loading { queue: Vec::new() };
        inner._on_message = Some(on_message);
        inner._on_error = Some(on_error);
    }

    fn post_or_queue(&self, message: String) {
        let mut inner = self.inner.borrow_mut();
        match &mut inner.phase {
            Phase::Loading { queue } => queue.push(message),
            Phase::Ready => {
                if let Some(worker) = &inner.worker {
                    post(worker, &message);
                }
            }
            Phase::NotStarted | Phase::Failed(_) => {}
        }
    }

    fn on_message(&self, text: &str) {
        if text == READY {
            let mut inner = self.inner.borrow_mut();
            let queued = match std::mem::replace(&mut inner.phase, Phase::Ready) {
                Phase::Loading { queue } => queue,
                _ => Vec::new(),
            };
            if let Some(worker) = &inner.worker {
                for message in queued {
                    post(worker, &message);
                }
            }
            return;
        }
        let Ok(job) = serde_json::from_str::<Job>(text) else {
            return;
        };
        let reply = {
            let mut inner = self.inner.borrow_mut();
            let pos = inner.pending.iter().position(|(id, _)| *id == job.id);
            pos.map(|pos| inner.pending.swap_remove(pos).1)
        };
        if let Some(reply) = reply {
            // The requester may have gone away (its view unmounted); that is fine.
            let _ = reply.send(Ok(SanitizedHtml(job.html)));
        }
    }

    fn fail(&self, reason: String) {
        let pending: Vec<Reply> = {
            let mut inner = self.inner.borrow_mut();
            inner.phase = Phase::Failed(reason.clone());
            if let Some(worker) = inner.worker.take() {
                worker.terminate();
            }
            inner.pending.drain(..).map(|(_, reply)| reply).collect()
        };
        for reply in pending {
            let _ = reply.send(Err(SanitizerError::Unavailable(reason.clone())));
        }
    }
}

fn post(worker: &Worker, message: &str) {
    // postMessage of a string cannot fail (strings are always cloneable).
    let _ = worker.post_message(&message.into());
}
