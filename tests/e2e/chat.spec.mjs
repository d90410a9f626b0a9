// The chat window end to end against a real PocketBase: paging through a
// long history without jumps, with a bounded DOM.
import { apiSignIn, expect, signIn, superuser, test } from './fixtures.mjs';

const PROVIDER_ID = 'prvdewijakarta1';
const CUSTOMER = 'customer@janji.test';
const PROVIDER = 'provider@janji.test';

/** A booking made over the API by the demo customer; its id is its room's id. */
async function bookingWithRoom(request) {
  const customer = await apiSignIn(request, CUSTOMER);
  const res = await request.post('/api/collections/bookings/records', {
    headers: { Authorization: customer.token },
    data: {
      provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate',
      chatWindowOpen: false, customerName: 'Citra', customerWhatsApp: '+6281234567890',
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  const provider = await apiSignIn(request, PROVIDER);
  return { room: (await res.json()).id, customer: customer.record.id, provider: provider.record.id };
}

/** Writes `count` messages into `room` through the batch API, 50 per transaction. */
async function seedMessages(request, { room, customer, provider }, count) {
  const su = await superuser(request);
  // Ids sort like the numbers, so messages saved within one millisecond
  // still come in the order they were written.
  const id = (n) => `s${room.slice(0, 4)}${String(n).padStart(10, '0')}`;
  for (let start = 0; start < count; start += 50) {
    const requests = [];
    for (let n = start; n < Math.min(start + 50, count); n++) {
      requests.push({
        method: 'POST',
        url: '/api/collections/messages/records',
        body: { id: id(n), room, sender: n % 2 ? provider : customer, kind: 'text', body: `history ${n}` },
      });
    }
    const res = await request.post('/api/batch', { ...su, data: { requests } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

/** Opens the chat of `room` from My bookings. */
async function openChat(page, room) {
  await page.goto('/bookings');
  await page.locator(`[data-booking="${room}"]`).getByRole('button', { name: 'Open chat' }).click();
  const chat = page.getByTestId('chat-window');
  await expect(chat).toBeVisible();
  return chat;
}

test('5,000 messages page in without jumps, never more than 500 in the DOM, and jump to latest returns', async ({ page, request }) => {
  test.setTimeout(180_000);
  const booking = await bookingWithRoom(request);
  await seedMessages(request, booking, 5000);

  await signIn(page, CUSTOMER);
  const chat = await openChat(page, booking.room);
  const list = chat.getByTestId('messages');
  const messages = chat.getByTestId('message');
  await expect(messages).toHaveCount(50);
  await expect(messages.last()).toContainText('history 4999');

  // Counts message elements after every DOM change, not only between pages.
  await list.evaluate((el) => {
    window.__maxMessages = 0;
    const count = () => { window.__maxMessages = Math.max(window.__maxMessages, el.querySelectorAll('[data-testid="message"]').length); };
    new MutationObserver(count).observe(el, { childList: true });
    count();
  });

  const seen = new Set();
  const shifts = [];
  for (let page_ = 0; page_ < 200; page_++) {
    // Scroll to the top and note where the first visible message is.
    const before = await list.evaluate((el) => {
      el.scrollTop = 0;
      const top = el.getBoundingClientRect().top;
      const first = [...el.querySelectorAll('[data-testid="message"]')].find((m) => m.getBoundingClientRect().bottom > top);
      return { id: first.dataset.id, top: first.getBoundingClientRect().top - top, oldest: el.querySelector('[data-testid="message"]').dataset.id };
    });
    for (const id of await messages.evaluateAll((els) => els.map((e) => e.dataset.id))) seen.add(id);
    // The scroll above may already have brought the last page in.
    if ((await messages.first().getAttribute('data-kind')) === 'System') break;
    // Wait for the page to arrive, then for the paint after it.
    await expect(messages.first()).not.toHaveAttribute('data-id', before.oldest, { timeout: 10_000 });
    const after = await list.evaluate((el, id) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const item = el.querySelector(`[data-id="${id}"]`);
      resolve(item ? item.getBoundingClientRect().top - el.getBoundingClientRect().top : null);
    }))), before.id);
    expect(after, 'the first visible message is still there').not.toBeNull();
    shifts.push(Math.abs(after - before.top));
    expect(await messages.count(), 'message elements after a page').toBeLessThanOrEqual(500);
  }
  for (const id of await messages.evaluateAll((els) => els.map((e) => e.dataset.id))) seen.add(id);
  const maxShift = Math.max(...shifts);
  const maxMessages = await page.evaluate(() => window.__maxMessages);
  console.log(`chat paging: ${shifts.length} pages prepended, first visible message moved at most ${maxShift.toFixed(2)} px, at most ${maxMessages} message elements in the DOM, ${seen.size} distinct messages seen`);
  expect(seen.size, 'every message was reached').toBe(5002);
  expect(maxShift).toBeLessThan(2);
  expect(maxMessages).toBeLessThanOrEqual(500);

  // The newest end was trimmed; "jump to latest" brings it back.
  await expect(messages.last()).not.toContainText('history 4999');
  await chat.getByTestId('jump-latest').click();
  await expect(messages.last()).toContainText('history 4999');
  await expect(messages.last()).toBeInViewport();
});
