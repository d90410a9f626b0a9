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

/** How many intents wait in the app's outbox on this device (IndexedDB). */
export async function outboxSize(page) {
  return page.evaluate(async () => {
    // Opening a database that does not exist would make it, at version 1.
    if (!(await indexedDB.databases()).some((d) => d.name === 'janji')) return 0;
    return new Promise((resolve, reject) => {
    const open = indexedDB.open('janji');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('outbox')) {
        db.close();
        resolve(0);
        return;
      }
      const count = db.transaction('outbox').objectStore('outbox').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
      count.onerror = () => reject(count.error);
    };
    });
  });
}

/** The bodies of the text messages a chat window shows, top to bottom. */
export async function shownBodies(chat) {
  return chat.locator('[data-testid="message"][data-kind="Text"] .body').allTextContents();
}

/** The kinds of the intents waiting in the app's outbox on this device. */
export async function outboxKinds(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('janji');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('outbox').objectStore('outbox').getAll();
      all.onsuccess = () => {
        open.result.close();
        resolve(all.result.map((e) => e.intent.kind));
      };
      all.onerror = () => reject(all.error);
    };
  }));
}

/** The ids of every cached message in the app's database on this device (each room's are one record). */
export async function cachedMessageIds(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('janji');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('room_messages').objectStore('room_messages').getAll();
      req.onsuccess = () => { open.result.close(); resolve(req.result.flatMap((room) => room.messages.map((m) => m.id))); };
      req.onerror = () => reject(req.error);
    };
  }));
}

/** The keys of one store of the app's database on this device. */
export async function storeKeys(page, store) {
  return page.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open('janji');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction(name).objectStore(name).getAllKeys();
      req.onsuccess = () => { open.result.close(); resolve(req.result); };
      req.onerror = () => reject(req.error);
    };
  }), store);
}
