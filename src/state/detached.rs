//! Owners for app-wide state that outlives the view that first needs it
//! (the outbox, the inbox): a root of its own, so closing a window does not
//! dispose it.

use leptos::prelude::Owner;

/// A new root owner that does not become the current one. `Owner::new_root`
/// makes itself current, which would cut the calling component off from
/// its contexts (every `use_context` after it would find nothing).
pub fn detached_root() -> Owner {
    let caller = Owner::current();
    let root = Owner::new_root(None);
    match caller {
        Some(owner) => owner.set(),
        None => root.clone().unset(),
    }
    root
}
