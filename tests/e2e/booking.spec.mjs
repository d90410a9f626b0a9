// The booking flow end to end, with two people where two people act: the
// customer books, the chat opens, the provider sees it live and answers.
import {
  apiSignIn, CUSTOMER, expect, PROVIDER, PROVIDER_ID, signIn, superuser, test,
} from './fixtures.mjs';

const PHONE = '0812 3456 7890';

/** Fills the booking form's contact fields (and the time, if given) and submits; returns the created booking's id. */
async function submitForm(page, { when } = {}) {
  const form = page.getByTestId('booking-form');
  await expect(form).toBeVisible();
  if (when) await page.getByLabel('When', { exact: true }).fill(when);
  await page.getByLabel('WhatsApp number').fill(PHONE);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/collections/bookings/records') && r.request().method() === 'POST'),
    page.getByTestId('submit-booking').click(),
  ]);
  const created = await response.json();
  await expect(page).toHaveURL(/\/bookings/);
  return created.id;
}

/** A `datetime-local` value `hours` from now (browser time). */
async function inHours(page, hours) {
  return page.evaluate((h) => {
    const d = new Date(Date.now() + h * 3600 * 1000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, hours);
}

async function bookingRecord(request, id) {
  const res = await request.get(`/api/collections/bookings/records/${id}`, await superuser(request));
  expect(res.status()).toBe(200);
  return res.json();
}

test('a customer books, the provider sees it live and accepts, the customer sees it live', async ({ page, other }) => {
  await signIn(other, PROVIDER);
  await other.goto('/bookings');
  await expect(other.getByTestId('bookings-page')).toBeVisible();
  await expect(other.getByRole('heading', { name: 'Incoming bookings' })).toBeVisible();

  await signIn(page, CUSTOMER);
  await page.goto(`/providers/${PROVIDER_ID}`);
  await page.getByTestId('book-now').click();
  const form = page.getByTestId('booking-form');
  await expect(form.getByLabel('Your name')).toHaveValue('Citra Customer');
  const id = await submitForm(page);
  const created = Date.now();

  // The chat opened on the new room with the welcome and "booking received".
  const chat = page.getByTestId('chat-window');
  await expect(chat).toBeVisible();
  await expect(chat.getByTestId('message')).toHaveCount(2);
  await expect(chat.locator('[data-kind="System"]')).toContainText('Welcome');
  await expect(chat.locator('[data-kind="BookingUpdate"]')).toBeVisible();
  await expect(chat.getByTestId('countdown')).toHaveText(/^1[45]:\d\d$/);
  const card = page.locator(`[data-booking="${id}"]`);
  await expect(card.getByTestId('countdown')).toHaveText(/^1[45]:\d\d$/);

  // The provider's list shows it without a reload.
  const incoming = other.locator(`[data-booking="${id}"]`);
  await incoming.waitFor({ timeout: 10_000 });
  const delay = Date.now() - created;
  console.log(`provider saw the booking ${delay} ms after the create answer`);
  expect(delay).toBeLessThan(2_000);

  await incoming.getByRole('button', { name: 'Accept' }).click();
  await expect(incoming.getByTestId('booking-status')).toHaveText('Accepted');
  await expect(card.getByTestId('booking-status')).toHaveText('Accepted');
  await expect(chat.getByTestId('chat-status')).toHaveText('Accepted');
  await expect(chat.locator('[data-kind="BookingUpdate"]')).toHaveCount(2);
  await expect(chat.locator('[data-kind="BookingUpdate"]').last()).toContainText(/accepted/i);

  // Basic text sending works in the chat.
  await chat.getByLabel('Message').fill('See you at 3!');
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByTestId('message').last().locator('.body')).toHaveText('See you at 3!');
});

const SOURCES = [
  {
    source: 'bookingButton', mode: 'immediate', chatWindowOpen: false,
    start: async (page) => { await page.goto(`/providers/${PROVIDER_ID}`); await page.getByTestId('book-now').click(); },
  },
  {
    source: 'menuSlider', mode: 'immediate', chatWindowOpen: false,
    start: async (page) => {
      await page.goto(`/providers/${PROVIDER_ID}`);
      await page.getByTestId('services-menu').getByRole('button', { name: /90 min/ }).click();
    },
  },
  {
    source: 'priceSlider', mode: 'immediate', chatWindowOpen: false,
    start: async (page) => {
      await page.goto(`/providers/${PROVIDER_ID}`);
      const slider = page.getByLabel('Duration and price');
      await slider.focus();
      await slider.press('ArrowRight');
      await slider.press('ArrowRight');
      await expect(page.getByTestId('slider-choice')).toContainText('120 min');
      await page.getByTestId('book-slider').click();
    },
  },
  {
    source: 'scheduled', mode: 'scheduled', chatWindowOpen: false, scheduled: true,
    start: async (page) => { await page.goto(`/providers/${PROVIDER_ID}`); await page.getByTestId('schedule').click(); },
  },
  {
    source: 'direct', mode: 'immediate', chatWindowOpen: false,
    start: async (page) => { await page.goto(`/book?provider=${PROVIDER_ID}&minutes=60`); },
  },
  {
    source: 'chatWindow', mode: 'immediate', chatWindowOpen: true,
    start: async (page) => {
      // A first booking opens the chat; the second starts from inside it.
      await page.goto(`/providers/${PROVIDER_ID}`);
      await page.getByTestId('book-now').click();
      await submitForm(page);
      await expect(page.getByTestId('chat-window')).toBeVisible();
      await page.getByTestId('chat-window').getByRole('button', { name: 'Book again' }).click();
    },
  },
];

for (const s of SOURCES) {
  test(`source ${s.source}: stored with mode ${s.mode} and chatWindowOpen ${s.chatWindowOpen}`, async ({ page, request }) => {
    await signIn(page, CUSTOMER);
    await s.start(page);
    const id = await submitForm(page, s.scheduled ? { when: await inHours(page, 26) } : {});
    const record = await bookingRecord(request, id);
    expect({ source: record.source, mode: record.mode, chatWindowOpen: record.chatWindowOpen })
      .toEqual({ source: s.source, mode: s.mode, chatWindowOpen: s.chatWindowOpen });
    if (s.source === 'menuSlider') expect(record.minutes).toBe(90);
    if (s.source === 'priceSlider') expect(record.minutes).toBe(120);
    if (s.scheduled) expect(record.scheduledAt).not.toBe('');
  });
}

test.describe('when the answer to a booking is lost', () => {
  // The dropped answer shows in the console as a failed load; that is the fault under test, not a bug.
  test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

  test('a reload during submit still makes exactly one booking and one room, and opens its chat', async ({ page, request }) => {
    await signIn(page, CUSTOMER);
    const customer = await apiSignIn(request, CUSTOMER);
    const mine = async () => (await (await request.get('/api/collections/bookings/records?perPage=1', { headers: { Authorization: customer.token } })).json()).totalItems;
    const before = await mine();
    let madeOnServer;
    const made = new Promise((resolve) => { madeOnServer = resolve; });
    let creates = 0;
    await page.route('**/api/collections/bookings/records', async (route) => {
      if (route.request().method() === 'POST') creates += 1;
      if (route.request().method() === 'POST' && creates === 1) {
        const answer = await route.fetch(); // The server makes the booking...
        madeOnServer((await answer.json()).id);
        return; // ...and the page is reloaded before the answer arrives.
      }
      await route.continue();
    });
    await page.goto(`/book?provider=${PROVIDER_ID}`);
    await page.getByLabel('WhatsApp number').fill(PHONE);
    await page.getByTestId('submit-booking').click();
    const id = await made;
    // A device that has not kept the directory, which then does not answer
    // until the chat is open: the chat must still name the provider.
    await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('janji');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise((resolve, reject) => {
        const tx = db.transaction('providers', 'readwrite');
        tx.objectStore('providers').clear();
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    });
    let chatOpen;
    const opened = new Promise((resolve) => { chatOpen = resolve; });
    await page.route((url) => url.pathname === '/api/collections/providers/records', async (route) => {
      await opened;
      await route.continue();
    });
    await page.reload();

    const chat = page.getByTestId('chat-window');
    await expect(chat).toBeVisible();
    await expect(chat.getByTestId('message')).toHaveCount(2);
    await expect(chat.getByTestId('chat-title'), 'the provider is named before the directory loads').toHaveText('Dewi Lestari');
    chatOpen();
    expect(creates, 'the visit after the reload sent the same booking again').toBe(2);
    expect(await mine(), 'the resent booking was found, not made twice').toBe(before + 1);
    const auth = await superuser(request);
    const rooms = await (await request.get(`/api/collections/rooms/records?filter=${encodeURIComponent(`booking='${id}'`)}`, auth)).json();
    expect(rooms.totalItems).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('janji.pendingBooking')), 'nothing is left to send').toBeNull();
  });

  test('a lost answer is retried and still makes exactly one booking and one room', async ({ page, request }) => {
    await signIn(page, CUSTOMER);
    const customer = await apiSignIn(request, CUSTOMER);
    const mine = async () => (await (await request.get('/api/collections/bookings/records?perPage=1', { headers: { Authorization: customer.token } })).json()).totalItems;
    const before = await mine();
    let dropped = 0;
    await page.route('**/api/collections/bookings/records', async (route) => {
      if (route.request().method() === 'POST' && dropped === 0) {
        dropped += 1;
        await route.fetch(); // The server gets it and makes the booking...
        await route.abort('failed'); // ...but the answer never arrives.
        return;
      }
      await route.continue();
    });
    await page.goto(`/book?provider=${PROVIDER_ID}`);
    await page.getByLabel('WhatsApp number').fill(PHONE);
    await page.getByTestId('submit-booking').click();
    await expect(page).toHaveURL(/\/bookings/);
    expect(dropped).toBe(1);
    const id = await page.locator('[data-booking]').first().getAttribute('data-booking');
    const auth = await superuser(request);
    expect(await mine(), 'the retry found the booking the lost answer made instead of making another').toBe(before + 1);
    const rooms = await (await request.get(`/api/collections/rooms/records?filter=${encodeURIComponent(`booking='${id}'`)}`, auth)).json();
    expect(rooms.totalItems).toBe(1);
  });
});

test('a change made while the live subscription is on its way still shows', async ({ page, request }) => {
  const customer = await apiSignIn(request, CUSTOMER);
  const made = await request.post('/api/collections/bookings/records', {
    headers: { Authorization: customer.token },
    data: {
      provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate',
      chatWindowOpen: false, customerName: 'Citra', customerWhatsApp: '+6281234567890',
    },
  });
  expect(made.status(), await made.text()).toBe(200);
  const id = (await made.json()).id;

  await signIn(page, CUSTOMER);
  // Every subscription call of the bookings page is held until the provider
  // has answered, so the answer happens after the list was fetched and
  // before the topic is live. (Held from here on: calls of the sign-in page
  // released after it is gone would only find its stream closed.)
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let held = 0;
  await page.route('**/api/realtime', async (route) => {
    if (route.request().method() === 'POST') {
      held += 1;
      await released;
    }
    await route.continue();
  });
  await page.goto('/bookings');
  const card = page.locator(`[data-booking="${id}"]`);
  await expect(card.getByTestId('booking-status')).toHaveText('Waiting for the provider');
  await expect.poll(() => held).toBeGreaterThan(0);

  const provider = await apiSignIn(request, PROVIDER);
  const accepted = await request.patch(`/api/collections/bookings/records/${id}`, {
    headers: { Authorization: provider.token }, data: { status: 'Accepted' },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  release();
  // PocketBase does not replay the event; the app fetches again once the topic is live.
  await expect(card.getByTestId('booking-status')).toHaveText('Accepted');
});

test('a double click makes one booking', async ({ page, request }) => {
  await signIn(page, CUSTOMER);
  const customer = await apiSignIn(request, CUSTOMER);
  const before = (await (await request.get('/api/collections/bookings/records?perPage=1', { headers: { Authorization: customer.token } })).json()).totalItems;
  await page.goto(`/book?provider=${PROVIDER_ID}`);
  await page.getByLabel('WhatsApp number').fill(PHONE);
  await page.getByTestId('submit-booking').dblclick();
  await expect(page).toHaveURL(/\/bookings/);
  const after = (await (await request.get('/api/collections/bookings/records?perPage=1', { headers: { Authorization: customer.token } })).json()).totalItems;
  expect(after - before).toBe(1);
});

test('a pending booking past its deadline expires live on both sides, after the countdown reached zero', async ({ page, other, request }) => {
  await signIn(other, PROVIDER);
  await other.goto('/bookings');
  await signIn(page, CUSTOMER);
  await page.goto(`/book?provider=${PROVIDER_ID}`);
  const id = await submitForm(page);
  const auth = await superuser(request);
  // The server's own expiry job runs at the start of every minute. A deadline
  // just before one would be expired by it as the countdown reaches zero,
  // before 0:00 could be seen; so the deadline falls early in a minute.
  const second = ((Date.now() + 4_000) % 60_000) / 1000;
  if (second > 40) await page.waitForTimeout((61 - second) * 1000);
  // Bring the deadline to a few seconds from now (the server's clock).
  const soon = new Date(Date.now() + 4_000).toISOString().replace('T', ' ');
  const patched = await request.patch(`/api/collections/bookings/records/${id}`, { ...auth, data: { responseDeadline: soon } });
  expect(patched.status(), await patched.text()).toBe(200);
  const card = page.locator(`[data-booking="${id}"]`);
  await expect(card.getByTestId('countdown')).toHaveText('0:00', { timeout: 10_000 });
  const expired = await request.post('/api/janji/expire-now', auth);
  expect(expired.status()).toBe(200);
  expect((await expired.json()).expired).toContain(id);
  await expect(card.getByTestId('booking-status')).toHaveText('Expired: no answer in time');
  await expect(other.locator(`[data-booking="${id}"]`).getByTestId('booking-status')).toHaveText('Expired: no answer in time');
});

test('bad input is refused in the browser, each with its message, and nothing is sent', async ({ page }) => {
  await signIn(page, CUSTOMER);
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/bookings/records')) posts += 1; });
  await page.goto(`/book?provider=${PROVIDER_ID}`);
  const form = page.getByTestId('booking-form');
  const check = async (field, value, message) => {
    await form.getByLabel(field, { exact: true }).fill(value);
    await page.getByTestId('submit-booking').click();
    await expect(form.getByRole('alert').filter({ hasText: message })).toBeVisible();
  };
  await form.getByLabel('WhatsApp number').fill(PHONE);
  await check('Your name', 'A', 'at least 2 characters');
  await form.getByLabel('Your name').fill('Citra');
  await check('WhatsApp number', '12345', 'Start with + and the country code');
  await check('WhatsApp number', '0812-abc', 'Use digits only');
  await form.getByLabel('WhatsApp number').fill(PHONE);
  await form.getByLabel('At a set time').check();
  await check('When', await inHours(page, -2), 'in the future');
  await check('When', await inHours(page, 24 * 31), 'at most 30 days ahead');
  await form.getByLabel('When', { exact: true }).fill('');
  await page.getByTestId('submit-booking').click();
  await expect(form.getByRole('alert').filter({ hasText: 'Choose a date and time.' })).toBeVisible();
  expect(posts, 'nothing was sent').toBe(0);
});

test('bad input sent straight to the API is refused by the server', async ({ request }) => {
  const customer = await apiSignIn(request, CUSTOMER);
  const auth = { headers: { Authorization: customer.token } };
  const base = {
    provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate',
    chatWindowOpen: false, customerName: 'Citra', customerWhatsApp: '+6281234567890',
  };
  const soon = (ms) => new Date(Date.now() + ms).toISOString();
  const cases = [
    [{ customerName: 'A' }, 'customerName'],
    [{ customerWhatsApp: '081234' }, 'customerWhatsApp'],
    [{ minutes: 45, price: 100000 }, 'minutes'],
    [{ price: 1000 }, 'price'],
    [{ mode: 'scheduled', source: 'scheduled', scheduledAt: soon(-3_600_000) }, 'scheduledAt'],
    [{ mode: 'scheduled', source: 'scheduled', scheduledAt: soon(31 * 24 * 3_600_000) }, 'scheduledAt'],
    [{ source: 'scheduled' }, 'source'],
  ];
  for (const [change, field] of cases) {
    const res = await request.post('/api/collections/bookings/records', { ...auth, data: { ...base, ...change } });
    expect(res.status(), JSON.stringify(change)).toBe(400);
    const body = await res.json();
    expect(Object.keys(body.data), JSON.stringify(change)).toContain(field);
  }
});

test('the countdown follows the server clock even when the phone clock is ten minutes behind', async ({ page }) => {
  // The page's clock runs ten minutes late; the server's Date headers correct it.
  await page.clock.install({ time: new Date(Date.now() - 10 * 60_000) });
  await page.clock.resume();
  await signIn(page, CUSTOMER);
  await page.goto(`/book?provider=${PROVIDER_ID}`);
  const id = await submitForm(page);
  const countdown = page.locator(`[data-booking="${id}"]`).getByTestId('countdown');
  // Uncorrected it would read about 25:00.
  await expect(countdown).toHaveText(/^1[45]:\d\d$/);
});
