//! The provider directory: painted from the local cache first, refreshed
//! from the backend in the background, kept live by realtime events, and
//! refetched after a reconnect (the backend does not replay missed events).

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{
    BackendError, Call, Operation, ProvidersApi, RealtimeApi, RealtimeEvent, Subscription, Topic,
};
use crate::domain::ids::CorrelationId;
use crate::domain::monitoring::{Category, Incident, Severity};
use crate::domain::provider::Provider;
use crate::resilience::clock::Clock;
use crate::store::StoreError;
use crate::store::providers_cache::ProviderCache;

use super::monitor::Monitor;

/// One step of loading the directory, in the order they happen.
#[derive(Debug, Clone, PartialEq)]
pub enum DirectoryUpdate {
    /// The cached list, before the network answered.
    FromCache(Vec<Provider>),
    /// The backend's list (already written to the cache).
    Fresh(Vec<Provider>),
    /// The backend could not be asked; whatever is shown stays.
    RefreshFailed(BackendError),
    /// The cache could not be read or written; loading went on without it.
    CacheFailed(StoreError),
}

/// Loads the directory cache-first, reporting each step to `on_update`.
/// `correlation` names this load in the backend call.
pub async fn load(
    cache: &dyn ProviderCache,
    api: &dyn ProvidersApi,
    clock: &dyn Clock,
    correlation: CorrelationId,
    on_update: &mut dyn FnMut(DirectoryUpdate),
) {
    match cache.load().await {
        Ok(Some(cached)) => on_update(DirectoryUpdate::FromCache(cached.providers)),
        Ok(None) => {}
        Err(e) => on_update(DirectoryUpdate::CacheFailed(e)),
    }
    match api
        .list(&Call::new(Operation::ListProviders, correlation))
        .await
    {
        Ok(fresh) => {
            let saved = cache.save(&fresh, clock.now()).await;
            on_update(DirectoryUpdate::Fresh(fresh));
            if let Err(e) = saved {
                on_update(DirectoryUpdate::CacheFailed(e));
            }
        }
        Err(e) => on_update(DirectoryUpdate::RefreshFailed(e)),
    }
}

/// What the directory view can say about its data.
#[derive(Debug, Clone, PartialEq)]
pub enum DirectoryStatus {
    /// Nothing to show yet.
    Loading,
    /// Showing the cache while the backend is asked.
    Refreshing,
    /// Showing the backend's current list.
    Fresh,
    /// The backend could not be reached; showing the cache if there is one.
    Unreachable(BackendError),
}

/// The context handle.
#[derive(Clone, Copy)]
pub struct Directory {
    providers: RwSignal<Vec<Provider>>,
    status: RwSignal<DirectoryStatus>,
    loaded_any: RwSignal<bool>,
    deps: StoredValue<Deps, LocalStorage>,
    monitor: Monitor,
}

#[derive(Clone)]
struct Deps {
    cache: Rc<dyn ProviderCache>,
    api: Rc<dyn ProvidersApi>,
    clock: Rc<dyn Clock>,
    /// Whether loading has started (see [`Directory::start`]).
    started: Cell<bool>,
}

impl Directory {
    pub fn new(
        cache: Rc<dyn ProviderCache>,
        api: Rc<dyn ProvidersApi>,
        clock: Rc<dyn Clock>,
        monitor: Monitor,
    ) -> Self {
        Self {
            providers: RwSignal::new(Vec::new()),
            status: RwSignal::new(DirectoryStatus::Loading),
            loaded_any: RwSignal::new(false),
            deps: StoredValue::new_local(Deps {
                cache,
                api,
                clock,
                started: Cell::new(false),
            }),
            monitor,
        }
    }

    pub fn providers(&self) -> Signal<Vec<Provider>> {
        self.providers.into()
    }

    pub fn status(&self) -> Signal<DirectoryStatus> {
        self.status.into()
    }

    /// Whether any list (cached or fresh) has been shown.
    pub fn has_data(&self) -> Signal<bool> {
        self.loaded_any.into()
    }

    /// Loads the directory the first time it is wanted: by a page that
    /// shows it, or by the app's background start-up work. Later calls
    /// change nothing (a refresh is [`Directory::refresh`]).
    pub fn start(&self) {
        let started = self.deps.try_with_value(|d| d.started.replace(true));
        if started == Some(false) {
            self.refresh();
        }
    }

    /// Loads cache-first, then the network.
    pub fn refresh(&self) {
        let deps = self.deps.get_value();
        let me = *self;
        if self.loaded_any.get_untracked() {
            self.status.set(DirectoryStatus::Refreshing);
        }
        spawn_local(async move {
            let correlation = crate::platform::random::client_id().into();
            load(
                &*deps.cache,
                &*deps.api,
                &*deps.clock,
                correlation,
                &mut |update| me.apply(update),
            )
            .await;
        });
    }

    fn apply(&self, update: DirectoryUpdate) {
        match update {
            DirectoryUpdate::FromCache(list) => {
                self.providers.set(list);
                self.loaded_any.set(true);
                self.status.set(DirectoryStatus::Refreshing);
            }
            DirectoryUpdate::Fresh(list) => {
                self.providers.set(list);
                self.loaded_any.set(true);
                self.status.set(DirectoryStatus::Fresh);
            }
            // The failed call itself is recorded by the resilience layer.
            DirectoryUpdate::RefreshFailed(error) => {
                self.status.set(DirectoryStatus::Unreachable(error))
            }
            DirectoryUpdate::CacheFailed(error) => {
                self.monitor.note(
                    Severity::Warning,
                    Category::Storage,
                    "providers.cache",
                    error.to_string(),
                );
            }
        }
    }

    /// Applies live changes, and refetches after a reconnect. The first
    /// time the topic goes live is not followed by a refetch: the list was
    /// fetched a moment before, and every visitor fetching it twice costs
    /// more than a change in that moment, which the next one corrects. The
    /// returned subscription lives as long as the app.
    pub fn go_live(&self, realtime: &dyn RealtimeApi) -> Subscription {
        let me = *self;
        let live_before = Rc::new(std::cell::Cell::new(false));
        realtime.subscribe(
            Topic::Providers,
            Rc::new(move |event| match event {
                RealtimeEvent::Live => {
                    if live_before.replace(true) {
                        me.refresh();
                    }
                }
                other => me.on_event(other),
            }),
        )
    }

    fn on_event(&self, event: RealtimeEvent) {
        match event {
            RealtimeEvent::ProviderChanged(provider) => {
                self.providers.update(|list| upsert(list, provider.clone()));
                let cache = self.deps.get_value().cache;
                let monitor = self.monitor;
                spawn_local(async move {
                    if let Err(e) = cache.upsert(&provider).await {
                        monitor.note(
                            Severity::Warning,
                            Category::Storage,
                            "providers.cache",
                            e.to_string(),
                        );
                    }
                });
            }
            RealtimeEvent::ProviderRemoved(id) => {
                self.providers.update(|list| list.retain(|p| p.id != id))
            }
            // Handled where the subscription is made.
            RealtimeEvent::Live => {}
            RealtimeEvent::Failed(error) => {
                let mut incident = Incident::new(
                    Severity::Warning,
                    Category::Backend,
                    "providers.live",
                    error.to_string(),
                );
                incident.status = error.status();
                self.monitor.record(incident);
            }
        }
    }
}

fn upsert(list: &mut Vec<Provider>, provider: Provider) {
    match list.iter_mut().find(|p| p.id == provider.id) {
        Some(existing) => *existing = provider,
        None => list.push(provider),
    }
}

/// Keeps subscriptions alive for the life of the page.
pub fn hold(subscriptions: Vec<Subscription>) {
    std::mem::forget(subscriptions);
}

/// The directory, for a page that shows it: loading starts here if it has
/// not started yet.
pub fn use_directory() -> Directory {
    let directory = use_directory_as_loaded();
    directory.start();
    directory
}

/// The directory as loaded so far, without starting its loading: for a
/// part that reads it only later (the dock's outbox, for the provider's
/// name of a booking sent after a reload). Started here, the refresh would
/// compete with the page being opened; the background start-up work starts
/// it once that page is shown.
pub fn use_directory_as_loaded() -> Directory {
    expect_context::<Directory>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::provider::ProviderKind;
    use crate::domain::provider::fixtures::provider;
    use crate::resilience::clock::{ManualClock, Millis};
    use crate::store::providers_cache::MemoryProviderCache;
    use async_trait::async_trait;
    use futures::executor::block_on;
    use std::cell::RefCell;

    struct FakeApi(RefCell<Option<Result<Vec<Provider>, BackendError>>>);

    #[async_trait(?Send)]
    impl ProvidersApi for FakeApi {
        async fn list(&self, _: &Call) -> Result<Vec<Provider>, BackendError> {
            self.0.borrow_mut().take().expect("list called once")
        }
        async fn get(
            &self,
            _: &Call,
            _id: &crate::domain::ids::ProviderId,
        ) -> Result<Provider, BackendError> {
            Err(BackendError::NotFound)
        }
    }

    struct BrokenCache;

    #[async_trait(?Send)]
    impl ProviderCache for BrokenCache {
        async fn load(
            &self,
        ) -> Result<Option<crate::store::providers_cache::CachedProviders>, StoreError> {
            Err(StoreError::Unavailable("private mode".into()))
        }
        async fn save(&self, _: &[Provider], _: Millis) -> Result<(), StoreError> {
            Err(StoreError::QuotaExceeded)
        }
        async fn upsert(&self, _: &Provider) -> Result<(), StoreError> {
            Err(StoreError::QuotaExceeded)
        }
    }

    fn run(cache: &dyn ProviderCache, api: FakeApi) -> Vec<DirectoryUpdate> {
        let mut updates = Vec::new();
        let clock = ManualClock::starting_at(9_000);
        block_on(load(
            cache,
            &api,
            &clock,
            CorrelationId::parse("c1").unwrap(),
            &mut |u| updates.push(u),
        ));
        updates
    }

    #[test]
    fn cache_is_shown_before_the_fresh_list_which_replaces_it() {
        let cache = MemoryProviderCache::default();
        let old = vec![provider("a", ProviderKind::Place, "Bandung", false, 4.0)];
        block_on(cache.save(&old, Millis(1))).unwrap();
        let fresh = vec![provider("b", ProviderKind::Therapist, "Jakarta", true, 4.9)];
        let updates = run(&cache, FakeApi(RefCell::new(Some(Ok(fresh.clone())))));
        assert_eq!(
            updates,
            vec![
                DirectoryUpdate::FromCache(old),
                DirectoryUpdate::Fresh(fresh.clone())
            ]
        );
        let cached = block_on(cache.load()).unwrap().unwrap();
        assert_eq!(cached.providers, fresh);
        assert_eq!(cached.fetched_at, Millis(9_000));
    }

    #[test]
    fn a_failed_refresh_keeps_the_cache() {
        let cache = MemoryProviderCache::default();
        let old = vec![provider("a", ProviderKind::Place, "Bandung", false, 4.0)];
        block_on(cache.save(&old, Millis(1))).unwrap();
        let offline = BackendError::Network("offline".into());
        let updates = run(&cache, FakeApi(RefCell::new(Some(Err(offline.clone())))));
        assert_eq!(
            updates,
            vec![
                DirectoryUpdate::FromCache(old.clone()),
                DirectoryUpdate::RefreshFailed(offline)
            ]
        );
        assert_eq!(block_on(cache.load()).unwrap().unwrap().providers, old);
    }

    #[test]
    fn a_broken_cache_still_shows_the_fresh_list_and_says_why() {
        let fresh = vec![provider("b", ProviderKind::Therapist, "Jakarta", true, 4.9)];
        let updates = run(&BrokenCache, FakeApi(RefCell::new(Some(Ok(fresh.clone())))));
        assert_eq!(
            updates,
            vec![
                DirectoryUpdate::CacheFailed(StoreError::Unavailable("private mode".into())),
                DirectoryUpdate::Fresh(fresh),
                DirectoryUpdate::CacheFailed(StoreError::QuotaExceeded),
            ]
        );
    }

    #[test]
    fn first_visit_without_cache_goes_straight_to_the_network() {
        let fresh = vec![provider("b", ProviderKind::Therapist, "Jakarta", true, 4.9)];
        let updates = run(
            &MemoryProviderCache::default(),
            FakeApi(RefCell::new(Some(Ok(fresh.clone())))),
        );
        assert_eq!(updates, vec![DirectoryUpdate::Fresh(fresh)]);
    }
}
