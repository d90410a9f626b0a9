//! Which of the timeline's segments are in the DOM. A page of older messages
//! arrives as several segments in front of the shown ones; building all of
//! them in one frame takes longer than a frame on a slow phone, so the one
//! nearest the shown rows goes in at once and the rest wait, to go in one
//! per frame, nearest first, each kept still for the reader by the scroll
//! anchor.

use std::collections::HashSet;

/// The shown segments and the ids of the last split.
#[derive(Debug, Default)]
pub struct Reveal {
    shown: HashSet<i64>,
    ids: Vec<i64>,
}

impl Reveal {
    /// Takes the segment ids of a new split (in timeline order) and returns
    /// the ones to show. With nothing shown still there (the first rows, or
    /// a jump elsewhere), all are shown. New segments in front of the shown
    /// ones wait, but for the one nearest them; new segments anywhere else
    /// (newer messages, a newer page) are shown at once.
    pub fn visible(&mut self, ids: &[i64]) -> Vec<i64> {
        self.shown.retain(|id| ids.contains(id));
        match ids.iter().position(|id| self.shown.contains(id)) {
            None => self.shown.extend(ids.iter().copied()),
            Some(first_shown) => {
                let behind = ids[first_shown..].iter().copied();
                self.shown.extend(behind);
                if first_shown > 0 && !self.ids.contains(&ids[first_shown - 1]) {
                    self.shown.insert(ids[first_shown - 1]);
                }
            }
        }
        self.ids = ids.to_vec();
        self.shown_ids()
    }

    /// Shows the waiting segment nearest the shown ones. False when none
    /// was waiting.
    pub fn step(&mut self) -> bool {
        let Some(next) = self.ids.iter().rev().find(|id| !self.shown.contains(id)) else {
            return false;
        };
        self.shown.insert(*next);
        true
    }

    /// Whether segments are waiting to be shown.
    pub fn waiting(&self) -> bool {
        self.ids.iter().any(|id| !self.shown.contains(id))
    }

    /// The shown ids, in timeline order.
    pub fn shown_ids(&self) -> Vec<i64> {
        self.ids
            .iter()
            .copied()
            .filter(|id| self.shown.contains(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_segments_are_all_shown_at_once() {
        let mut r = Reveal::default();
        assert_eq!(r.visible(&[1, 2, 3]), vec![1, 2, 3]);
        assert!(!r.waiting());
    }

    #[test]
    fn an_older_page_shows_its_nearest_segment_and_the_rest_one_step_at_a_time_nearest_first() {
        let mut r = Reveal::default();
        r.visible(&[1]);
        assert_eq!(r.visible(&[4, 3, 2, 1]), vec![2, 1]);
        assert!(r.waiting());
        assert!(r.step());
        assert_eq!(r.shown_ids(), vec![3, 2, 1]);
        assert!(r.step());
        assert_eq!(r.shown_ids(), vec![4, 3, 2, 1]);
        assert!(!r.waiting());
        assert!(!r.step());
    }

    #[test]
    fn a_split_while_segments_wait_keeps_them_waiting() {
        let mut r = Reveal::default();
        r.visible(&[1]);
        r.visible(&[3, 2, 1]);
        // A new message joins the newest segment: the split's ids repeat.
        assert_eq!(r.visible(&[3, 2, 1]), vec![2, 1]);
        assert!(r.waiting());
    }

    #[test]
    fn a_further_older_page_waits_behind_the_waiting_one() {
        let mut r = Reveal::default();
        r.visible(&[1]);
        r.visible(&[3, 2, 1]);
        assert_eq!(r.visible(&[5, 4, 3, 2, 1]), vec![2, 1]);
        let mut order = Vec::new();
        while r.step() {
            order.push(r.shown_ids()[0]);
        }
        assert_eq!(order, vec![3, 4, 5]);
    }

    #[test]
    fn newer_segments_are_shown_at_once() {
        let mut r = Reveal::default();
        r.visible(&[1]);
        assert_eq!(r.visible(&[1, 2, 3]), vec![1, 2, 3]);
        assert!(!r.waiting());
    }

    #[test]
    fn a_jump_elsewhere_shows_everything_at_once() {
        let mut r = Reveal::default();
        r.visible(&[1]);
        r.visible(&[3, 2, 1]);
        assert_eq!(r.visible(&[7, 8]), vec![7, 8]);
        assert!(!r.waiting());
    }
}
