// What the fault scenarios do in the app and read back from the device.
import { expect } from '../e2e/fixtures.mjs';

/**
 * Opens the chat of `room` by moving inside the app (the Bookings link,
 * then the room's "Open chat"), never by loading a page: it works offline.
 */
export async function openRoomInApp(page, room) {
  await page.getByRole('link', { name: 'Bookings', exact: true }).click();
  const card = page.locator(`[data-booking="${room}"]`);
  await card.getByRole('button', { name: 'Open chat' }).click();
  const chat = page.getByTestId('chat-window');
  await expect(chat).toBeVisible();
  await expect(chat.getByTestId('message').first()).toBeVisible();
  return chat;
}

// What `readStore` can read of a store, and the store's request for it.
const reads = { count: 'count', keys: 'getAllKeys', values: 'getAll' };

/**
 * Reads one store of the app's database ('janji' in IndexedDB) on this
 * device: `pick` is 'count' (how many records), 'keys' or 'values' (all of
 * them). It is a name because a function cannot be passed into the page.
 * With `whenAbsent`, that is the answer when the database or the store does
 * not exist yet; without it, reading a store that does not exist fails.
 */
async function readStore(page, store, pick, { whenAbsent } = {}) {
  const method = reads[pick];
  if (!method) throw new Error(`readStore: cannot read '${pick}' of a store`);
  return page.evaluate(async ({ store, method, whenAbsent }) => {
    // Opening a database that does not exist would make it, at version 1.
    if (whenAbsent !== undefined && !(await indexedDB.databases()).some((d) => d.name === 'janji')) return whenAbsent;
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('janji');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (whenAbsent !== undefined && !db.objectStoreNames.contains(store)) {
          db.close();
          resolve(whenAbsent);
          return;
        }
        let req;
        // A store that does not exist throws here, where the promise would
        // otherwise never settle.
        try {
          req = db.transaction(store).objectStore(store)[method]();
        } catch (e) {
          db.close();
          reject(e);
          return;
        }
        req.onsuccess = () => {
          db.close();
          resolve(req.result);
        };
        req.onerror = () => reject(req.error);
      };
    });
  }, { store, method, whenAbsent });
}

/** How many intents wait in the app's outbox on this device (IndexedDB). */
export async function outboxSize(page) {
  return readStore(page, 'outbox', 'count', { whenAbsent: 0 });
}

/** The bodies of the text messages a chat window shows, top to bottom. */
export async function shownBodies(chat) {
  return chat.locator('[data-testid="message"][data-kind="Text"] .body').allTextContents();
}

/** The kinds of the intents waiting in the app's outbox on this device. */
export async function outboxKinds(page) {
  return (await readStore(page, 'outbox', 'values')).map((e) => e.intent.kind);
}

/** The ids of every cached message in the app's database on this device (each room's are one record). */
export async function cachedMessageIds(page) {
  return (await readStore(page, 'room_messages', 'values')).flatMap((room) => room.messages.map((m) => m.id));
}

/** The keys of one store of the app's database on this device. */
export async function storeKeys(page, store) {
  return readStore(page, store, 'keys');
}
