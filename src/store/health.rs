//! How the device's storage is doing, for the notice the app shows: fine,
//! running on memory (no IndexedDB), waiting for other tabs to let an
//! upgrade through, outdated by a newer tab, or out of space (caches were
//! cleared to keep what waits to be sent).
//!
//! The store reports; the state layer listens and shows it. Plain Rust, so
//! the store needs no UI framework.

use std::cell::RefCell;
use std::rc::Rc;

/// The storage's state, worst news last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageHealth {
    Fine,
    /// The browser refused storage: data lives in this tab's memory only.
    MemoryOnly(String),
    /// An upgrade of the database waits for other tabs with the old
    /// version to close.
    UpgradeBlocked,
    /// The quota ran out; caches were cleared, oldest first, and what waits
    /// to be sent was kept.
    CachesEvicted,
    /// Another tab opened a newer version of the database; this tab closed
    /// its connection and should be reloaded.
    Outdated,
}

type Listener = Rc<dyn Fn(&StorageHealth)>;

thread_local! {
    static STATE: RefCell<(StorageHealth, Vec<Listener>)> = const {
        RefCell::new((StorageHealth::Fine, Vec::new()))
    };
}

/// The storage's state now.
pub fn current() -> StorageHealth {
    STATE.with(|s| s.borrow().0.clone())
}

/// Records a new state and tells the listeners. `Outdated` is final for
/// this page: nothing but a reload makes storage usable again.
pub fn report(health: StorageHealth) {
    let listeners = STATE.with(|s| {
        let mut s = s.borrow_mut();
        if s.0 == health || s.0 == StorageHealth::Outdated {
            return Vec::new();
        }
        s.0 = health.clone();
        s.1.clone()
    });
    for listener in listeners {
        listener(&health);
    }
}

/// Calls `f` with every change from now on.
pub fn watch(f: Listener) {
    STATE.with(|s| s.borrow_mut().1.push(f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn listeners_hear_changes_once_and_outdated_is_final() {
        let heard = Rc::new(Cell::new(0));
        let h = heard.clone();
        watch(Rc::new(move |_| h.set(h.get() + 1)));
        report(StorageHealth::CachesEvicted);
        report(StorageHealth::CachesEvicted);
        assert_eq!(heard.get(), 1, "the same news twice is told once");
        report(StorageHealth::Outdated);
        report(StorageHealth::Fine);
        assert_eq!(current(), StorageHealth::Outdated);
        assert_eq!(heard.get(), 2);
    }
}
