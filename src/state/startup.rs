//! When the app's background start-up work may begin. The directory's
//! refresh, the Monitor's services and the provider page's preload are
//! wanted soon, but no page the app opened on waits for them; started at
//! once, they take the main thread and the network from the page being
//! opened (a conversation's address, from the device's cache, is the case
//! that shows it). So they wait until that page has shown its first content,
//! or until [`BACKGROUND_AFTER`] has passed, whichever comes first. Every
//! page says when: a page whose content comes with it (a form, the
//! dashboard) as it is made, the home page when its providers are in, a
//! conversation when its messages are. The time limit is for a page that
//! never gets there (one whose data cannot be had).

use std::cell::{Cell, RefCell};
use std::time::Duration;

use futures::channel::oneshot;
use futures::future::select;

use crate::platform::scroll_anchor::{before_next_paint, next_task};
use crate::platform::sleep::sleep;
use crate::resilience::clock::SleepFuture;

/// The longest the background work waits for the first page's content.
pub const BACKGROUND_AFTER: Duration = Duration::from_millis(1500);

/// Opens once, for every waiter: the first of "shown" and their timeout.
#[derive(Debug, Default)]
pub struct Gate {
    open: Cell<bool>,
    /// A page has said it is shown: the opening is on its way.
    shown: Cell<bool>,
    waiters: RefCell<Vec<oneshot::Sender<()>>>,
}

impl Gate {
    /// Opens the gate; later calls change nothing.
    pub fn open(&self) {
        if self.open.replace(true) {
            return;
        }
        for waiter in self.waiters.take() {
            // A waiter whose timeout came first has gone; nobody is left
            // to tell, which is no failure.
            let _ = waiter.send(());
        }
    }

    /// Whether this is the first report of a shown page. Only the first
    /// schedules the opening: a page whose content updates says it again.
    pub fn first_shown(&self) -> bool {
        !self.shown.replace(true)
    }

    pub fn is_open(&self) -> bool {
        self.open.get()
    }

    /// What a waiter awaits: the gate's opening, unless it is open already.
    fn waiter(&self) -> Option<oneshot::Receiver<()>> {
        if self.open.get() {
            return None;
        }
        let (tx, rx) = oneshot::channel();
        self.waiters.borrow_mut().push(tx);
        Some(rx)
    }
}

/// Completes when the gate of `waiter` opens or `timeout` completes,
/// whichever is first; at once when there is no waiter (the gate was open).
async fn opened(waiter: Option<oneshot::Receiver<()>>, timeout: SleepFuture) {
    if let Some(rx) = waiter {
        // Either end means the wait is over: the gate opened (or was
        // dropped with the app), or the time is up.
        select(rx, timeout).await;
    }
}

thread_local! {
    /// One gate per page load: the app opens on one page, once.
    static GATE: Gate = Gate::default();
}

/// The page the app opened on has its first content in the DOM: the
/// background work may begin once that has been painted. Later calls (the
/// same page updating, other pages) change nothing.
pub fn page_shown() {
    if GATE.with(Gate::first_shown) {
        before_next_paint(|| next_task(|| GATE.with(Gate::open)));
    }
}

/// Completes once the first page has shown its content, or after
/// [`BACKGROUND_AFTER`].
pub async fn background_turn() {
    let waiter = GATE.with(Gate::waiter);
    opened(waiter, Box::pin(sleep(BACKGROUND_AFTER))).await;
}

/// Completes once what is in the DOM now has been painted, or after
/// [`BACKGROUND_AFTER`]: a hidden page paints no frame, and its work must
/// still go on.
pub async fn painted() {
    let (tx, rx) = oneshot::channel();
    before_next_paint(move || {
        next_task(move || {
            // The wait may have timed out and gone; nobody is left to tell.
            let _ = tx.send(());
        });
    });
    opened(Some(rx), Box::pin(sleep(BACKGROUND_AFTER))).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;
    use std::future::pending;

    fn never() -> SleepFuture {
        Box::pin(pending())
    }

    #[test]
    fn a_waiter_goes_on_when_the_page_is_shown() {
        let gate = Gate::default();
        let mut wait = Box::pin(opened(gate.waiter(), never()));
        assert!(wait.as_mut().now_or_never().is_none());
        gate.open();
        assert!(wait.now_or_never().is_some());
    }

    #[test]
    fn a_waiter_goes_on_after_its_timeout_when_no_page_says_it_is_shown() {
        let gate = Gate::default();
        let (done, timeout) = oneshot::channel::<()>();
        let mut wait = Box::pin(opened(
            gate.waiter(),
            Box::pin(async move {
                let _ = timeout.await;
            }),
        ));
        assert!(wait.as_mut().now_or_never().is_none());
        done.send(()).unwrap();
        assert!(wait.now_or_never().is_some());
        assert!(!gate.is_open());
    }

    #[test]
    fn once_open_a_new_waiter_does_not_wait_and_opening_again_changes_nothing() {
        let gate = Gate::default();
        gate.open();
        gate.open();
        assert!(gate.is_open());
        assert!(gate.waiter().is_none());
        assert!(opened(gate.waiter(), never()).now_or_never().is_some());
    }

    #[test]
    fn only_the_first_report_of_a_shown_page_is_news() {
        let gate = Gate::default();
        assert!(gate.first_shown());
        assert!(!gate.first_shown());
        assert!(!gate.is_open(), "the opening waits for the paint");
        gate.open();
        assert!(!gate.first_shown());
    }

    #[test]
    fn opening_tells_every_waiter_even_when_one_has_gone() {
        let gate = Gate::default();
        let gone = gate.waiter();
        drop(gone);
        let mut a = Box::pin(opened(gate.waiter(), never()));
        let mut b = Box::pin(opened(gate.waiter(), never()));
        assert!(a.as_mut().now_or_never().is_none());
        gate.open();
        assert!(a.now_or_never().is_some());
        assert!(b.as_mut().now_or_never().is_some());
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn painted_goes_on_after_the_next_frame_not_at_its_time_limit() {
        let framed = Rc::new(Cell::new(false));
        let seen = framed.clone();
        before_next_paint(move || seen.set(true));
        let started = js_sys::Date::now();
        painted().await;
        assert!(framed.get(), "painted() went on before the frame");
        let waited = js_sys::Date::now() - started;
        assert!(
            waited < BACKGROUND_AFTER.as_millis() as f64,
            "painted() waited for its time limit ({waited} ms), not for the frame"
        );
    }
}
