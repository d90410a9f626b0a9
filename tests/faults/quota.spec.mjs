// The browser's storage quota runs out: the app evicts cached data, oldest
// first, keeps every queued message, tells the user, and goes on working.
import {
  audit, customerWithRooms, expect, raiseChatLimits, seeded, signIn, storedBodies, superuser, test, typeMessages, until,
} from './fixtures.mjs';
import { cachedMessageIds, openRoomInApp, outboxSize } from './app.mjs';
import { messageBatches } from '../harness/seed.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

/** `length` letters that do not compress (storage compresses repetition away). */
function noise(random, length) {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
}

/** Writes `count` long messages into `room` through the batch API. */
async function seedLong(request, who, count, random) {
  const su = await superuser(request);
  for (const requests of messageBatches(who, count, { prefix: 'q', body: (n) => `old ${n} ${noise(random, 1500)}` })) {
    const res = await request.post('/api/batch', { ...su, data: { requests } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

test('quota: writes over a tiny quota evict the caches, keep the outbox, and say so; nothing queued is lost', async ({ page, request }) => {
  test.setTimeout(180_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 3, 'Full Disk');
    // Long histories, so the cache of each room's newest page is large.
    const random = seeded(5);
    for (const room of who.rooms) {
      await seedLong(request, { room, customer: who.customer, provider: who.provider }, 60, random);
    }
    // A tiny quota, set before the app first opens its database (Chromium
    // applies a quota to the storage opened after it).
    await page.goto('/api/health');
    const cdp = await page.context().newCDPSession(page);
    const origin = new URL(page.url()).origin;
    const quota = 300_000;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: quota });

    // Three rooms' newest pages would fill more than that.
    await signIn(page, who.email);
    for (const room of who.rooms) {
      const chat = await openRoomInApp(page, room);
      await expect(chat.getByTestId('message')).toHaveCount(50);
    }
    // The open rooms' receipts (a reader writes at most one a second) are
    // sent before going offline, so the outbox then holds only what is
    // typed offline.
    await page.waitForTimeout(1500);
    await until(async () => (await outboxSize(page)) === 0, { what: 'the receipts of the open rooms sent' });
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);

    // Offline, 20 long messages: more than the quota leaves room for.
    await page.context().setOffline(true);
    // The chat still open is the last room's.
    const room = who.rooms.at(-1);
    const chat = page.getByTestId('chat-window');
    const sent = { [room]: Array.from({ length: 20 }, (_, i) => `quota ${String(i + 1).padStart(2, '0')} ${noise(random, 1800)}`) };
    const typed = Date.now();
    await typeMessages(chat, sent[room]);
    await expect(page.getByTestId('storage-notice')).toContainText(/full|space/i);
    expect(await outboxSize(page), 'every queued message is on the device').toBe(20);
    const cached = (await cachedMessageIds(page)).length;
    console.log(`quota: ${quota} bytes; ${usage} used before the messages were written; ${cached} of 150 cached messages kept`);
    expect(cached, 'cached messages were evicted').toBeLessThan(150);

    await page.context().setOffline(false);
    await until(async () => (await storedBodies(request, [room]))[room].filter((b) => b.startsWith('quota')).length >= 20 && (await outboxSize(page)) === 0,
      { what: 'the 20 messages stored' });
    const stored = await storedBodies(request, [room]);
    audit('quota', sent, stored, Date.now() - typed);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  } finally {
    await restore();
  }
});
