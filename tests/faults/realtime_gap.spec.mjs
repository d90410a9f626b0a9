// One person's live connection is cut for 30 s while the other writes, edits
// and reacts: when it is back, the page shows exactly the server's state.
import {
  audit, customerWithRooms, expect, raiseChatLimits, signIn, superuser, test, until,
} from './fixtures.mjs';
import { openRoomInApp } from './app.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_', 'EventSource'] });

const EMOJI = ['👍', '❤️', '😂'];

/** The room as the server has it: each text message with its body (or deletion), edit mark and reactions. */
async function serverState(request, room) {
  const su = await superuser(request);
  const filter = encodeURIComponent(`room='${room}' && kind='text'`);
  const messages = (await (await request.get(`/api/collections/messages/records?filter=${filter}&sort=created,id&perPage=500`, su)).json()).items;
  const rfilter = encodeURIComponent(`message.room='${room}'`);
  const reactions = (await (await request.get(`/api/collections/reactions/records?filter=${rfilter}&perPage=500`, su)).json()).items;
  return messages.map((m) => ({
    id: m.id,
    text: m.deletedAt ? 'Message deleted' : m.body,
    edited: Boolean(m.editedAt) && !m.deletedAt,
    reactions: EMOJI.map((e) => [e, reactions.filter((r) => r.message === m.id && r.emoji === e).length])
      .filter(([, n]) => n > 0).map(([e, n]) => `${e} ${n}`),
  }));
}

/** The room as the page shows it, in the same shape. */
async function pageState(chat) {
  return chat.locator('[data-testid="message"][data-kind="Text"]').evaluateAll((items) => items.map((li) => ({
    id: li.dataset.id,
    text: (li.querySelector('.body') ?? li.querySelector('.deleted'))?.textContent ?? '',
    edited: (li.querySelector('.meta')?.textContent ?? '').includes('edited'),
    reactions: [...li.querySelectorAll('[data-testid="reaction"]')].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
  })));
}

test('realtime gap: cut off for 30 s while the other sends 50 messages, 20 edits and 30 reactions; the page then equals the server', async ({ page, request }) => {
  test.setTimeout(180_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 1, 'Gap Reader');
    const [room] = who.rooms;
    const as = { headers: { Authorization: who.providerToken } };
    const post = async (body) => {
      const res = await request.post('/api/collections/messages/records', { ...as, data: { room, sender: who.provider, kind: 'text', body } });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()).id;
    };
    // Some history the reader holds before the cut: changes to it must show too.
    const before = [];
    for (let i = 1; i <= 10; i++) before.push(await post(`before ${i}`));

    await signIn(page, who.email);
    const chat = await openRoomInApp(page, room);
    await expect(chat.locator('[data-kind="Text"]')).toHaveCount(10);

    // The cut: the server drops the live connection and every reconnect fails.
    await page.route('**/api/realtime**', (route) => route.abort('connectionreset'));
    const dropped = await request.post(`/api/faults/drop-realtime/${who.customer}`, await superuser(request));
    expect((await dropped.json()).dropped).toBeGreaterThan(0);
    const cutAt = Date.now();

    for (let i = 1; i <= 50; i++) await post(`gap ${String(i).padStart(2, '0')}`);
    const all = [...before, ...(await serverState(request, room)).slice(10).map((m) => m.id)];
    // 20 edits, half of them of messages held before the cut.
    for (let i = 0; i < 20; i++) {
      const id = all[i < 10 ? i : 10 + (i - 10) * 4];
      const res = await request.patch(`/api/collections/messages/records/${id}`, { ...as, data: { body: `edited ${i + 1}` } });
      expect(res.status(), await res.text()).toBe(200);
    }
    // 30 reactions, spread over old and new messages.
    for (let i = 0; i < 30; i++) {
      const res = await request.post('/api/collections/reactions/records', {
        ...as, data: { message: all[(i * 7) % all.length], user: who.provider, emoji: EMOJI[i % 3] },
      });
      expect(res.status(), await res.text()).toBe(200);
    }
    await page.waitForTimeout(Math.max(0, 30_000 - (Date.now() - cutAt)));
    await expect(chat.locator('[data-kind="Text"]'), 'nothing arrived while cut off').toHaveCount(10);

    await page.unroute('**/api/realtime**');
    const restored = Date.now();
    const server = await serverState(request, room);
    let shown = [];
    await until(async () => {
      shown = await pageState(chat);
      return JSON.stringify(shown) === JSON.stringify(server);
    }, { timeout: 30_000, every: 200, what: 'the page equal to the server' }).catch((e) => {
      expect(shown, 'the page shows the server state').toEqual(server);
      throw e;
    });
    const converged = Date.now() - restored;
    const ids = shown.map((m) => m.id);
    expect(new Set(ids).size, 'each message rendered once').toBe(ids.length);
    // Sent is what the server holds; stored is what the page renders.
    audit('realtime gap', { [room]: server.map((m) => m.text) }, { [room]: shown.map((m) => m.text) }, converged);
  } finally {
    await restore();
  }
});
