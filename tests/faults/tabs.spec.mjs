// One person with three tabs: one tab sends at a time, none sends what
// another is sending, and when the sending tab closes another takes over.
import {
  audit, customerWithRooms, expect, raiseChatLimits, signIn, storedBodies, test, typeMessages, until, watchConsole,
} from './fixtures.mjs';
import { openRoomInApp, outboxSize } from './app.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

test('three tabs: 50 queued messages sent once, never by two tabs at a time; closing the sending tab hands over within 2 s', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const restore = await raiseChatLimits(request);
  const context = await browser.newContext();
  try {
    const who = await customerWithRooms(request, 1, 'Three Tabs');
    const [room] = who.rooms;
    const problems = [];
    const newTab = async () => {
      const tab = await context.newPage();
      problems.push(watchConsole(tab, ['Failed to load resource', 'net::ERR_']));
      return tab;
    };
    const tabs = [await newTab()];
    await signIn(tabs[0], who.email);
    for (let i = 1; i < 3; i++) {
      const tab = await newTab();
      await tab.goto('/');
      await expect(tab.getByTestId('signed-in-as')).toBeVisible();
      tabs.push(tab);
    }
    const chats = [];
    for (const tab of tabs) chats.push(await openRoomInApp(tab, room));

    // Every send is slowed a little, so that a flush lasts long enough to
    // close the sending tab in the middle of it; each tab's sends are noted.
    const sends = [];
    await context.route('**/api/collections/messages/records', async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 150));
      await route.continue().catch(() => {});
    });
    tabs.forEach((tab, index) => {
      tab.on('request', (r) => {
        if (r.method() !== 'POST' || !r.url().includes('/api/collections/messages/records')) return;
        const id = JSON.parse(r.postData() ?? '{}').id;
        const send = { tab: index, id, start: Date.now(), end: Infinity };
        sends.push(send);
        const done = () => { send.end = Date.now(); };
        r.response().then(done, done);
      });
    });

    // 50 messages written offline, spread over the three tabs.
    await context.setOffline(true);
    const sent = { [room]: Array.from({ length: 50 }, (_, i) => `tab ${String(i + 1).padStart(2, '0')}`) };
    await typeMessages(chats[0], sent[room].slice(0, 17));
    await typeMessages(chats[1], sent[room].slice(17, 34));
    await typeMessages(chats[2], sent[room].slice(34));
    expect(await outboxSize(tabs[0])).toBe(50);
    for (const chat of chats) await expect(chat.locator('[data-status="sending"]'), 'every tab shows every waiting message').toHaveCount(50);

    await context.setOffline(false);
    const stored = async () => (await storedBodies(request, [room]))[room].length;
    await until(async () => (await stored()) >= 15, { what: '15 messages stored' });
    const sender = sends.at(-1).tab;
    expect(new Set(sends.map((s) => s.tab)), 'one tab sends').toEqual(new Set([sender]));
    const closedAt = Date.now();
    await tabs[sender].close();
    await until(() => sends.some((s) => s.tab !== sender), { timeout: 10_000, every: 10, what: 'another tab sending' });
    const takeover = sends.find((s) => s.tab !== sender).start - closedAt;
    console.log(`tabs: the sending tab closed; another tab sent ${takeover} ms later`);

    await until(async () => (await stored()) >= 50 && (await outboxSize(tabs[(sender + 1) % 3])) === 0, { timeout: 60_000, every: 250, what: 'all 50 stored and the outbox empty' });
    const converged = Date.now() - closedAt;
    audit('three tabs', sent, await storedBodies(request, [room]), converged);

    // No two tabs ever had the same intent on its way at once.
    const overlaps = sends.filter((a) => sends.some((b) => a.tab !== b.tab && a.id === b.id && a.start < b.end && b.start < a.end));
    expect(overlaps, 'no intent sent by two tabs at once').toEqual([]);
    expect(takeover, 'another tab takes over within 2 s').toBeLessThanOrEqual(2000);
    // The tabs left show the same, without a reload.
    for (const [i, chat] of chats.entries()) {
      if (i === sender) continue;
      await expect(chat.locator('[data-status="sending"]')).toHaveCount(0);
      await expect(chat.locator('[data-kind="Text"] .body')).toHaveText(sent[room]);
    }
    expect(problems.flat(), 'every tab keeps a clean console').toEqual([]);
  } finally {
    await context.close();
    await restore();
  }
});
