//! The timeline's rows cut into segments, each a contiguous run that keeps
//! its id for as long as its messages are held, so a page of older messages
//! is one new segment in front rather than fifty new rows in front.
//!
//! Why: Leptos's keyed list moves every row after a multi-row insertion at
//! its front (its diff groups the shifted rows with the first moved one), so
//! prepending 50 rows to 450 re-inserted all 500 in the DOM: a full restyle
//! and relayout of the list. Inserting one segment moves nothing, and inside
//! a segment rows only ever join at the end or change in place.
//!
//! An older page is cut into segments of at most `chunk` messages, so it can
//! go into the DOM a few rows per frame (see `reveal`).

use std::collections::HashMap;
use std::hash::Hash;

/// A run of rows and its id. Ids only order segments within one split.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<R> {
    pub id: i64,
    pub rows: Vec<R>,
}

/// Remembers which segment each held message is in, between splits.
#[derive(Debug)]
pub struct Segments<K> {
    of: HashMap<K, i64>,
    next_id: i64,
    /// The most messages in a segment of an older page.
    chunk: usize,
}

impl<K> Default for Segments<K> {
    /// Older pages uncut.
    fn default() -> Self {
        Self::new(usize::MAX)
    }
}

impl<K> Segments<K> {
    /// Cuts older pages into segments of at most `chunk` messages.
    pub fn new(chunk: usize) -> Self {
        Self {
            of: HashMap::new(),
            next_id: 0,
            chunk: chunk.max(1),
        }
    }
}

impl<K: Clone + Eq + Hash> Segments<K> {
    /// Cuts `rows` (in timeline order) into segments. `key` names the
    /// message of a row; rows without one (day separators, the unread
    /// marker) go with the message after them, or the last message when none
    /// follows. Messages before the first one already held form a new
    /// segment; later new messages join the segment of the message before
    /// them; when none is held any more, everything is one new segment.
    pub fn split<R>(&mut self, rows: Vec<R>, key: impl Fn(&R) -> Option<&K>) -> Vec<Segment<R>> {
        let first_held = rows
            .iter()
            .find_map(|r| key(r).and_then(|k| self.of.get(k)).copied());
        // Older than everything held (or all new): one fresh segment.
        let fresh = self.new_id();
        let mut current = fresh;
        let mut seen_held = false;
        let mut in_current = 0;
        // The segment of each row, decided by its message, or by the next
        // message for rows without one.
        let mut ids = vec![None; rows.len()];
        for (i, row) in rows.iter().enumerate() {
            let Some(k) = key(row) else { continue };
            match (first_held, self.of.get(k)) {
                (Some(_), Some(&id)) => {
                    seen_held = true;
                    current = id;
                }
                // Before the first held message: a fresh segment, a new one
                // every `chunk` messages; after it, the segment of the
                // message before.
                (Some(_), None) if !seen_held => {
                    if in_current == self.chunk {
                        current = self.new_id();
                        in_current = 0;
                    }
                    in_current += 1;
                }
                _ if !seen_held => current = fresh,
                _ => {}
            }
            ids[i] = Some(current);
        }
        let mut next = ids.iter().rev().flatten().next().copied().unwrap_or(fresh);
        for id in ids.iter_mut().rev() {
            match id {
                Some(known) => next = *known,
                None => *id = Some(next),
            }
        }

        let mut segments: Vec<Segment<R>> = Vec::new();
        let mut of = HashMap::with_capacity(rows.len());
        for (row, id) in rows.into_iter().zip(ids) {
            let id = id.unwrap_or(fresh);
            if let Some(k) = key(&row) {
                of.insert(k.clone(), id);
            }
            match segments.last_mut() {
                Some(last) if last.id == id => last.rows.push(row),
                _ => segments.push(Segment {
                    id,
                    rows: vec![row],
                }),
            }
        }
        self.of = of;
        segments
    }

    fn new_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message row (`Some(id)`) or a separator (`None`).
    type Row = Option<&'static str>;

    fn split(s: &mut Segments<&'static str>, rows: &[Row]) -> Vec<Vec<Row>> {
        s.split(rows.to_vec(), |r| r.as_ref())
            .into_iter()
            .map(|seg| seg.rows)
            .collect()
    }

    fn ids(s: &mut Segments<&'static str>, rows: &[Row]) -> Vec<i64> {
        s.split(rows.to_vec(), |r| r.as_ref())
            .into_iter()
            .map(|seg| seg.id)
            .collect()
    }

    #[test]
    fn the_first_rows_are_one_segment() {
        let mut s = Segments::default();
        assert_eq!(
            split(&mut s, &[None, Some("a"), Some("b")]),
            vec![vec![None, Some("a"), Some("b")]]
        );
    }

    #[test]
    fn an_older_page_is_one_new_segment_in_front_and_the_held_one_keeps_its_id() {
        let mut s = Segments::default();
        let first = ids(&mut s, &[None, Some("c"), Some("d")]);
        let after = ids(&mut s, &[None, Some("a"), Some("b"), Some("c"), Some("d")]);
        assert_eq!(after.len(), 2);
        assert_eq!(after[1], first[0], "the held segment keeps its id");
        assert_ne!(after[0], first[0]);
        assert_eq!(
            split(&mut s, &[None, Some("a"), Some("b"), Some("c"), Some("d")]),
            vec![vec![None, Some("a"), Some("b")], vec![Some("c"), Some("d")]],
            "the day separator goes with the message after it"
        );
    }

    #[test]
    fn an_older_page_is_cut_into_segments_of_at_most_chunk_messages() {
        let mut s = Segments::new(2);
        let held = ids(&mut s, &[Some("e")]);
        let page = [
            None,
            Some("a"),
            Some("b"),
            Some("c"),
            None,
            Some("d"),
            Some("e"),
        ];
        assert_eq!(
            split(&mut s, &page),
            vec![
                vec![None, Some("a"), Some("b")],
                vec![Some("c"), None, Some("d")],
                vec![Some("e")]
            ]
        );
        // Split again, the cut pieces keep their ids.
        let after = ids(&mut s, &page);
        assert_eq!(after.len(), 3);
        assert_eq!(after[2], held[0]);
    }

    #[test]
    fn the_first_rows_and_a_jump_are_one_segment_however_many() {
        let mut s = Segments::new(2);
        assert_eq!(ids(&mut s, &[Some("a"), Some("b"), Some("c")]).len(), 1);
        assert_eq!(ids(&mut s, &[Some("x"), Some("y"), Some("z")]).len(), 1);
    }

    #[test]
    fn new_messages_at_the_newest_end_join_the_last_segment() {
        let mut s = Segments::default();
        ids(&mut s, &[Some("c"), Some("d")]);
        ids(&mut s, &[Some("a"), Some("b"), Some("c"), Some("d")]);
        assert_eq!(
            split(
                &mut s,
                &[Some("a"), Some("b"), Some("c"), Some("d"), None, Some("e")]
            ),
            vec![
                vec![Some("a"), Some("b")],
                vec![Some("c"), Some("d"), None, Some("e")]
            ]
        );
    }

    #[test]
    fn a_message_arriving_in_the_middle_joins_the_segment_before_it() {
        let mut s = Segments::default();
        ids(&mut s, &[Some("c"), Some("d")]);
        let before = ids(&mut s, &[Some("a"), Some("b"), Some("c"), Some("d")]);
        let after = ids(
            &mut s,
            &[Some("a"), Some("b"), Some("bb"), Some("c"), Some("d")],
        );
        assert_eq!(after, before);
        assert_eq!(
            split(
                &mut s,
                &[Some("a"), Some("b"), Some("bb"), Some("c"), Some("d")]
            ),
            vec![
                vec![Some("a"), Some("b"), Some("bb")],
                vec![Some("c"), Some("d")]
            ]
        );
    }

    #[test]
    fn trimming_either_end_keeps_the_ids_of_what_is_left() {
        let mut s = Segments::default();
        ids(&mut s, &[Some("c"), Some("d")]);
        let both = ids(&mut s, &[Some("a"), Some("b"), Some("c"), Some("d")]);
        assert_eq!(ids(&mut s, &[Some("b"), Some("c")]), both);
        assert_eq!(ids(&mut s, &[Some("c")]), vec![both[1]]);
    }

    #[test]
    fn when_nothing_held_is_left_everything_is_one_new_segment() {
        let mut s = Segments::default();
        let old = ids(&mut s, &[Some("a"), Some("b")]);
        let new = ids(&mut s, &[Some("x"), Some("y")]);
        assert_eq!(new.len(), 1);
        assert!(!old.contains(&new[0]));
    }

    #[test]
    fn trailing_separators_go_with_the_last_message_and_no_messages_make_one_segment() {
        let mut s = Segments::default();
        assert_eq!(
            split(&mut s, &[Some("a"), None]),
            vec![vec![Some("a"), None]]
        );
        assert_eq!(split(&mut s, &[None]), vec![vec![None]]);
        assert!(split(&mut s, &[]).is_empty());
    }
}
