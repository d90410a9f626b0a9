// A new release with a new database version meets the data the previous
// one left, while a tab of the previous release is still open: nothing is
// lost, the waiting messages are sent, and an old tab never blocks a newer
// version (it closes its connection and offers a reload).
import {
  audit, customerWithRooms, expect, raiseChatLimits, signIn, storedBodies, test, until, watchConsole,
} from './fixtures.mjs';
import { cachedMessageIds, openRoomInApp, outboxSize, storeKeys } from './app.mjs';

/**
 * Writes the database as the previous release (schema version 6) left it,
 * from a page of the origin that does not run the app, and keeps it open
 * the way that release did: with no handler for a newer version.
 */
async function previousRelease(page, { customer, room }) {
  await page.goto('/api/health');
  await page.evaluate(({ customer, room }) => new Promise((resolve, reject) => {
    const open = indexedDB.open('janji', 6);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('providers', { keyPath: 'id' }).createIndex('by_city', 'city', { unique: false });
      db.createObjectStore('meta');
      db.createObjectStore('error_log', { keyPath: 'id' });
      db.createObjectStore('bookings', { keyPath: 'id' });
      db.createObjectStore('outbox', { keyPath: 'id' });
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('by_room', 'room', { unique: false });
      messages.createIndex('by_time', 'created', { unique: false });
      db.createObjectStore('drafts', { keyPath: 'room' });
      db.createObjectStore('rooms', { keyPath: 'room' });
      db.createObjectStore('outbox_photos', { keyPath: 'message' });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      window.__previous = db;
      const tx = db.transaction(['messages', 'outbox', 'drafts', 'error_log'], 'readwrite');
      const start = Date.now() - 3_600_000;
      for (let n = 0; n < 1000; n++) {
        const id = `upgc${String(n).padStart(11, '0')}`;
        tx.objectStore('messages').put({
          id, room: `upgroom${String(n % 20).padStart(8, '0')}`, sender: customer, kind: 'text', body: `cached ${n}`,
          created: start + n, replyTo: null, editedAt: null, deletedAt: null, flags: [], images: [],
        });
      }
      for (let n = 0; n < 50; n++) {
        tx.objectStore('outbox').put({
          id: `upgo${String(n).padStart(11, '0')}`, room, sender: customer, body: `upgrade ${String(n + 1).padStart(2, '0')}`,
          replyTo: null, queuedAt: start + n, failure: null, photos: [],
        });
      }
      tx.objectStore('drafts').put({ room, text: 'a draft from the previous release' });
      for (let n = 0; n < 3; n++) {
        tx.objectStore('error_log').put({
          id: `upge${n}`, firstSeen: start, lastSeen: start, severity: 'warning', category: 'network', operation: 'chat.send',
          message: `an old error ${n}`, correlationId: null, status: null, route: '/', appVersion: '0.1.0', context: {}, count: 1, reported: 1,
        });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  }), { customer, room });
}

test('upgrade: 1,000 cached messages and 50 queued ones of the previous version survive, with its tab open, and the queue drains', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 1, 'Upgrader');
    const [room] = who.rooms;
    const old = await page.context().newPage();
    const oldProblems = watchConsole(old);
    await previousRelease(old, { customer: who.customer, room });

    // The new release waits for the old tab, and says why.
    await signIn(page, who.email);
    const notice = page.getByTestId('storage-notice');
    await expect(notice).toContainText('Close janji in your other tabs');
    await old.close();
    const closed = Date.now();
    await expect(notice).toHaveCount(0);

    await until(async () => (await storedBodies(request, [room]))[room].length >= 50 && (await outboxSize(page)) === 0,
      { what: 'the 50 queued messages stored' });
    const converged = Date.now() - closed;
    const sent = { [room]: Array.from({ length: 50 }, (_, n) => `upgrade ${String(n + 1).padStart(2, '0')}`) };
    audit('upgrade', sent, await storedBodies(request, [room]), converged);

    const cached = new Set(await cachedMessageIds(page));
    const missing = Array.from({ length: 1000 }, (_, n) => `upgc${String(n).padStart(11, '0')}`).filter((id) => !cached.has(id));
    expect(missing, 'every cached message survived the upgrade').toEqual([]);
    const errors = await storeKeys(page, 'error_log');
    expect(['upge0', 'upge1', 'upge2'].filter((id) => !errors.includes(id)), 'the error log survived').toEqual([]);
    const chat = await openRoomInApp(page, room);
    await expect(chat.getByLabel('Message')).toHaveValue('a draft from the previous release');
    expect(oldProblems).toEqual([]);

    // A newer version opened elsewhere: this tab lets go at once and offers a reload.
    const newer = await page.context().newPage();
    await newer.goto('/api/health');
    const upgraded = await newer.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('janji', 1000);
      let blocked = false;
      open.onblocked = () => { blocked = true; };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => { open.result.close(); resolve({ blocked, version: open.result.version }); };
    }));
    expect(upgraded, 'the open app tab never blocks a newer version').toEqual({ blocked: false, version: 1000 });
    await expect(notice).toContainText('updated in another tab');
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();
    await newer.close();
  } finally {
    await restore();
  }
});
