//! Something whose code is loaded the first time it is used: the loader
//! wraps a lazily loaded code chunk (`#[leptos::lazy]`), so what only some
//! pages need (sign-in, bookings, the admin dashboard) costs nothing at
//! start-up.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

pub type LoadFuture<T> = Pin<Box<dyn Future<Output = Rc<T>>>>;

/// A capability of type `T`, loaded once on first [`OnDemand::get`].
pub struct OnDemand<T: ?Sized> {
    load: Rc<dyn Fn() -> LoadFuture<T>>,
    loaded: Rc<RefCell<Option<Rc<T>>>>,
}

impl<T: ?Sized> Clone for OnDemand<T> {
    fn clone(&self) -> Self {
        Self {
            load: self.load.clone(),
            loaded: self.loaded.clone(),
        }
    }
}

impl<T: ?Sized + 'static> OnDemand<T> {
    pub fn new(load: impl Fn() -> LoadFuture<T> + 'static) -> Self {
        Self {
            load: Rc::new(load),
            loaded: Rc::new(RefCell::new(None)),
        }
    }

    /// Already loaded (tests, and capabilities that are cheap to carry).
    pub fn ready(value: Rc<T>) -> Self {
        Self {
            load: Rc::new(|| unreachable!("a ready capability is never loaded")),
            loaded: Rc::new(RefCell::new(Some(value))),
        }
    }

    /// The capability, loading it on first use.
    pub async fn get(&self) -> Rc<T> {
        if let Some(loaded) = self.loaded.borrow().clone() {
            return loaded;
        }
        let value = (self.load)().await;
        *self.loaded.borrow_mut() = Some(value.clone());
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
}
