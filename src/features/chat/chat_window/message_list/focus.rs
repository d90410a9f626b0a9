//! Keeps the focus on a message whose item is rebuilt. An item is built anew
//! whenever what it shows changes (a receipt, an edit saved), and the browser
//! drops the focus of an element that leaves the page. A reader moving
//! through the timeline by keyboard, or typing in a message's edit box,
//! would find the focus gone and the keys typed next lost.

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::html::Ol;
use leptos::prelude::*;

use crate::domain::ids::MessageId;
use crate::platform::item_at::{focus_item, focus_spot, page_has_focus, refocus, when_focus_left};
use crate::platform::scroll_anchor::before_next_paint;

use super::keys::Move;

/// Where the focus was in the timeline: a message, and the label of the
/// control in it that had the focus (none for the message itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot<K> {
    pub item: K,
    pub control: Option<String>,
}

/// The spot that has the focus, kept while its element is replaced.
#[derive(Debug)]
pub struct FocusedItem<K>(Option<Spot<K>>);

impl<K> Default for FocusedItem<K> {
    fn default() -> Self {
        Self(None)
    }
}

impl<K> FocusedItem<K> {
    /// The focus moved to `spot` in the timeline (`None`: the list itself,
    /// or something in it that is not a message).
    pub fn entered(&mut self, spot: Option<Spot<K>>) {
        self.0 = spot;
    }

    /// The focus left an element, and `still_in_page` says whether the
    /// element is still in the page once the change is done. One that is
    /// lost the focus to the reader (a click elsewhere, another window); one
    /// that is not left with its item, and the spot is kept for the item
    /// built in its place.
    pub fn left(&mut self, still_in_page: bool) {
        if still_in_page {
            self.0 = None;
        }
    }

    /// Whether a spot is kept: without one there is nothing to give back.
    pub fn holds(&self) -> bool {
        self.0.is_some()
    }

    /// After the rows changed: the spot to give the focus back to, when the
    /// page has lost it. It is handed out once.
    pub fn lost(&mut self, page_has_focus: bool) -> Option<Spot<K>> {
        if page_has_focus { None } else { self.0.take() }
    }
}

/// The timeline's focus: moving it by key (`keys`), and keeping it on a
/// message that is rebuilt. The list hands it its focus and key events.
#[derive(Debug, Clone, Copy)]
pub struct TimelineFocus {
    list: NodeRef<Ol>,
    focused: StoredValue<FocusedItem<MessageId>>,
}

impl TimelineFocus {
    pub fn new(list: NodeRef<Ol>) -> Self {
        Self {
            list,
            focused: StoredValue::new(FocusedItem::default()),
        }
    }

    /// A `focusin` in the list: notes where the focus went.
    pub fn entered(self, ev: &FocusEvent) {
        let spot = focus_spot(ev)
            .and_then(|(id, control)| MessageId::parse(id).ok().map(|item| Spot { item, control }));
        self.focused.update_value(|f| f.entered(spot));
    }

    /// A `focusout` in the list: an element that left the page with the
    /// focus (its message rebuilt, an edit cancelled) has it given back.
    pub fn left(self, ev: &FocusEvent) {
        when_focus_left(ev, move |in_page| {
            self.focused.update_value(|f| f.left(in_page));
            if !in_page {
                self.restore();
            }
        });
    }

    /// Gives the focus back, after the pending DOM updates, when the page
    /// lost it with an element of the timeline: to the same control of the
    /// same message, to the message when that control is gone, or to the
    /// list when the message is gone too.
    pub fn restore(self) {
        // Called on every change of the rows (each live message): a frame
        // callback only while the timeline holds a spot.
        if !self
            .focused
            .try_with_value(FocusedItem::holds)
            .unwrap_or(false)
        {
            return;
        }
        before_next_paint(move || {
            // The list may be gone by then (the window closed): its handles
            // answer `None` rather than being read after their disposal.
            let lost = self.focused.try_update_value(|f| f.lost(page_has_focus()));
            if let Some(Some(spot)) = lost
                && let Some(el) = self.list.try_get_untracked().flatten()
            {
                refocus(&el, spot.item.as_str(), spot.control.as_deref());
            }
        });
    }

    /// A key pressed in the list: the arrow keys, Home and End move the
    /// focus between messages, and the browser does not also scroll.
    pub fn key(self, ev: &KeyboardEvent) {
        let Some(mv) = Move::from_key(&ev.key()) else {
            return;
        };
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        if let Some(el) = self.list.try_get_untracked().flatten()
            && focus_item(&el, ev, |from, len| mv.target(from, len))
        {
            ev.prevent_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(item: &'static str, control: Option<&str>) -> Option<Spot<&'static str>> {
        Some(Spot {
            item,
            control: control.map(str::to_owned),
        })
    }

    #[test]
    fn a_message_rebuilt_under_the_focus_gets_it_back() {
        let mut focused = FocusedItem::default();
        focused.entered(spot("a", None));
        // Its element left the page with the old item.
        focused.left(false);
        assert_eq!(focused.lost(false), spot("a", None));
        assert_eq!(focused.lost(false), None);
    }

    #[test]
    fn an_edit_box_rebuilt_under_the_focus_is_named_by_its_label() {
        let mut focused = FocusedItem::default();
        focused.entered(spot("a", Some("Edit message")));
        assert_eq!(focused.lost(false), spot("a", Some("Edit message")));
    }

    #[test]
    fn focus_the_reader_moved_away_is_not_taken_back() {
        let mut focused = FocusedItem::default();
        focused.entered(spot("a", None));
        focused.left(true);
        assert_eq!(focused.lost(false), None);
    }

    #[test]
    fn nothing_is_given_back_while_the_page_has_the_focus() {
        let mut focused = FocusedItem::default();
        focused.entered(spot("a", None));
        assert_eq!(focused.lost(true), None);
        // Still kept, for a rebuild that comes later.
        assert_eq!(focused.lost(false), spot("a", None));
    }

    #[test]
    fn the_list_itself_is_no_spot() {
        let mut focused = FocusedItem::<&str>::default();
        focused.entered(None);
        assert!(!focused.holds());
        assert_eq!(focused.lost(false), None);
    }

    #[test]
    fn a_spot_is_held_until_it_is_given_back() {
        let mut focused = FocusedItem::default();
        focused.entered(spot("a", None));
        assert!(focused.holds());
        focused.lost(false);
        assert!(!focused.holds());
    }
}
