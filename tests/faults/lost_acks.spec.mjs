// Answers lost on the way back: the request reached the server and was
// stored, but the app never heard. Resending under the same client id must
// not store it twice.
import {
  audit, customerWithRooms, expect, raiseChatLimits, seeded, signIn, storedBodies, test, typeMessages, until,
} from './fixtures.mjs';
import { openRoomInApp, outboxSize } from './app.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

test('lost acknowledgements: 20 % of 200 sends reach the server and lose their answer; 200 stored, none twice', async ({ page, request }) => {
  test.setTimeout(180_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 1, 'Lost Answers');
    const [room] = who.rooms;
    await signIn(page, who.email);
    const chat = await openRoomInApp(page, room);

    // The first try of one send in five is stored by the server, then its
    // answer is cut (the connection resets), as on a dying mobile link.
    const random = seeded(7);
    const tried = new Set();
    let cut = 0;
    await page.route('**/api/collections/messages/records', async (route) => {
      const request_ = route.request();
      if (request_.method() !== 'POST') return route.continue();
      const { id } = JSON.parse(request_.postData() ?? '{}');
      const first = !tried.has(id);
      tried.add(id);
      if (first && random() < 0.2) {
        const answer = await route.fetch();
        expect(answer.status()).toBe(200);
        cut += 1;
        return route.abort('connectionreset');
      }
      return route.continue();
    });

    const sent = { [room]: Array.from({ length: 200 }, (_, i) => `ack ${String(i + 1).padStart(3, '0')}`) };
    await typeMessages(chat, sent[room]);
    const typed = Date.now();
    const stored = async () => (await storedBodies(request, [room]))[room].length;
    await until(async () => (await stored()) >= 200 && (await outboxSize(page)) === 0, { timeout: 90_000, every: 250, what: 'all 200 stored and the outbox empty' });
    const converged = Date.now() - typed;
    console.log(`lost acknowledgements: ${cut} of 200 answers cut after the server stored the message`);
    expect(cut).toBeGreaterThanOrEqual(20);
    audit('lost acknowledgements', sent, await storedBodies(request, [room]), converged);
    // Every message shows once, as sent.
    await expect(chat.locator('[data-status="sending"]')).toHaveCount(0);
    const shown = await chat.locator('[data-testid="message"][data-kind="Text"] .body').allTextContents();
    expect(new Set(shown).size, 'each message is rendered once').toBe(shown.length);
  } finally {
    await restore();
  }
});
