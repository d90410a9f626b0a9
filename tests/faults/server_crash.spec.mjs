// The server dies with SIGKILL in the middle of a flush: what the outbox
// held is sent after the restart, each message once, in order per room.
import {
  audit, customerWithRooms, expect, pocketbase, raiseChatLimits, serveAppFromDisk, signIn, storedBodies, test,
  typeMessages, until,
} from './fixtures.mjs';
import { outboxSize, openRoomInApp } from './app.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_', 'EventSource'] });

test('server killed mid-flush: 100 messages across 3 rooms are stored once each, in order, after a reload and a restart', async ({ page, request }) => {
  test.setTimeout(240_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 3, 'Crash Sender');
    // The app comes from a static host, so the tab can reload while the API is down.
    await serveAppFromDisk(page.context());
    await signIn(page, who.email);
    // Open every room once while online, so their code and data are here.
    for (const room of who.rooms) await openRoomInApp(page, room);

    // Written offline: the outbox keeps all 100 on the device.
    await page.context().setOffline(true);
    const sent = {};
    const counts = [34, 33, 33];
    let n = 0;
    for (const [i, room] of who.rooms.entries()) {
      const chat = await openRoomInApp(page, room);
      sent[room] = Array.from({ length: counts[i] }, () => `crash ${String(++n).padStart(3, '0')}`);
      await typeMessages(chat, sent[room]);
    }
    expect(await outboxSize(page)).toBe(100);

    // Back online the flush starts; the server dies once about 30 are stored.
    await page.context().setOffline(false);
    const rooms = who.rooms;
    const total = async () => Object.values(await storedBodies(request, rooms)).reduce((s, b) => s + b.length, 0);
    let seen = 0;
    await until(async () => (seen = await total()) >= 30, { every: 20, what: '30 messages stored' });
    await pocketbase('kill');
    console.log(`server killed once ${seen} of 100 were stored`);

    await page.reload();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    const restarted = Date.now();
    await pocketbase('start');
    await until(async () => (await total()) >= 100 && (await outboxSize(page)) === 0, { timeout: 60_000, every: 250, what: 'every message stored and the outbox empty' });
    const converged = Date.now() - restarted;
    const stored = await storedBodies(request, rooms);
    audit('server killed mid-flush', sent, stored, converged);
  } finally {
    await restore();
  }
});
