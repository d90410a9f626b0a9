//! PocketBase realtime: one Server-Sent Events stream per page, the
//! `PB_CONNECT` handshake, subscriptions posted with the session token, and
//! reconnects on PocketBase's SDK schedule.
//!
//! PocketBase forgets a client's subscriptions when its stream drops and
//! never replays missed events, so every (re)connect re-posts the whole topic
//! list, and every `Connected` after the first tells listeners to fetch what
//! they may have missed. PocketBase also binds a client to the identity of
//! its first subscribe call (a later call with another token answers 403),
//! so a sign-in or sign-out opens a new stream.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backend::realtime::{EventHandler, StateHandler};
use crate::backend::{
    BackendError, ConnectionState, RealtimeApi, RealtimeEvent, Subscription, Topic,
};
use crate::platform::event_source::EventStream;
use crate::platform::sleep::sleep;
use crate::resilience::reconnect::Reconnect;

use super::http::{Method, PbHttp};
use super::wire::{ConnectEvent, ProviderRecord, read};

const REALTIME_PATH: &str = "/api/realtime";

/// PocketBase's name for a topic of the port.
fn topic_name(topic: &Topic) -> String {
    match topic {
        Topic::Providers => "providers/*".into(),
    }
}

/// Turns a provider event's JSON into a typed event.
fn decode_provider(data: &str, base_url: &str) -> RealtimeEvent {
    let decoded = read::record_event(data).and_then(|(action, record)| {
        Ok((
            action,
            ProviderRecord::read(&record)?.into_domain(base_url)?,
        ))
    });
    match decoded {
        Ok((action, p)) if action == "delete" => RealtimeEvent::ProviderRemoved(p.id),
        Ok((_, p)) => RealtimeEvent::ProviderChanged(p),
        Err(e) => RealtimeEvent::Failed(e),
    }
}

pub fn parse<T: DeserializeOwned>(data: &str) -> Result<T, BackendError> {
    serde_json::from_str(data).map_err(|e| BackendError::Decode(e.to_string()))
}

/// What a topic delivers before it is decoded: the event's JSON, the news
/// that the topic is live, or why the topic failed.
pub enum RawEvent<'a> {
    Data(&'a str),
    /// The server confirmed the topic on the current stream: every change
    /// from now on arrives. Sent once per stream, so after every reconnect
    /// too; PocketBase does not replay, so whatever the listener fetched
    /// before may have missed a change and should be fetched again.
    Live,
    Failed(BackendError),
}

/// Gets a topic's events undecoded; the capability that subscribed decodes
/// them (so the wire types of loaded-on-demand capabilities stay in their
/// own code chunk).
pub type RawHandler = Rc<dyn Fn(RawEvent<'_>)>;

struct Listener {
    id: u64,
    /// PocketBase's topic name, e.g. `chat/<room>`.
    topic: String,
    handler: RawHandler,
    /// The stream (generation) on which this listener was told `Live`.
    live_on: Option<u64>,
}

/// The listeners that a confirmed subscription of `topics` on stream
/// `generation` makes live for the first time on that stream; marks them.
fn newly_live(listeners: &mut [Listener], topics: &[String], generation: u64) -> Vec<RawHandler> {
    listeners
        .iter_mut()
        .filter(|l| l.live_on != Some(generation) && topics.contains(&l.topic))
        .map(|l| {
            l.live_on = Some(generation);
            l.handler.clone()
        })
        .collect()
}

/// Whether a listener of `topic` was told `Live` on stream `generation`:
/// the server has confirmed the topic there.
fn topic_live(listeners: &[Listener], topic: &str, generation: u64) -> bool {
    listeners
        .iter()
        .any(|l| l.topic == topic && l.live_on == Some(generation))
}

struct Inner {
    stream: Option<EventStream>,
    client_id: Option<String>,
    listeners: Vec<Listener>,
    state: ConnectionState,
    state_listeners: Vec<(u64, StateHandler)>,
    reconnect: Reconnect,
    next_id: u64,
    /// Bumped for every new stream so callbacks of an old one are ignored.
    generation: u64,
    /// Subscribe calls on their way; the stream is not replaced under them
    /// (a call for a closed client id answers 404).
    submits_in_flight: u32,
    /// An identity change waiting for those calls to finish.
    new_identity_pending: bool,
    /// The topics changed while a subscribe call was on its way. Calls go
    /// one at a time: the server applies each as the whole set, so two in
    /// flight could land in either order and the older set would win.
    resubmit: bool,
    /// Who the current stream's subscriptions were sent as: not yet (None),
    /// anonymously (Some(None)) or as a user (Some(Some(id))). PocketBase
    /// lets an anonymous client become a user, but never the other way or
    /// from one user to another: those need a new stream.
    submitted_as: Option<Option<String>>,
}

/// What a change of identity asks of the realtime client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdentityStep {
    Nothing,
    Resubmit,
    Reconnect,
}

/// What is left to do once the last subscribe call on its way is back:
/// the identity check that waited for it (`identity`, if one did), and
/// the topics that changed meanwhile (`resubmit`). Those are sent even when
/// the identity turns out unchanged (a refreshed token): otherwise a topic
/// subscribed during the call would never be confirmed, and its listener
/// never told it is live.
fn after_submits(identity: Option<IdentityStep>, resubmit: bool) -> IdentityStep {
    match (identity.unwrap_or(IdentityStep::Nothing), resubmit) {
        (IdentityStep::Reconnect, _) => IdentityStep::Reconnect,
        (IdentityStep::Resubmit, _) | (IdentityStep::Nothing, true) => IdentityStep::Resubmit,
        (IdentityStep::Nothing, false) => IdentityStep::Nothing,
    }
}

fn identity_step(submitted_as: &Option<Option<String>>, now: Option<&String>) -> IdentityStep {
    match submitted_as {
        None => IdentityStep::Nothing,
        Some(None) if now.is_some() => IdentityStep::Resubmit,
        Some(None) => IdentityStep::Nothing,
        Some(Some(before)) if now == Some(before) => IdentityStep::Nothing,
        Some(Some(_)) => IdentityStep::Reconnect,
    }
}

pub struct PbRealtime {
    http: Rc<PbHttp>,
    inner: Rc<RefCell<Inner>>,
}

/// Topics by PocketBase name, for the capabilities loaded on demand that
/// decode their own events.
pub trait RawTopics {
    /// Listens to a topic, undecoded; dropping the subscription stops it.
    fn subscribe_raw(&self, topic: String, handler: RawHandler) -> Subscription;
}

/// The realtime client, as the port and as raw topics.
#[derive(Clone)]
pub struct Live {
    pub api: Rc<dyn RealtimeApi>,
    pub raw: Rc<dyn RawTopics>,
}

/// The realtime client; its code is a chunk fetched after the first paint
/// (both views of it are made here, so none of it is in the first load).
/// It follows every identity change from then on, reopening its stream
/// when the new token needs one.
#[leptos::lazy]
pub fn load(http: Rc<PbHttp>) -> Live {
    let realtime = Rc::new(PbRealtime::new(http.clone()));
    let follower = Rc::downgrade(&realtime);
    http.on_token_change(Rc::new(move || {
        if let Some(realtime) = follower.upgrade() {
            realtime.on_auth_change();
        }
    }));
    Live {
        api: realtime.clone(),
        raw: realtime,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubscribeBody<'a> {
    client_id: &'a str,
    subscriptions: Vec<String>,
}

impl PbRealtime {
    pub fn new(http: Rc<PbHttp>) -> Self {
        let inner = Inner {
            stream: None,
            client_id: None,
            listeners: Vec::new(),
            state: ConnectionState::Idle,
            state_listeners: Vec::new(),
            reconnect: Reconnect::default(),
            next_id: 0,
            generation: 0,
            submits_in_flight: 0,
            new_identity_pending: false,
            resubmit: false,
            submitted_as: None,
        };
        Self {
            http,
            inner: Rc::new(RefCell::new(inner)),
        }
    }

    /// Follows a sign-in, sign-out or token refresh: resends the
    /// subscriptions, or opens a new stream when the server would refuse
    /// the new identity on the old one.
    pub fn on_auth_change(&self) {
        self.shared().on_auth_change();
    }

    fn shared(&self) -> Shared {
        Shared {
            http: self.http.clone(),
            inner: Rc::downgrade(&self.inner),
        }
    }
}

/// What callbacks hold: a weak handle, so a dropped client stops cleanly.
#[derive(Clone)]
struct Shared {
    http: Rc<PbHttp>,
    inner: Weak<RefCell<Inner>>,
}

impl Shared {
    fn set_state(&self, state: ConnectionState) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let listeners: Vec<StateHandler> = {
            let mut i = inner.borrow_mut();
            if i.state == state {
                return;
            }
            i.state = state;
            i.state_listeners.iter().map(|(_, l)| l.clone()).collect()
        };
        for listener in listeners {
            listener(state);
        }
    }

    fn topics(inner: &Inner) -> Vec<String> {
        let mut topics: Vec<String> = inner.listeners.iter().map(|l| l.topic.clone()).collect();
        topics.sort_unstable();
        topics.dedup();
        topics
    }

    fn on_auth_change(&self) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let step = {
            let mut i = inner.borrow_mut();
            if i.stream.is_some() && i.submits_in_flight > 0 {
                // Decided when they are back: the stream must not change under them.
                i.new_identity_pending = true;
                return;
            }
            self.identity_change(&i)
        };
        self.follow(step);
    }

    /// What the identity signed in now asks of the stream. Without a
    /// stream there is nothing to subscribe on: the next stream sends
    /// every topic as whoever is signed in then.
    fn identity_change(&self, i: &Inner) -> IdentityStep {
        if i.stream.is_none() {
            return IdentityStep::Nothing;
        }
        identity_step(&i.submitted_as, self.http.auth_identity().as_ref())
    }

    fn follow(&self, step: IdentityStep) {
        match step {
            IdentityStep::Nothing => {}
            IdentityStep::Resubmit => self.submit(),
            IdentityStep::Reconnect => self.connect(),
        }
    }

    /// Opens a new stream and registers a listener per topic.
    fn connect(&self) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let generation = {
            let mut i = inner.borrow_mut();
            i.generation += 1;
            i.client_id = None;
            i.stream = None;
            i.submitted_as = None;
            i.generation
        };
        // While reconnecting after an outage the state stays `Reconnecting`
        // (the UI keeps saying so) until the new stream is up.
        if !matches!(inner.borrow().state, ConnectionState::Reconnecting { .. }) {
            self.set_state(ConnectionState::Connecting);
        }
        let on_error = {
            let me = self.clone();
            move || me.dropped(generation)
        };
        let url = format!("{}{REALTIME_PATH}", self.http.base_url());
        let mut stream = match EventStream::open(&url, on_error) {
            Ok(stream) => stream,
            Err(message) => {
                self.broadcast_failure(BackendError::Network(message));
                self.dropped(generation);
                return;
            }
        };
        let me = self.clone();
        stream.listen("PB_CONNECT", move |data| me.connected(generation, &data));
        let topics = Self::topics(&inner.borrow());
        for topic in topics {
            self.listen_on(&mut stream, topic);
        }
        inner.borrow_mut().stream = Some(stream);
    }

    fn listen_on(&self, stream: &mut EventStream, topic: String) {
        let me = self.clone();
        let name = topic.clone();
        stream.listen(&name, move |data| me.dispatch(&topic, &data));
    }

    fn dispatch(&self, topic: &str, data: &str) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let handlers: Vec<RawHandler> = inner
            .borrow()
            .listeners
            .iter()
            .filter(|l| l.topic == topic)
            .map(|l| l.handler.clone())
            .collect();
        for handler in handlers {
            handler(RawEvent::Data(data));
        }
    }

    fn broadcast_failure(&self, error: BackendError) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let handlers: Vec<RawHandler> = inner
            .borrow()
            .listeners
            .iter()
            .map(|l| l.handler.clone())
            .collect();
        for handler in handlers {
            handler(RawEvent::Failed(error.clone()));
        }
    }

    fn connected(&self, generation: u64, data: &str) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        if inner.borrow().generation != generation {
            return;
        }
        match parse::<ConnectEvent>(data) {
            Ok(event) => {
                inner.borrow_mut().client_id = Some(event.client_id);
                self.submit();
            }
            Err(e) => self.broadcast_failure(e),
        }
    }

    /// Posts the current topic list for the current stream.
    fn submit(&self) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let (client_id, topics, generation) = {
            let mut i = inner.borrow_mut();
            let Some(client_id) = i.client_id.clone() else {
                return;
            };
            if i.submits_in_flight > 0 {
                // Sent with the then-current topics when that call is back.
                i.resubmit = true;
                return;
            }
            (client_id, Self::topics(&i), i.generation)
        };
        {
            let mut i = inner.borrow_mut();
            i.submits_in_flight += 1;
            i.submitted_as = Some(self.http.auth_identity());
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let body = SubscribeBody {
                client_id: &client_id,
                subscriptions: topics.clone(),
            };
            let result = me
                .http
                .send_unguarded(Method::Post, REALTIME_PATH, &body)
                .await;
            let Some(inner) = me.inner.upgrade() else {
                return;
            };
            let next = {
                let mut i = inner.borrow_mut();
                i.submits_in_flight -= 1;
                if i.submits_in_flight > 0 {
                    IdentityStep::Nothing
                } else {
                    let identity =
                        std::mem::take(&mut i.new_identity_pending).then(|| me.identity_change(&i));
                    after_submits(identity, std::mem::take(&mut i.resubmit))
                }
            };
            // With the topics (and the stream) as they are now.
            me.follow(next);
            if inner.borrow().generation != generation {
                return;
            }
            match result {
                Ok(()) => {
                    let live = {
                        let mut i = inner.borrow_mut();
                        i.reconnect.on_connected();
                        newly_live(&mut i.listeners, &topics, generation)
                    };
                    me.set_state(ConnectionState::Connected);
                    for handler in live {
                        handler(RawEvent::Live);
                    }
                }
                // The server no longer knows this stream's client (it
                // dropped the connection, or the browser reconnected it
                // under a new id while the call was on its way): nothing is
                // subscribed, so the stream is as good as dropped.
                Err(BackendError::NotFound) => me.dropped(generation),
                Err(e) => me.broadcast_failure(e),
            }
        });
    }

    /// The stream failed: wait per the schedule, then open a new one.
    fn dropped(&self, generation: u64) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let delay = {
            let mut i = inner.borrow_mut();
            if i.generation != generation {
                return;
            }
            i.stream = None;
            i.client_id = None;
            i.reconnect.on_failure()
        };
        let attempt = inner.borrow().reconnect.failures();
        self.set_state(ConnectionState::Reconnecting {
            attempt,
            retry_in_ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        });
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            sleep(delay).await;
            let Some(inner) = me.inner.upgrade() else {
                return;
            };
            let still_wanted =
                inner.borrow().generation == generation && !inner.borrow().listeners.is_empty();
            if still_wanted {
                me.connect();
            }
        });
    }

    fn remove_listener(&self, id: u64) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let (topic_gone, nothing_left) = {
            let mut i = inner.borrow_mut();
            let Some(pos) = i.listeners.iter().position(|l| l.id == id) else {
                return;
            };
            let removed = i.listeners.remove(pos);
            let topic_gone = !i.listeners.iter().any(|l| l.topic == removed.topic);
            if topic_gone && let Some(stream) = i.stream.as_mut() {
                stream.unlisten(&removed.topic);
            }
            (topic_gone, i.listeners.is_empty())
        };
        if nothing_left {
            {
                let mut i = inner.borrow_mut();
                i.generation += 1;
                i.stream = None;
                i.client_id = None;
                i.reconnect.on_connected();
            }
            self.set_state(ConnectionState::Idle);
        } else if topic_gone {
            self.submit();
        }
    }
}

impl RawTopics for PbRealtime {
    fn subscribe_raw(&self, topic: String, handler: RawHandler) -> Subscription {
        let shared = self.shared();
        let (id, new_topic, has_stream, already_live) = {
            let mut i = self.inner.borrow_mut();
            i.next_id += 1;
            let id = i.next_id;
            let new_topic = !i.listeners.iter().any(|l| l.topic == topic);
            // Another listener's subscription of this topic is confirmed on
            // this stream: no new confirmation will come, so this listener
            // is live now (and must hear so, to fetch what it missed).
            let generation = i.generation;
            let already_live = topic_live(&i.listeners, &topic, generation);
            i.listeners.push(Listener {
                id,
                topic: topic.clone(),
                handler: handler.clone(),
                live_on: already_live.then_some(generation),
            });
            (id, new_topic, i.stream.is_some(), already_live)
        };
        if already_live {
            // Told after this call returns, as a confirmation would be.
            wasm_bindgen_futures::spawn_local(async move { handler(RawEvent::Live) });
        }
        if !has_stream && self.inner.borrow().state == ConnectionState::Idle {
            shared.connect();
        } else if new_topic && has_stream {
            if let Some(stream) = self.inner.borrow_mut().stream.as_mut() {
                shared.listen_on(stream, topic);
            }
            shared.submit();
        }
        let remover = shared.clone();
        Subscription::new(move || remover.remove_listener(id))
    }
}

impl RealtimeApi for PbRealtime {
    fn subscribe(&self, topic: Topic, on_event: EventHandler) -> Subscription {
        let base_url = self.http.base_url().to_owned();
        let decode: RawHandler = Rc::new(move |raw| match raw {
            RawEvent::Data(data) => on_event(decode_provider(data, &base_url)),
            RawEvent::Live => on_event(RealtimeEvent::Live),
            RawEvent::Failed(e) => on_event(RealtimeEvent::Failed(e)),
        });
        self.subscribe_raw(topic_name(&topic), decode)
    }

    fn watch_state(&self, on_change: StateHandler) -> Subscription {
        let id = {
            let mut i = self.inner.borrow_mut();
            i.next_id += 1;
            let id = i.next_id;
            i.state_listeners.push((id, on_change));
            id
        };
        let inner = Rc::downgrade(&self.inner);
        Subscription::new(move || {
            if let Some(inner) = inner.upgrade() {
                inner.borrow_mut().state_listeners.retain(|(i, _)| *i != id);
            }
        })
    }

    fn state(&self) -> ConnectionState {
        self.inner.borrow().state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_change_the_server_would_refuse_opens_a_new_stream() {
        let ayu = "ayu".to_string();
        let budi = "budi".to_string();
        assert_eq!(
            identity_step(&None, Some(&ayu)),
            IdentityStep::Nothing,
            "nothing sent yet"
        );
        assert_eq!(
            identity_step(&Some(None), Some(&ayu)),
            IdentityStep::Resubmit,
            "anonymous may become a user"
        );
        assert_eq!(identity_step(&Some(None), None), IdentityStep::Nothing);
        assert_eq!(
            identity_step(&Some(Some(ayu.clone())), Some(&ayu)),
            IdentityStep::Nothing,
            "a refreshed token"
        );
        assert_eq!(
            identity_step(&Some(Some(ayu.clone())), Some(&budi)),
            IdentityStep::Reconnect
        );
        assert_eq!(
            identity_step(&Some(Some(ayu)), None),
            IdentityStep::Reconnect,
            "signing out"
        );
    }

    #[test]
    fn topics_changed_during_a_call_are_sent_after_it_even_when_the_identity_stayed() {
        // A token refreshed while a subscribe call was on its way, and a
        // topic added meanwhile: the topic must still be sent.
        assert_eq!(
            after_submits(Some(IdentityStep::Nothing), true),
            IdentityStep::Resubmit
        );
        assert_eq!(after_submits(None, true), IdentityStep::Resubmit);
    }

    #[test]
    fn after_a_call_only_a_change_of_user_opens_a_new_stream_and_nothing_changed_sends_nothing() {
        assert_eq!(
            after_submits(Some(IdentityStep::Reconnect), true),
            IdentityStep::Reconnect,
            "a new stream sends every topic"
        );
        assert_eq!(
            after_submits(Some(IdentityStep::Resubmit), false),
            IdentityStep::Resubmit,
            "anonymous became a user"
        );
        assert_eq!(
            after_submits(Some(IdentityStep::Nothing), false),
            IdentityStep::Nothing
        );
        assert_eq!(after_submits(None, false), IdentityStep::Nothing);
    }

    fn listener(id: u64, topic: &str, heard: &Rc<RefCell<Vec<u64>>>) -> Listener {
        let heard = heard.clone();
        Listener {
            id,
            topic: topic.into(),
            handler: Rc::new(move |event| {
                if matches!(event, RawEvent::Live) {
                    heard.borrow_mut().push(id);
                }
            }),
            live_on: None,
        }
    }

    fn tell(handlers: Vec<RawHandler>) {
        handlers.into_iter().for_each(|h| h(RawEvent::Live));
    }

    #[test]
    fn each_listener_hears_live_once_per_stream_for_a_topic_the_server_confirmed() {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let mut listeners = vec![
            listener(1, "user/u1", &heard),
            listener(2, "chat/r1", &heard),
        ];
        let both = vec!["chat/r1".to_string(), "user/u1".to_string()];

        tell(newly_live(&mut listeners, &["user/u1".into()], 1));
        assert_eq!(*heard.borrow(), [1], "only the confirmed topic");

        tell(newly_live(&mut listeners, &both, 1));
        assert_eq!(
            *heard.borrow(),
            [1, 2],
            "adding a topic does not repeat the first"
        );

        tell(newly_live(&mut listeners, &both, 2));
        assert_eq!(
            *heard.borrow(),
            [1, 2, 1, 2],
            "a new stream makes everyone fetch again"
        );
    }

    #[test]
    fn a_second_listener_of_a_confirmed_topic_is_live_at_once_but_not_on_an_old_stream() {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let mut listeners = vec![listener(1, "user/u1", &heard)];
        assert!(!topic_live(&listeners, "user/u1", 1), "not confirmed yet");
        tell(newly_live(&mut listeners, &["user/u1".into()], 1));
        assert!(topic_live(&listeners, "user/u1", 1));
        assert!(!topic_live(&listeners, "chat/r1", 1), "another topic");
        assert!(!topic_live(&listeners, "user/u1", 2), "a newer stream");
    }

    #[test]
    fn topics_use_pocketbase_names() {
        assert_eq!(topic_name(&Topic::Providers), "providers/*");
    }

    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn provider_events_decode_to_typed_events() {
        let data = r#"{"action":"update","record":{"id":"p1","collectionId":"c","name":"Ayu","kind":"place","online":true}}"#;
        match decode_provider(data, "") {
            RealtimeEvent::ProviderChanged(p) => assert!(p.online),
            other => panic!("unexpected {other:?}"),
        }
        let deleted = r#"{"action":"delete","record":{"id":"p1","collectionId":"c","name":"Ayu","kind":"place"}}"#;
        assert!(matches!(
            decode_provider(deleted, ""),
            RealtimeEvent::ProviderRemoved(_)
        ));
        assert!(matches!(
            decode_provider("<html>", ""),
            RealtimeEvent::Failed(BackendError::Decode(_))
        ));
    }
}
