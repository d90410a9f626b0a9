//! Something whose code is loaded the first time it is used: the loader
//! wraps a lazily loaded code chunk (`#[leptos::lazy]`), so what only some
//! pages need (sign-in, bookings, the admin dashboard) costs nothing at
//! start-up.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use futures::future::{FutureExt, Shared};

pub type LoadFuture<T> = Pin<Box<dyn Future<Output = Rc<T>>>>;

/// Where a capability's loading stands.
enum State<T: ?Sized> {
    Idle,
    /// On its way: every caller meanwhile waits for this one load, so two
    /// parts that ask at once (the realtime client, for the directory and
    /// the inbox at start-up) share one capability rather than making two.
    Loading(Shared<LoadFuture<T>>),
    Ready(Rc<T>),
}

/// A capability of type `T`, loaded once on first [`OnDemand::get`].
pub struct OnDemand<T: ?Sized> {
    load: Rc<dyn Fn() -> LoadFuture<T>>,
    state: Rc<RefCell<State<T>>>,
}

impl<T: ?Sized> Clone for OnDemand<T> {
    fn clone(&self) -> Self {
        Self {
            load: self.load.clone(),
            state: self.state.clone(),
        }
    }
}

impl<T: ?Sized + 'static> OnDemand<T> {
    pub fn new(load: impl Fn() -> LoadFuture<T> + 'static) -> Self {
        Self {
            load: Rc::new(load),
            state: Rc::new(RefCell::new(State::Idle)),
        }
    }

    /// Already loaded (tests, and capabilities that are cheap to carry).
    pub fn ready(value: Rc<T>) -> Self {
        Self {
            load: Rc::new(|| unreachable!("a ready capability is never loaded")),
            state: Rc::new(RefCell::new(State::Ready(value))),
        }
    }

    /// The capability, loading it on first use (once, however many ask
    /// while it loads).
    pub async fn get(&self) -> Rc<T> {
        let loading = {
            let mut state = self.state.borrow_mut();
            match &*state {
                State::Ready(value) => return value.clone(),
                State::Loading(loading) => loading.clone(),
                State::Idle => {
                    let loading = (self.load)().shared();
                    *state = State::Loading(loading.clone());
                    loading
                }
            }
        };
        let value = loading.await;
        *self.state.borrow_mut() = State::Ready(value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use std::cell::Cell;

    #[test]
    fn loads_once_and_then_reuses() {
        let loads = Rc::new(Cell::new(0));
        let counter = loads.clone();
        let lazy: OnDemand<u32> = OnDemand::new(move || {
            counter.set(counter.get() + 1);
            Box::pin(async { Rc::new(7) })
        });
        assert_eq!(*block_on(lazy.get()), 7);
        assert_eq!(*block_on(lazy.clone().get()), 7);
        assert_eq!(loads.get(), 1, "clones share the loaded value");
    }

    #[test]
    fn callers_that_ask_while_it_loads_share_the_one_load() {
        let loads = Rc::new(Cell::new(0));
        let counter = loads.clone();
        let lazy: OnDemand<u32> = OnDemand::new(move || {
            counter.set(counter.get() + 1);
            // Not ready at the first poll, as a code chunk on its way.
            let mut first = true;
            Box::pin(futures::future::poll_fn(move |cx| {
                if std::mem::take(&mut first) {
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                } else {
                    std::task::Poll::Ready(Rc::new(7))
                }
            }))
        });
        let (a, b) = block_on(futures::future::join(lazy.get(), lazy.clone().get()));
        assert_eq!((*a, *b), (7, 7));
        assert!(Rc::ptr_eq(&a, &b), "one value for both");
        assert_eq!(loads.get(), 1, "loaded once");
    }
}
