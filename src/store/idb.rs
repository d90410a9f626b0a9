//! A thin async layer over the IndexedDB API of web-sys: requests and
//! transactions as futures, and opening a database through a list of
//! numbered migrations.
//!
//! Written here rather than taken from `indexed_db_futures` because
//! migrations need the `versionchange` transaction (to add an index to an
//! existing store or rewrite its records), which that crate does not expose.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    DomException, IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

use super::{StoreError, StoreResult};

/// One schema step: gets the database and the upgrade transaction, and
/// changes the schema from the previous version to this one.
pub type Migration = fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>;

type EventClosure = Closure<dyn FnMut(web_sys::Event)>;

/// Maps a DOM error to a [`StoreError`], naming quota problems explicitly.
pub fn dom_error(value: &JsValue) -> StoreError {
    match value.dyn_ref::<DomException>() {
        Some(e) if e.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Some(e) => StoreError::Failed(format!("{}: {}", e.name(), e.message())),
        None => StoreError::Failed(value.as_string().unwrap_or_else(|| "unknown error".into())),
    }
}

/// Waits for a request's success or error event.
pub async fn request(req: &IdbRequest) -> StoreResult<JsValue> {
    let (tx, rx) = oneshot::channel::<StoreResult<JsValue>>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let (ok_req, ok_tx) = (req.clone(), tx.clone());
    let on_success = EventClosure::new(move |_| {
        if let Some(tx) = ok_tx.borrow_mut().take() {
            let _ = tx.send(req_result(&ok_req));
        }
    });
    let (err_req, err_tx) = (req.clone(), tx);
    let on_error = EventClosure::new(move |_| {
        if let Some(tx) = err_tx.borrow_mut().take() {
            let error = err_req.error().ok().flatten().map_or_else(
                || StoreError::Failed("request failed".into()),
                |e| dom_error(&e.into()),
            );
            let _ = tx.send(Err(error));
        }
    });
    req.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    req.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let result = rx
        .await
        .unwrap_or_else(|_| Err(StoreError::Failed("request dropped".into())));
    req.set_onsuccess(None);
    req.set_onerror(None);
    result
}

fn req_result(req: &IdbRequest) -> StoreResult<JsValue> {
    req.result().map_err(|e| dom_error(&e))
}

/// Waits until a transaction commits; an abort or error becomes an error.
pub async fn done(tx: &IdbTransaction) -> StoreResult<()> {
    let (sender, rx) = oneshot::channel::<StoreResult<()>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let complete_sender = sender.clone();
    let on_complete = EventClosure::new(move |_| {
        if let Some(s) = complete_sender.borrow_mut().take() {
            let _ = s.send(Ok(()));
        }
    });
    let failed_tx = tx.clone();
    let on_failed = EventClosure::new(move |_| {
        if let Some(s) = sender.borrow_mut().take() {
            let error = failed_tx.error().map_or_else(
                || StoreError::Failed("transaction aborted".into()),
                |e| dom_error(&e.into()),
            );
            let _ = s.send(Err(error));
        }
    });
    tx.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
    tx.set_onabort(Some(on_failed.as_ref().unchecked_ref()));
    tx.set_onerror(Some(on_failed.as_ref().unchecked_ref()));
    let result = rx
        .await
        .unwrap_or_else(|_| Err(StoreError::Failed("transaction dropped".into())));
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    tx.set_onerror(None);
    result
}

/// Opens `name` at `version`, running `migrations[old..version]` in the
/// upgrade transaction. `migrations[i]` moves the schema from version `i` to
/// `i + 1`; every step runs in order, so a database several versions behind
/// catches up without losing data.
pub async fn open(
    name: &str,
    version: u32,
    migrations: &'static [Migration],
) -> StoreResult<IdbDatabase> {
    open_with(name, version, migrations, || {}).await
}

/// As [`open`]; `on_blocked` runs when tabs holding an older version keep
/// the upgrade waiting (the open then goes on once they close).
pub async fn open_with(
    name: &str,
    version: u32,
    migrations: &'static [Migration],
    on_blocked: fn(),
) -> StoreResult<IdbDatabase> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| StoreError::Unavailable("this browser offers no IndexedDB".into()))?;
    let open_req: IdbOpenDbRequest = factory
        .open_with_u32(name, version)
        .map_err(|e| StoreError::Unavailable(dom_error(&e).to_string()))?;

    let upgrade_error: Rc<RefCell<Option<StoreError>>> = Rc::default();
    let upgrade_req = open_req.clone();
    let upgrade_error_slot = upgrade_error.clone();
    let on_upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |event: web_sys::IdbVersionChangeEvent| {
            let old = event.old_version() as usize;
            let result = run_migrations(&upgrade_req, old, version as usize, migrations);
            if let Err(e) = result {
                *upgrade_error_slot.borrow_mut() = Some(e);
                if let Some(tx) = upgrade_req.transaction() {
                    // Aborting rolls the whole upgrade back; the old schema stays.
                    let _ = tx.abort();
                }
            }
        },
    );
    // Older tabs hold the upgrade up; the open goes on once they close.
    let blocked_handler = EventClosure::new(move |_| on_blocked());
    open_req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    open_req.set_onblocked(Some(blocked_handler.as_ref().unchecked_ref()));

    let result = request(&open_req).await;
    open_req.set_onupgradeneeded(None);
    open_req.set_onblocked(None);
    if let Some(e) = upgrade_error.borrow_mut().take() {
        return Err(e);
    }
    match result {
        Ok(db) => Ok(db.unchecked_into()),
        // The browser refused to open storage at all (some private modes).
        Err(StoreError::Failed(why)) => Err(StoreError::Unavailable(why)),
        Err(e) => Err(e),
    }
}

/// Closes `db` as soon as another tab asks to open a newer version, then
/// calls `closed`: an old tab must never block an upgrade. Lives as long as
/// the page.
pub fn close_on_version_change(db: &IdbDatabase, closed: impl Fn() + 'static) {
    let handle = db.clone();
    let handler = EventClosure::new(move |_| {
        handle.close();
        closed();
    });
    db.set_onversionchange(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
}

fn run_migrations(
    req: &IdbOpenDbRequest,
    old: usize,
    new: usize,
    migrations: &[Migration],
) -> StoreResult<()> {
    let db: IdbDatabase = req.result().map_err(|e| dom_error(&e))?.unchecked_into();
    let tx = req
        .transaction()
        .ok_or_else(|| StoreError::Failed("no upgrade transaction".into()))?;
    for (step, migrate) in migrations.iter().enumerate().take(new).skip(old) {
        migrate(&db, &tx).map_err(|e| {
            let cause = dom_error(&e);
            StoreError::Failed(format!("migration to version {} failed: {cause}", step + 1))
        })?;
    }
    Ok(())
}

/// Starts a transaction over `stores`.
pub fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: IdbTransactionMode,
) -> StoreResult<IdbTransaction> {
    let names = js_sys::Array::new();
    for s in stores {
        names.push(&JsValue::from_str(s));
    }
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|e| dom_error(&e))
}

pub fn store(tx: &IdbTransaction, name: &str) -> StoreResult<IdbObjectStore> {
    tx.object_store(name).map_err(|e| dom_error(&e))
}

/// Turns a value into a plain JS object for storage. It goes through JSON
/// text on purpose: the app already carries serde_json's code for the
/// backend, and a second serde format would add a second copy of every
/// type's (de)serializer to the bundle.
pub fn to_js<T: Serialize>(value: &T) -> StoreResult<JsValue> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| StoreError::Corrupt("unparsable JSON".into()))
}

/// Reads a stored JS value back into a Rust value.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> StoreResult<T> {
    let text: String = js_sys::JSON::stringify(&value)
        .map_err(|_| StoreError::Corrupt("unserializable value".into()))?
        .into();
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))
}
