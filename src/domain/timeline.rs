//! The part of a room's history the chat holds: one unbroken run of the
//! server's messages, at most [`CAP`] of them, that grows at either end as
//! the reader scrolls and is trimmed at the far end.
//!
//! The flags say whether the server has messages beyond each end. A flag may
//! be `true` when nothing is left (a full last page), but never `false` when
//! something is: that is what lets the window page without gaps.

use super::ids::MessageId;
use super::message::Message;
use super::time::Millis;

/// Messages fetched per page, on opening and at either end.
pub const PAGE: usize = 50;
/// The most messages held (and so in the DOM) at once.
pub const CAP: usize = 500;

/// A message's place in the server's order: by creation time, then by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub created: Millis,
    pub id: MessageId,
}

impl Cursor {
    pub fn of(message: &Message) -> Self {
        Self {
            created: message.created,
            id: message.id.clone(),
        }
    }
}

/// Which page of a room to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRequest {
    /// The newest messages.
    Latest,
    /// The messages just before this one.
    Before(Cursor),
    /// The messages just after this one.
    After(Cursor),
}

/// What a live message did to the held run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// A message not seen before, now shown.
    New,
    /// A held message changed (an edit, a delete).
    Changed,
    /// A new message past the held newest end: it is counted, and shown when
    /// the reader pages down or jumps to the latest.
    Beyond,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    messages: Vec<Message>,
    more_older: bool,
    more_newer: bool,
    cap: usize,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::with_cap(CAP)
    }
}

impl Timeline {
    pub fn with_cap(cap: usize) -> Self {
        Self {
            messages: Vec::new(),
            more_older: true,
            more_newer: false,
            cap: cap.max(PAGE),
        }
    }

    /// The held messages, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// Whether the server may hold older messages than the oldest held.
    pub fn more_older(&self) -> bool {
        self.more_older
    }

    /// Whether newer messages than the newest held exist (the newest end was
    /// trimmed): the window is then not at the live end.
    pub fn more_newer(&self) -> bool {
        self.more_newer
    }

    pub fn contains(&self, id: &MessageId) -> bool {
        self.messages.iter().any(|m| &m.id == id)
    }

    pub fn oldest(&self) -> Option<Cursor> {
        self.messages.first().map(Cursor::of)
    }

    pub fn newest(&self) -> Option<Cursor> {
        self.messages.last().map(Cursor::of)
    }

    /// The next page to fetch towards older messages, if any may exist.
    pub fn older_request(&self) -> Option<PageRequest> {
        if !self.more_older {
            return None;
        }
        Some(
            self.oldest()
                .map_or(PageRequest::Latest, PageRequest::Before),
        )
    }

    /// The next page to fetch towards the live end, if the window left it.
    pub fn newer_request(&self) -> Option<PageRequest> {
        if !self.more_newer {
            return None;
        }
        Some(
            self.newest()
                .map_or(PageRequest::Latest, PageRequest::After),
        )
    }

    /// After the live stream was down: the page after the newest held
    /// message (repeat while pages come back full). None when the window is
    /// away from the live end, since paging down fetches those anyway.
    pub fn catch_up_request(&self) -> Option<PageRequest> {
        if self.more_newer {
            return None;
        }
        Some(
            self.newest()
                .map_or(PageRequest::Latest, PageRequest::After),
        )
    }

    /// The newest page: what a room opens with. Messages already held that
    /// are newer stay (a cached run merges with the network's).
    pub fn take_latest(&mut self, page: Vec<Message>) {
        // A full page that starts past the held newest end would leave a gap.
        let gap = page.len() >= PAGE
            && self
                .newest()
                .zip(page.first())
                .is_some_and(|(n, first)| Cursor::of(first) > n);
        if self.more_newer || gap {
            return self.reset_latest(page);
        }
        let full = page.len() >= PAGE;
        let was_empty = self.messages.is_empty();
        self.merge(page);
        if was_empty {
            self.more_older = full;
        }
        self.trim_oldest();
    }

    /// Replaces the run with the newest page ("jump to latest" after the
    /// newest end was trimmed).
    pub fn reset_latest(&mut self, page: Vec<Message>) {
        self.more_older = page.len() >= PAGE;
        self.more_newer = false;
        self.messages.clear();
        self.merge(page);
    }

    /// Replaces the run with the messages around one the reader jumps to (a
    /// search result, a quoted message): the page before it, it, and the
    /// page after it. The newest end is then usually not held.
    pub fn reset_around(&mut self, before: Vec<Message>, at: Message, after: Vec<Message>) {
        self.more_older = before.len() >= PAGE;
        self.more_newer = after.len() >= PAGE;
        self.messages.clear();
        self.merge(before);
        self.merge([at]);
        self.merge(after);
    }

    /// A page fetched with [`PageRequest::Before`] the oldest held message,
    /// the run unchanged meanwhile (tests page this way).
    #[cfg(test)]
    pub fn take_older(&mut self, page: Vec<Message>) {
        let (joins, more) = (self.oldest(), page.len() >= PAGE);
        self.take_older_joining(page, joins.as_ref(), more);
    }

    /// A page of older messages fetched to join the run before `joins`:
    /// the oldest message held when it was asked for. It
    /// joins only if that is still the oldest held, so a run trimmed at its
    /// older end meanwhile (a live message at the cap) never gets a gap.
    /// `more_beyond` says whether older messages than these may exist.
    /// Returns whether it joined.
    pub fn take_older_joining(
        &mut self,
        page: Vec<Message>,
        joins: Option<&Cursor>,
        more_beyond: bool,
    ) -> bool {
        if self.oldest().as_ref() != joins {
            return false;
        }
        self.more_older = more_beyond;
        self.merge(page);
        if self.messages.len() > self.cap {
            let extra = self.messages.len() - self.cap;
            self.messages.truncate(self.cap);
            self.more_newer |= extra > 0;
        }
        true
    }

    /// A page fetched with [`PageRequest::After`] the newest held message:
    /// paging back down, or catching up after a reconnect. A short page
    /// means the live end is reached.
    pub fn take_newer(&mut self, page: Vec<Message>) {
        self.more_newer = page.len() >= PAGE;
        self.merge(page);
        self.trim_oldest();
    }

    /// A message heard live: new, changed, or beyond the held newest end.
    pub fn take_live(&mut self, message: Message) -> Arrival {
        if let Some(held) = self.messages.iter_mut().find(|m| m.id == message.id) {
            // A copy older than the held one (a late answer) changes nothing.
            if message.is_newer_or_same(held) {
                *held = message;
            }
            return Arrival::Changed;
        }
        let past_newest = self.newest().is_some_and(|n| Cursor::of(&message) > n);
        if self.more_newer && past_newest {
            return Arrival::Beyond;
        }
        if self.more_older && self.oldest().is_some_and(|o| Cursor::of(&message) < o) {
            // Older than the held run: it will come with the page it is on.
            return Arrival::Beyond;
        }
        self.merge([message]);
        self.trim_oldest();
        Arrival::New
    }

    /// Messages the server changed (edits, deletions) since the stream was
    /// last live: each held one takes its newer copy; others are not held
    /// and come with their page. Returns how many held messages changed.
    pub fn take_changes(&mut self, changes: impl IntoIterator<Item = Message>) -> usize {
        let mut changed = 0;
        for message in changes {
            if let Some(held) = self.messages.iter_mut().find(|m| m.id == message.id)
                && message.updated > held.updated
            {
                *held = message;
                changed += 1;
            }
        }
        changed
    }

    /// The latest server change among the held messages: changes after it
    /// may have been missed while the stream was down.
    pub fn last_change(&self) -> Option<Millis> {
        self.messages.iter().map(|m| m.updated).max()
    }

    fn trim_oldest(&mut self) {
        if self.messages.len() > self.cap {
            let extra = self.messages.len() - self.cap;
            self.messages.drain(..extra);
            self.more_older = true;
        }
    }

    /// Adds or replaces by id and keeps the server's order.
    fn merge(&mut self, incoming: impl IntoIterator<Item = Message>) {
        for message in incoming {
            match self.messages.iter_mut().find(|m| m.id == message.id) {
                Some(held) => {
                    if message.is_newer_or_same(held) {
                        *held = message;
                    }
                }
                None => {
                    let at = self
                        .messages
                        .partition_point(|m| Cursor::of(m) < Cursor::of(&message));
                    self.messages.insert(at, message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::RoomId;
    use proptest::prelude::*;

    fn msg(n: usize) -> Message {
        // Every third message shares its time with the one before, so the
        // id has to break ties.
        Message::text(
            MessageId::parse(format!("m{n:06}")).unwrap(),
            RoomId::parse("room").unwrap(),
            None,
            format!("message {n}"),
            Millis((n - n / 3) as u64),
        )
    }

    /// The server: all messages in order, and its answer to a page request.
    struct Server(Vec<Message>);

    impl Server {
        fn new(n: usize) -> Self {
            Self((0..n).map(msg).collect())
        }

        fn page(&self, request: &PageRequest) -> Vec<Message> {
            let all = &self.0;
            match request {
                PageRequest::Latest => all[all.len().saturating_sub(PAGE)..].to_vec(),
                PageRequest::Before(c) => {
                    let end = all.partition_point(|m| &Cursor::of(m) < c);
                    all[end.saturating_sub(PAGE)..end].to_vec()
                }
                PageRequest::After(c) => {
                    let start = all.partition_point(|m| &Cursor::of(m) <= c);
                    all[start..(start + PAGE).min(all.len())].to_vec()
                }
            }
        }

        /// Edits message `i`: a new body, stamped later than anything before.
        fn edit(&mut self, i: usize) -> Message {
            let clock = 1_000_000 + self.0.iter().map(|m| m.updated.0).max().unwrap_or(0);
            let m = &mut self.0[i];
            m.updated = Millis(clock);
            m.body = format!("edited at {clock}");
            m.clone()
        }

        fn position(&self, id: &MessageId) -> usize {
            self.0.iter().position(|m| &m.id == id).unwrap()
        }
    }

    fn ids(t: &Timeline) -> Vec<String> {
        t.messages().iter().map(|m| m.id.to_string()).collect()
    }

    #[test]
    fn opening_holds_the_newest_page_and_knows_older_ones_exist() {
        let server = Server::new(120);
        let mut t = Timeline::default();
        t.take_latest(server.page(&PageRequest::Latest));
        assert_eq!(t.messages().len(), PAGE);
        assert_eq!(t.messages()[0].id, server.0[70].id);
        assert!(t.more_older());
        assert!(!t.more_newer());
    }

    #[test]
    fn a_short_room_has_nothing_older() {
        let server = Server::new(3);
        let mut t = Timeline::default();
        t.take_latest(server.page(&PageRequest::Latest));
        assert_eq!(t.older_request(), None);
    }

    #[test]
    fn paging_up_past_the_cap_trims_the_newest_end_and_paging_down_brings_it_back() {
        let server = Server::new(1000);
        let mut t = Timeline::default();
        t.take_latest(server.page(&PageRequest::Latest));
        while t.messages().len() < CAP {
            let request = t.older_request().unwrap();
            t.take_older(server.page(&request));
        }
        assert!(!t.more_newer(), "nothing trimmed yet at exactly the cap");
        let request = t.older_request().unwrap();
        t.take_older(server.page(&request));
        assert_eq!(t.messages().len(), CAP);
        assert!(t.more_newer());
        assert_eq!(server.position(&t.newest().unwrap().id), 949);

        let request = t.newer_request().unwrap();
        t.take_newer(server.page(&request));
        assert_eq!(t.messages().len(), CAP);
        assert_eq!(server.position(&t.newest().unwrap().id), 999);
        assert!(t.more_newer(), "a full page may not be the last");
        let request = t.newer_request().unwrap();
        t.take_newer(server.page(&request));
        assert!(!t.more_newer());
    }

    #[test]
    fn a_live_message_is_shown_at_the_live_end_and_counted_beyond_it() {
        let mut server = Server::new(60);
        let mut t = Timeline::default();
        t.take_latest(server.page(&PageRequest::Latest));
        server.0.push(msg(60));
        assert_eq!(t.take_live(msg(60)), Arrival::New);
        assert_eq!(t.take_live(msg(60)), Arrival::Changed);
        assert_eq!(ids(&t).last().unwrap(), "m000060");

        let mut detached = Timeline::default();
        detached.take_older(server.page(&PageRequest::Before(Cursor::of(&msg(20)))));
        detached.more_newer = true;
        assert_eq!(detached.take_live(msg(61)), Arrival::Beyond);
        assert!(!detached.contains(&msg(61).id));
    }

    #[test]
    fn jumping_to_the_latest_replaces_a_detached_run() {
        let server = Server::new(2000);
        let mut t = Timeline::default();
        t.take_older(server.page(&PageRequest::Before(Cursor::of(&msg(100)))));
        t.more_newer = true;
        t.take_latest(server.page(&PageRequest::Latest));
        assert_eq!(t.messages().len(), PAGE);
        assert_eq!(server.position(&t.newest().unwrap().id), 1999);
        assert!(!t.more_newer());
    }

    #[test]
    fn an_older_copy_of_a_message_never_replaces_a_newer_one() {
        let mut t = Timeline::default();
        let first = msg(1);
        t.take_latest(vec![first.clone()]);
        let mut edited = first.clone();
        edited.body = "edited".into();
        edited.updated = Millis(99);
        assert_eq!(t.take_live(edited.clone()), Arrival::Changed);
        // The original arrives late (a page fetched before the edit).
        t.take_latest(vec![first.clone()]);
        assert_eq!(t.take_live(first), Arrival::Changed);
        assert_eq!(t.messages(), [edited]);
    }

    #[test]
    fn missed_changes_update_held_messages_and_leave_the_rest_to_their_pages() {
        let mut t = Timeline::default();
        t.take_latest((1..4).map(msg).collect());
        let mut changed = msg(2);
        changed.body = "edited".into();
        changed.updated = Millis(50);
        let unheld = msg(9);
        assert_eq!(t.take_changes([changed.clone(), unheld, msg(3)]), 1);
        assert_eq!(t.messages()[1], changed);
        assert_eq!(
            t.messages().len(),
            3,
            "a change to a message not held adds nothing"
        );
        assert_eq!(t.last_change(), Some(Millis(50)));
    }

    #[test]
    fn jumping_to_an_old_message_holds_the_pages_around_it() {
        let server = Server::new(1000);
        let at = msg(300);
        let mut t = Timeline::default();
        t.reset_around(
            server.page(&PageRequest::Before(Cursor::of(&at))),
            at.clone(),
            server.page(&PageRequest::After(Cursor::of(&at))),
        );
        assert_eq!(t.messages().len(), 2 * PAGE + 1);
        assert_eq!(server.position(&t.oldest().unwrap().id), 250);
        assert!(t.more_older() && t.more_newer());
        let request = t.newer_request().unwrap();
        t.take_newer(server.page(&request));
        assert_eq!(server.position(&t.newest().unwrap().id), 400);
    }

    #[derive(Debug, Clone)]
    enum Step {
        /// A page towards older messages, with this many live arrivals while
        /// it is on its way.
        Older(u8),
        Newer,
        Latest,
        Arrive(u8),
        /// An edit of one of the server's messages, heard live.
        Edit(prop::sample::Index),
        /// Messages sent and messages edited while the stream was down.
        Miss(u8, Vec<prop::sample::Index>, bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0u8..3).prop_map(Step::Older),
            3 => Just(Step::Newer),
            1 => Just(Step::Latest),
            2 => (1u8..5).prop_map(Step::Arrive),
            2 => any::<prop::sample::Index>().prop_map(Step::Edit),
            1 => (1u8..130, prop::collection::vec(any::<prop::sample::Index>(), 0..6), any::<bool>())
                .prop_map(|(n, edits, reopen)| Step::Miss(n, edits, reopen)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Against a server that keeps receiving messages, any mix of paging
        /// and live arrivals leaves one unbroken, ordered, duplicate-free run
        /// of at most CAP messages, and a `false` flag is never a lie.
        #[test]
        fn the_held_run_is_always_an_unbroken_slice_of_the_server(
            start in 0usize..700,
            steps in proptest::collection::vec(step(), 1..60),
        ) {
            let mut server = Server::new(start);
            let mut t = Timeline::default();
            t.take_latest(server.page(&PageRequest::Latest));
            for s in steps {
                match s {
                    Step::Newer => if let Some(r) = t.newer_request() { t.take_newer(server.page(&r)) },
                    Step::Older(live) => {
                        let Some(r) = t.older_request() else { continue };
                        let page = server.page(&r);
                        let full = page.len() >= PAGE;
                        for _ in 0..live {
                            let next = msg(server.0.len());
                            server.0.push(next.clone());
                            t.take_live(next);
                        }
                        let joins = match &r {
                            PageRequest::Before(c) => Some(c.clone()),
                            _ => None,
                        };
                        t.take_older_joining(page, joins.as_ref(), full);
                    }
                    Step::Latest => t.take_latest(server.page(&PageRequest::Latest)),
                    Step::Arrive(n) => for _ in 0..n {
                        let next = msg(server.0.len());
                        server.0.push(next.clone());
                        t.take_live(next);
                    },
                    // Messages sent while the live stream was down (or the
                    // room was closed), then the catch-up that follows a
                    // reconnect, or a reopening from the cached run.
                    Step::Edit(i) => {
                        if !server.0.is_empty() {
                            let edited = server.edit(i.index(server.0.len()));
                            t.take_live(edited);
                        }
                    }
                    Step::Miss(n, edits, reopen) => {
                        for _ in 0..n {
                            let next = msg(server.0.len());
                            server.0.push(next);
                        }
                        for i in edits {
                            server.edit(i.index(server.0.len()));
                        }
                        // What changed since the latest change held, then
                        // the newest page (reopening from the cached run) or
                        // the pages after the newest held message.
                        let since = t.last_change();
                        let changed: Vec<Message> = server.0.iter().filter(|m| since.is_none_or(|s| m.updated >= s)).cloned().collect();
                        if reopen {
                            t.take_latest(server.page(&PageRequest::Latest));
                            t.take_changes(changed);
                            continue;
                        }
                        t.take_changes(changed);
                        while let Some(r) = t.catch_up_request() {
                            let page = server.page(&r);
                            let full = page.len() >= PAGE;
                            if r == PageRequest::Latest { t.take_latest(page) } else { t.take_newer(page) }
                            if !full { break }
                        }
                    }
                }
                check(&server, &t)?;
            }
        }
    }

    /// The held run is an unbroken, ordered slice of the server's messages,
    /// at most CAP long, and a `false` flag is never a lie.
    fn check(server: &Server, t: &Timeline) -> Result<(), TestCaseError> {
        prop_assert!(t.messages().len() <= CAP);
        let Some(first) = t.oldest() else {
            return Ok(());
        };
        let from = server.position(&first.id);
        let held = &server.0[from..from + t.messages().len()];
        prop_assert_eq!(held, t.messages(), "an unbroken, ordered slice");
        if !t.more_older() {
            prop_assert_eq!(from, 0);
        }
        if !t.more_newer() {
            prop_assert_eq!(from + t.messages().len(), server.0.len());
        }
        Ok(())
    }

    #[test]
    fn an_older_page_does_not_join_a_run_whose_older_end_changed_meanwhile() {
        let server = Server::new(200);
        let mut t = Timeline::default();
        t.take_latest(server.page(&PageRequest::Latest));
        let asked = t.oldest();
        let page = server.page(&t.older_request().unwrap());
        // A live arrival trims the oldest message before the page lands.
        t.messages.remove(0);
        assert!(!t.take_older_joining(page.clone(), asked.as_ref(), true));
        assert_eq!(t.messages().len(), PAGE - 1, "nothing joined with a gap");
        assert!(t.take_older_joining(
            server.page(&t.older_request().unwrap()),
            t.oldest().as_ref(),
            true
        ));
    }
}
