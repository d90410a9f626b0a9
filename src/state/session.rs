//! Who is signed in. The session survives a reload: the token and the user
//! are kept in local storage, the app starts signed in from them at once, and
//! a token refresh then confirms (or ends) the session in the background.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{
    AccountsApi, AuthSession, AuthToken, BackendError, Call, OnDemand, Operation, SessionApi,
};
use crate::domain::account::{Credentials, NewAccount};
use crate::domain::monitoring::{Category, Severity};
use crate::domain::user::User;
use crate::platform::local_storage::{KeyValue, LocalStorageError};
use crate::platform::random::client_id;

use super::monitor::Monitor;

mod stored;

/// Something to do when the user signs out.
pub type SignOutHook = Rc<dyn Fn()>;

/// Where the session is kept between visits.
pub const STORAGE_KEY: &str = "janji.session";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Reading local storage at start-up.
    Restoring,
    SignedOut,
    SignedIn(User),
}

/// Reads and writes the persisted session.
pub struct SessionVault {
    storage: Rc<dyn KeyValue>,
}

impl SessionVault {
    pub fn new(storage: Rc<dyn KeyValue>) -> Self {
        Self { storage }
    }

    /// The stored session; unreadable data counts as none.
    pub fn load(&self) -> Result<Option<(AuthToken, User)>, LocalStorageError> {
        let Some(raw) = self.storage.get()? else {
            return Ok(None);
        };
        Ok(stored::read(&raw))
    }

    pub fn save(&self, session: &AuthSession) -> Result<(), LocalStorageError> {
        let text = stored::write(&session.token, &session.user)
            .ok_or_else(|| LocalStorageError::WriteFailed("the session is not JSON".into()))?;
        self.storage.set(&text)
    }

    pub fn clear(&self) -> Result<(), LocalStorageError> {
        self.storage.remove()
    }
}

/// What a background token refresh means for the session.
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshOutcome {
    Renewed(AuthSession),
    /// The server no longer accepts the token: sign out.
    Rejected,
    /// The server could not be asked; stay signed in and try next time.
    Deferred(BackendError),
}

pub fn classify_refresh(result: Result<AuthSession, BackendError>) -> RefreshOutcome {
    match result {
        Ok(session) => RefreshOutcome::Renewed(session),
        Err(BackendError::Unauthorized | BackendError::Forbidden | BackendError::NotFound) => {
            RefreshOutcome::Rejected
        }
        Err(other) => RefreshOutcome::Deferred(other),
    }
}

/// The context handle.
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    api: StoredValue<Rc<dyn SessionApi>, LocalStorage>,
    accounts: StoredValue<OnDemand<dyn AccountsApi>, LocalStorage>,
    vault: StoredValue<Rc<SessionVault>, LocalStorage>,
    on_sign_out: StoredValue<Rc<RefCell<Vec<SignOutHook>>>, LocalStorage>,
    monitor: Monitor,
}

impl Session {
    pub fn new(
        api: Rc<dyn SessionApi>,
        accounts: OnDemand<dyn AccountsApi>,
        vault: SessionVault,
        monitor: Monitor,
    ) -> Self {
        Self {
            state: RwSignal::new(SessionState::Restoring),
            api: StoredValue::new_local(api),
            accounts: StoredValue::new_local(accounts),
            vault: StoredValue::new_local(Rc::new(vault)),
            on_sign_out: StoredValue::new_local(Rc::default()),
            monitor,
        }
    }

    pub fn state(&self) -> Signal<SessionState> {
        self.state.into()
    }

    pub fn user(&self) -> Option<User> {
        match self.state.get() {
            SessionState::SignedIn(user) => Some(user),
            _ => None,
        }
    }

    /// The signed-in user, read without tracking.
    pub fn user_untracked(&self) -> Option<crate::domain::ids::UserId> {
        self.state.with_untracked(|s| match s {
            SessionState::SignedIn(user) => Some(user.id.clone()),
            _ => None,
        })
    }

    /// Starts signed in from storage at once, then refreshes the token.
    pub fn restore(&self) {
        let vault = self.vault.get_value();
        let stored = match vault.load() {
            Ok(stored) => stored,
            Err(e) => {
                self.monitor.note(
                    Severity::Warning,
                    Category::Storage,
                    "session.restore",
                    e.to_string(),
                );
                None
            }
        };
        let Some((token, user)) = stored else {
            self.state.set(SessionState::SignedOut);
            return;
        };
        self.state.set(SessionState::SignedIn(user));
        let api = self.api.get_value();
        let me = *self;
        spawn_local(async move {
            // A failed refresh is recorded by the resilience layer's sink;
            // here it only decides whether the session ends.
            let call = Call::new(Operation::RefreshSession, client_id().into());
            match classify_refresh(api.refresh(&call, &token).await) {
                RefreshOutcome::Renewed(session) => me.accept(session),
                RefreshOutcome::Rejected => me.sign_out(),
                RefreshOutcome::Deferred(_) => {}
            }
        });
    }

    /// Signs in; a failure is recorded by the resilience layer and returned
    /// for the form to show.
    pub async fn sign_in(&self, credentials: Credentials) -> Result<(), BackendError> {
        let accounts = self.accounts.get_value().get().await;
        let call = Call::new(Operation::SignIn, client_id().into());
        let session = accounts.sign_in(&call, &credentials).await?;
        self.accept(session);
        Ok(())
    }

    /// Creates a customer account and signs it in.
    pub async fn sign_up(&self, account: NewAccount) -> Result<(), BackendError> {
        let accounts = self.accounts.get_value().get().await;
        let call = Call::new(Operation::SignUp, client_id().into());
        accounts.sign_up(&call, &account).await?;
        self.sign_in(Credentials {
            email: account.email,
            password: account.password,
        })
        .await
    }

    /// Runs `forget` at every sign-out, e.g. to drop data of the user
    /// from this device.
    pub fn on_sign_out(&self, forget: Rc<dyn Fn()>) {
        self.on_sign_out
            .with_value(|hooks| hooks.borrow_mut().push(forget));
    }

    pub fn sign_out(&self) {
        let hooks: Vec<Rc<dyn Fn()>> = self.on_sign_out.with_value(|h| h.borrow().clone());
        for forget in hooks {
            forget();
        }
        self.api.get_value().sign_out();
        if let Err(e) = self.vault.get_value().clear() {
            self.monitor.note(
                Severity::Warning,
                Category::Storage,
                "session.sign_out",
                e.to_string(),
            );
        }
        self.state.set(SessionState::SignedOut);
    }

    fn accept(&self, session: AuthSession) {
        if let Err(e) = self.vault.get_value().save(&session) {
            // Still signed in for this visit; the next one asks again.
            self.monitor.note(
                Severity::Warning,
                Category::Storage,
                "session.save",
                e.to_string(),
            );
        }
        self.state.set(SessionState::SignedIn(session.user));
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::UserId;
    use crate::domain::user::Role;

    pub(super) fn session() -> AuthSession {
        AuthSession {
            token: AuthToken::new("tok-123".into()),
            user: User {
                id: UserId::parse("u1").unwrap(),
                name: "Ayu".into(),
                email: "a@b.co".into(),
                role: Role::Customer,
            },
        }
    }

    #[test]
    fn refresh_rejections_sign_out_but_outages_do_not() {
        assert!(matches!(
            classify_refresh(Ok(session())),
            RefreshOutcome::Renewed(_)
        ));
        assert_eq!(
            classify_refresh(Err(BackendError::Unauthorized)),
            RefreshOutcome::Rejected
        );
        assert_eq!(
            classify_refresh(Err(BackendError::NotFound)),
            RefreshOutcome::Rejected
        );
        let offline = BackendError::Network("offline".into());
        assert_eq!(
            classify_refresh(Err(offline.clone())),
            RefreshOutcome::Deferred(offline)
        );
        assert_eq!(
            classify_refresh(Err(BackendError::Offline)),
            RefreshOutcome::Deferred(BackendError::Offline)
        );
        let down = BackendError::Unavailable { status: 503 };
        assert_eq!(
            classify_refresh(Err(down.clone())),
            RefreshOutcome::Deferred(down)
        );
    }
}

// The vault reads and writes through the browser's JSON, so its tests run in
// the browser tier.
#[cfg(all(test, target_arch = "wasm32"))]
mod vault_tests {
    use std::cell::RefCell;

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::domain::user::Role;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[derive(Default)]
    struct MemoryKey(RefCell<Option<String>>);

    impl KeyValue for MemoryKey {
        fn get(&self) -> Result<Option<String>, LocalStorageError> {
            Ok(self.0.borrow().clone())
        }
        fn set(&self, value: &str) -> Result<(), LocalStorageError> {
            *self.0.borrow_mut() = Some(value.to_owned());
            Ok(())
        }
        fn remove(&self) -> Result<(), LocalStorageError> {
            *self.0.borrow_mut() = None;
            Ok(())
        }
    }

    #[wasm_bindgen_test]
    fn vault_round_trips_a_session_and_clears_it() {
        let vault = SessionVault::new(Rc::new(MemoryKey::default()));
        assert_eq!(vault.load().unwrap(), None);
        vault.save(&super::tests::session()).unwrap();
        let (token, user) = vault.load().unwrap().unwrap();
        assert_eq!(token.expose(), "tok-123");
        assert_eq!(user.name, "Ayu");
        vault.clear().unwrap();
        assert_eq!(vault.load().unwrap(), None);
    }

    #[wasm_bindgen_test]
    fn unreadable_stored_session_counts_as_none() {
        let key = Rc::new(MemoryKey::default());
        for text in [
            "{not json",
            r#"{"token":"t"}"#,
            r#"{"token":"t","user":{"id":"u1","name":"A","email":"a@b.co","role":"owner"}}"#,
            r#"{"user":{"id":"u1","name":"A","email":"a@b.co","role":"admin"}}"#,
        ] {
            key.set(text).unwrap();
            assert_eq!(
                SessionVault::new(key.clone()).load().unwrap(),
                None,
                "{text}"
            );
        }
    }

    #[wasm_bindgen_test]
    fn a_session_saved_by_an_earlier_release_restores() {
        // The text serde wrote for a stored session.
        let key = Rc::new(MemoryKey::default());
        key.set(r#"{"token":"tok-123","user":{"id":"u1","name":"Ayu \"A\"","email":"a@b.co","role":"admin"}}"#)
            .unwrap();
        let (token, user) = SessionVault::new(key).load().unwrap().unwrap();
        assert_eq!(token.expose(), "tok-123");
        assert_eq!(user.name, "Ayu \"A\"");
        assert_eq!(user.role, Role::Admin);
    }
}
