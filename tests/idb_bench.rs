//! The IndexedDB benchmark of `scripts/bench.sh`, in headless Chromium
//! (the wasm-bindgen-test tier): writing 500 messages in one transaction
//! and reading a room's newest 50, through the app's own messages cache
//! (`store::messages_cache`). It prints one line, `bench idb: {json}`, with
//! every run's time in milliseconds, and asserts only that what was read
//! back is right (the newest 50, oldest first), never a time. Run alone with
//! `cargo test --target wasm32-unknown-unknown --test idb_bench -- --nocapture`.
//!
//! The cache's batch write is `MessagesCache::replace`: one readwrite
//! transaction that puts the room's record (a room's cached messages are
//! one record, `{room, newest, messages}`), replacing the one it had. Its
//! read, `load`, gets the room's record and sorts its messages; the chat
//! keeps the newest page of 50 per room, and there is no "newest n" query,
//! so reading the newest 50 of a room that holds 500 reads all 500.

// IndexedDB exists only in the browser; on the host this file is empty so
// that `cargo test` and `clippy --all-targets` pass over it.
#![cfg(target_arch = "wasm32")]

use janji::domain::ids::{MessageId, RoomId, UserId};
use janji::domain::message::Message;
use janji::domain::time::Millis;
use janji::domain::timeline::PAGE;
use janji::store::lazy_db::LazyDb;
use janji::store::messages_cache::{IdbMessagesCache, MessagesCache};
use janji::store::{idb, schema};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const WARMUP: usize = 5;
const RUNS: usize = 20;
const BATCH: usize = 500;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("the Performance API")
        .now()
}

/// The `n`-th message of `room`, a second after the one before, from one of
/// its two people, with a body as long as a typical chat line.
fn message(room: &RoomId, n: usize) -> Message {
    let id = MessageId::parse(format!("{}{n:06}", room.as_str())).unwrap();
    let sender = UserId::parse(if n.is_multiple_of(2) {
        "customer1"
    } else {
        "provider1"
    })
    .unwrap();
    Message::text(
        id,
        room.clone(),
        Some(sender),
        format!("message {n}: see you at three, I will bring the oil and the towels"),
        Millis(1_767_225_600_000 + n as u64 * 1000),
    )
}

fn room(name: String) -> RoomId {
    RoomId::parse(name).unwrap()
}

fn history(room: &RoomId) -> Vec<Message> {
    (0..BATCH).map(|n| message(room, n)).collect()
}

fn ids(messages: &[Message]) -> Vec<String> {
    messages.iter().map(|m| m.id.to_string()).collect()
}

/// Runs `f` WARMUP + RUNS times and keeps the last RUNS times, in ms.
async fn timed<F, Fut>(mut f: F) -> Vec<f64>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(RUNS);
    for run in 0..WARMUP + RUNS {
        let started = now();
        f(run).await;
        if run >= WARMUP {
            times.push(now() - started);
        }
    }
    times
}

#[wasm_bindgen_test]
async fn writing_500_messages_in_one_transaction_and_reading_the_newest_50() {
    let name = format!("janji-bench-{}", js_sys::Math::random());
    let db = idb::open(&name, schema::VERSION, schema::MIGRATIONS)
        .await
        .expect("the benchmark's database opens");
    let cache = IdbMessagesCache::new(LazyDb::ready(db));

    // 500 messages into a room that holds none (a new room each run, so the
    // store grows to 12,500 messages over the runs, as a device's would).
    let batches: Vec<(RoomId, Vec<Message>)> = (0..WARMUP + RUNS)
        .map(|run| {
            let room = room(format!("write{run:03}"));
            let messages = history(&room);
            (room, messages)
        })
        .collect();
    let write = timed(|run| {
        let (room, messages) = &batches[run];
        let cache = &cache;
        async move { cache.replace(room, messages).await.expect("500 written") }
    })
    .await;

    // 500 over the 500 a room already holds (what `replace` does then: the
    // room's record is overwritten).
    let again = room("write000".into());
    let replace = timed(|_| {
        let (cache, again, messages) = (&cache, &again, &batches[0].1);
        async move { cache.replace(again, messages).await.expect("500 replaced") }
    })
    .await;

    // A room as the chat keeps it: its newest page of 50.
    let kept = room("kept".into());
    let all = history(&kept);
    let newest = &all[BATCH - PAGE..];
    cache.replace(&kept, newest).await.expect("50 written");
    let read = timed(|_| {
        let (cache, kept) = (&cache, &kept);
        async move {
            let got = cache.load(kept).await.expect("50 read");
            assert_eq!(ids(&got), ids(newest), "the newest 50, oldest first");
        }
    })
    .await;

    // The newest 50 of a room holding 500: the whole room is read.
    let full = room("write001".into());
    let expected = ids(&batches[1].1[BATCH - PAGE..]);
    let read_of_500 = timed(|_| {
        let (cache, full, expected) = (&cache, &full, &expected);
        async move {
            let got = cache.load(full).await.expect("500 read");
            assert_eq!(got.len(), BATCH);
            assert_eq!(
                &ids(&got[BATCH - PAGE..]),
                expected,
                "the newest 50, oldest first"
            );
        }
    })
    .await;

    let line = serde_json::json!({
        "warmup": WARMUP,
        "runs": RUNS,
        "write500": write,
        "replace500": replace,
        "readNewest50": read,
        "readNewest50Of500": read_of_500,
    });
    console_log!("bench idb: {line}");
}
