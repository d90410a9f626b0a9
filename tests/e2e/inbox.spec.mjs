// The inbox, notifications, photos, blocking and content rules end to end:
// real PocketBase, real Chromium, two people in two browser contexts.
import { readFileSync } from 'node:fs';

import {
  apiSignIn, bookingWithRoom, expect, newCustomer, openChat, PROVIDER, seedMessages, signIn, superuser, test, watchConsole,
} from './fixtures.mjs';

const MESSAGES = '/api/collections/messages/records';

/** Sends a text message over the API as `email`. */
async function sendAs(request, email, room, body) {
  const who = await apiSignIn(request, email);
  const res = await request.post(MESSAGES, {
    headers: { Authorization: who.token },
    data: { room, sender: who.record.id, kind: 'text', body },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** Marks `room` read for `email` up to now, over the API. */
async function markRead(request, email, room) {
  const who = await apiSignIn(request, email);
  const filter = encodeURIComponent(`room='${room}' && user='${who.record.id}'`);
  const rows = await (await request.get(`/api/collections/room_members/records?filter=${filter}`, {
    headers: { Authorization: who.token },
  })).json();
  const res = await request.patch(`/api/collections/room_members/records/${rows.items[0].id}`, {
    headers: { Authorization: who.token },
    data: { lastReadAt: new Date().toISOString().replace('T', ' ') },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A test picture drawn in the page: shapes on a gradient, so it does not compress to nothing. */
async function drawPicture(page, width, height, type = 'image/png') {
  const base64 = await page.evaluate(async ([w, h, t]) => {
    const canvas = new OffscreenCanvas(w, h);
    const g = canvas.getContext('2d');
    const gradient = g.createLinearGradient(0, 0, w, h);
    gradient.addColorStop(0, '#0f766e');
    gradient.addColorStop(1, '#fde68a');
    g.fillStyle = gradient;
    g.fillRect(0, 0, w, h);
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < (w * h) / 4000; i++) {
      g.fillStyle = `hsl(${random() * 360},60%,${30 + random() * 40}%)`;
      g.beginPath();
      g.arc(random() * w, random() * h, 5 + random() * (w / 60), 0, 7);
      g.fill();
    }
    const blob = await canvas.convertToBlob({ type: t, quality: 0.95 });
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1]);
      reader.readAsDataURL(blob);
    });
  }, [width, height, type]);
  return Buffer.from(base64, 'base64');
}

/** Width and height of a stored WebP or JPEG, read from its header. */
function imageSize(bytes) {
  if (bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') {
    const chunk = bytes.toString('ascii', 12, 16);
    if (chunk === 'VP8X') return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3), type: 'webp' };
    if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff, type: 'webp' };
    if (chunk === 'VP8L') {
      const bits = bytes.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff), type: 'webp' };
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let at = 2; at < bytes.length;) {
      const marker = bytes[at + 1];
      const length = bytes.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xc3) return { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5), type: 'jpeg' };
      at += 2 + length;
    }
  }
  throw new Error('not a WebP or JPEG file');
}

/** Hides the page as a background tab would be, for the app's visibility checks. */
async function hide(page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

test('the inbox puts a room with a new message on top with its unread count, live, and reading it clears the count in another tab', async ({ page, request }) => {
  const email = await newCustomer(request, 'Inbox Owner');
  const rooms = [];
  for (let i = 0; i < 3; i++) {
    rooms.push(await bookingWithRoom(request, email));
    await markRead(request, email, rooms[i].room);
  }
  await signIn(page, email);
  await page.getByRole('link', { name: 'Chats' }).click();
  const second = await page.context().newPage();
  const secondProblems = watchConsole(second);
  await second.goto('/chats');
  for (const tab of [page, second]) {
    const items = tab.getByTestId('inbox-item');
    await expect(items).toHaveCount(3);
    await expect(items.first()).toHaveAttribute('data-room', rooms[2].room);
    await expect(tab.getByTestId('unread')).toHaveCount(0);
  }

  await sendAs(request, PROVIDER, rooms[0].room, 'hello in the oldest room');
  for (const tab of [page, second]) {
    const top = tab.getByTestId('inbox-item').first();
    await expect(top).toHaveAttribute('data-room', rooms[0].room);
    await expect(top.getByTestId('unread')).toHaveText('1');
    await expect(top).toContainText('hello in the oldest room');
    await expect(tab.getByTestId('nav-unread')).toHaveText('1');
  }
  await expect(page).toHaveTitle('(1) janji');

  await page.getByTestId('inbox-item').first().getByRole('button').click();
  const chat = page.getByTestId('chat-window');
  await expect(chat.getByTestId('message').last()).toContainText('hello in the oldest room');
  await expect(second.getByTestId('inbox-item').first().getByTestId('unread')).toHaveCount(0);
  await expect(second.getByTestId('nav-unread')).toBeHidden();
  await expect(second).toHaveTitle('janji');
  expect(secondProblems, "the second tab's console stays clean").toEqual([]);
  await second.close();
});

test('a conversation has an address: /chats/<room> opens its chat window, and a reload there opens it again', async ({ page, request }) => {
  const email = await newCustomer(request, 'Address Reader');
  const booking = await bookingWithRoom(request, email);
  const other = await bookingWithRoom(request, email);
  await seedMessages(request, booking, 60);
  await signIn(page, email);

  await page.goto(`/chats/${booking.room}`);
  const chat = page.getByTestId('chat-window');
  await expect(chat.getByTestId('message').filter({ hasText: 'history 59' })).toBeVisible();
  // Of the room's 62 messages (60 and the booking's two), the newest 50.
  await expect(chat.locator('.body', { hasText: /^history 10$/ })).toHaveCount(1);
  await expect(chat.locator('.body', { hasText: /^history 9$/ }), 'the newest 50 only').toHaveCount(0);
  await expect(page.getByTestId('inbox'), 'the inbox shows beneath it').toBeVisible();

  await page.reload();
  await expect(page.getByTestId('chat-window').getByTestId('message').filter({ hasText: 'history 59' })).toBeVisible();

  // Another room's address opens that room.
  await page.goto(`/chats/${other.room}`);
  await expect(page.getByTestId('chat-window').getByTestId('message').filter({ hasText: 'history 59' })).toHaveCount(0);
  await expect(page.getByTestId('chat-window')).toBeVisible();

  // An unknown room opens nothing and breaks nothing.
  await page.goto('/chats/nosuchroom00000');
  await expect(page.getByTestId('inbox')).toBeVisible();
  await expect(page.getByTestId('chat-window')).toHaveCount(0);
});

test('the offer to turn on notifications goes once the browser has answered', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const email = await newCustomer(request, 'Asks For Notes');
  await bookingWithRoom(request, email);
  await signIn(page, email);
  await page.getByRole('link', { name: 'Chats' }).click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(1);
  const offer = page.getByTestId('enable-notifications');
  await expect(offer, 'never asked, so offered').toBeVisible();
  // The person allows notifications when the browser asks.
  await context.grantPermissions(['notifications']);
  await offer.click();
  await expect(offer, 'allowed, so no longer offered').toHaveCount(0);
  expect(problems, 'the browser console stays clean').toEqual([]);
  await context.close();
});

test('a message to a hidden tab raises a system notification, and clicking it opens the room', async ({ browser, request }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications']);
  // Keeps a handle on each notification made (the real one is still made).
  await context.addInitScript(() => {
    const Real = window.Notification;
    window.__notes = [];
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.__notes.push({ title, body: options && options.body, note: this });
      }
    };
  });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const email = await newCustomer(request, 'Hidden Tab');
  const booking = await bookingWithRoom(request, email);
  await markRead(request, email, booking.room);
  await signIn(page, email);
  await page.getByRole('link', { name: 'Chats' }).click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(1);
  await hide(page);

  await sendAs(request, PROVIDER, booking.room, 'are you coming at five?');
  await expect.poll(() => page.evaluate(() => window.__notes.length)).toBe(1);
  const note = await page.evaluate(() => ({ title: window.__notes[0].title, body: window.__notes[0].body }));
  expect(note.body).toBe('are you coming at five?');
  await expect(page).toHaveTitle('(1) janji');
  await expect(page.getByTestId('toast'), 'no toast while a system notification is shown').toHaveCount(0);

  await page.evaluate(() => window.__notes[0].note.dispatchEvent(new Event('click')));
  const chat = page.getByTestId('chat-window');
  await expect(chat).toBeVisible();
  await expect(chat.getByTestId('message').last()).toContainText('are you coming at five?');
  expect(problems, 'the browser console stays clean').toEqual([]);
  await context.close();
});

test('a 4000×3000 photo goes up under 1600 px and 500 KB, the other side sees its thumbnail without a layout shift, and non-photos are refused by client and server', async ({ page, other, request }) => {
  test.setTimeout(120_000);
  const email = await newCustomer(request, 'Photo Sender');
  const booking = await bookingWithRoom(request, email);
  await signIn(page, email);
  const chat = await openChat(page, booking.room);

  const png = await drawPicture(page, 4000, 3000);
  await chat.getByTestId('attach').setInputFiles({ name: 'treatment-room.png', mimeType: 'image/png', buffer: png });
  const ready = chat.getByTestId('picked-ready');
  await expect(ready).toBeVisible({ timeout: 30_000 });
  await chat.getByLabel('Message').fill('the treatment room');
  await chat.getByLabel('Message').press('Enter');
  await expect(chat.locator('[data-status="sending"]')).toHaveCount(0, { timeout: 30_000 });

  const su = await superuser(request);
  const filter = encodeURIComponent(`room='${booking.room}' && body='the treatment room'`);
  const stored = (await (await request.get(`${MESSAGES}?filter=${filter}`, su)).json()).items;
  expect(stored).toHaveLength(1);
  expect(stored[0].images).toHaveLength(1);
  const me = await apiSignIn(request, email);
  const file = await request.get(`/api/janji/photos/${stored[0].id}/${stored[0].images[0]}`, {
    headers: { Authorization: me.token },
  });
  expect(file.status()).toBe(200);
  const bytes = await file.body();
  const size = imageSize(bytes);
  console.log(`photo: picked 4000x3000 PNG of ${png.length} bytes; stored ${size.width}x${size.height} ${size.type} of ${bytes.length} bytes`);
  expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(1600);
  expect(size.width / size.height).toBeCloseTo(4 / 3, 2);
  expect(bytes.length).toBeLessThan(500_000);

  // The other person: every layout shift after the message is on screen is recorded.
  await signIn(other, PROVIDER);
  await other.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({ value: e.value, at: e.startTime });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const theirs = await openChat(other, booking.room);
  const photo = theirs.getByTestId('photo');
  await expect(photo).toHaveCount(1);
  const placedAt = await other.evaluate(() => performance.now());
  const boxBefore = await photo.boundingBox();
  await expect(theirs.getByTestId('photo-img')).toBeVisible();
  await expect.poll(() => theirs.getByTestId('photo-img').evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await other.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const boxAfter = await photo.boundingBox();
  const shift = await other.evaluate((t) => window.__shifts.filter((s) => s.at >= t).reduce((a, s) => a + s.value, 0), placedAt);
  console.log(`photo: thumbnail box ${boxBefore.width}x${boxBefore.height} before and ${boxAfter.width}x${boxAfter.height} after loading; layout shift after placement ${shift}`);
  expect(boxAfter).toEqual(boxBefore);
  expect(shift).toBe(0);
  await photo.click();
  await expect(other.getByTestId('photo-viewer').locator('img')).toBeVisible();
  // The viewer fills the window, not the message it was opened from.
  const viewport = other.viewportSize();
  expect(await other.getByTestId('photo-viewer').boundingBox()).toEqual({ x: 0, y: 0, width: viewport.width, height: viewport.height });
  await other.keyboard.press('Escape');
  await expect(other.getByTestId('photo-viewer')).toHaveCount(0);

  // Refused in the browser, with the file name shown as text only.
  const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
  const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20 * 1024 * 1024)]);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const refused = chat.getByTestId('picked-refused');
  await chat.getByTestId('attach').setInputFiles({ name: '<img src=x onerror=alert(1)>.png', mimeType: 'image/png', buffer: html });
  await expect(refused).toContainText('is not a photo');
  await expect(refused).toContainText('<img src=x');
  await expect(chat.locator('.picked img')).toHaveCount(0);
  await chat.getByTestId('attach').setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: huge });
  await expect(refused.nth(1)).toContainText('at most 15 MB');
  await chat.getByTestId('attach').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svg });
  await expect(refused.nth(2)).toContainText('SVG');

  // Refused by the server when sent straight to the API.
  for (const [name, mimeType, buffer] of [['page.png', 'image/png', html], ['huge.jpg', 'image/jpeg', huge], ['logo.svg', 'image/svg+xml', svg]]) {
    const res = await request.post(MESSAGES, {
      headers: { Authorization: me.token },
      multipart: { room: booking.room, sender: me.record.id, kind: 'text', body: 'sneaky', images: { name, mimeType, buffer } },
    });
    console.log(`photo: the server answers ${res.status()} to ${name}`);
    expect([400, 413], `${name} is refused`).toContain(res.status());
  }
  const sneaky = encodeURIComponent(`room='${booking.room}' && body='sneaky'`);
  expect((await (await request.get(`${MESSAGES}?filter=${sneaky}`, su)).json()).items).toHaveLength(0);
});

test.describe('when the photo sender is offline', () => {
  test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

  test('a photo attached offline survives a reload and arrives once', async ({ page, other, request }) => {
    test.setTimeout(150_000);
    const email = await newCustomer(request, 'Offline Photographer');
    const booking = await bookingWithRoom(request, email);
    await signIn(other, PROVIDER);
    const theirs = await openChat(other, booking.room);
    await signIn(page, email);
    let chat = await openChat(page, booking.room);
    const picture = await drawPicture(page, 1200, 900, 'image/jpeg');

    await page.context().setOffline(true);
    await chat.getByTestId('attach').setInputFiles({ name: 'map.jpg', mimeType: 'image/jpeg', buffer: picture });
    await expect(chat.getByTestId('picked-ready')).toBeVisible({ timeout: 30_000 });
    await chat.getByLabel('Message').fill('offline photo');
    await chat.getByLabel('Message').press('Enter');
    await expect(chat.locator('[data-status="sending"] [data-testid="photo-waiting"]')).toHaveCount(1);

    // The page itself needs the server to load (no service worker); the API stays cut.
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.context().setOffline(false);
    await page.reload();
    chat = await openChat(page, booking.room);
    await expect(chat.locator('[data-status="sending"] [data-testid="photo-waiting"]')).toHaveCount(1);

    await page.unroute('**/api/**');
    await expect(chat.locator('[data-status="sending"]')).toHaveCount(0, { timeout: 90_000 });
    await expect(theirs.getByTestId('photo')).toHaveCount(1);
    await expect(theirs.getByTestId('photo-img')).toBeVisible();
    const su = await superuser(request);
    const filter = encodeURIComponent(`room='${booking.room}' && body='offline photo'`);
    const stored = (await (await request.get(`${MESSAGES}?filter=${filter}`, su)).json()).items;
    expect(stored, 'stored once').toHaveLength(1);
    expect(stored[0].images).toHaveLength(1);
    await expect(theirs.getByTestId('photos')).toHaveCount(1);
  });
});

test.describe('when one person blocks the other', () => {
  // The refused requests show in the blocked person's console; they are the point.
  test.use({ expectedConsoleErrors: ['the server responded with a status of 403'] });

  test('a blocked person cannot send and sees why; after unblocking they can', async ({ page, other, request }) => {
    const email = await newCustomer(request, 'Blocking Customer');
    const booking = await bookingWithRoom(request, email);
    await signIn(page, email);
    const chat = await openChat(page, booking.room);
    await signIn(other, PROVIDER);
    const theirs = await openChat(other, booking.room);

    await chat.getByTestId('block').click();
    await expect(chat.getByTestId('block-notice')).toBeVisible();
    await expect(chat.getByLabel('Message'), 'the blocker is offered to unblock instead').toHaveCount(0);
    await page.getByRole('link', { name: 'Chats' }).click();
    await expect(page.locator(`[data-room="${booking.room}"]`).getByTestId('blocked-mark')).toBeVisible();

    await theirs.getByLabel('Message').fill('are you there?');
    await theirs.getByLabel('Message').press('Enter');
    const failed = theirs.locator('[data-status="failed"]');
    await expect(failed).toContainText('has blocked you');
    await expect(theirs.getByTestId('blocked-notice')).toBeVisible();
    const provider = await apiSignIn(request, PROVIDER);
    const direct = await request.post(MESSAGES, {
      headers: { Authorization: provider.token },
      data: { room: booking.room, sender: provider.record.id, kind: 'text', body: 'straight to the API' },
    });
    expect(direct.status()).toBe(403);

    await chat.getByTestId('unblock').click();
    await expect(chat.getByTestId('block-notice')).toHaveCount(0);
    await expect(page.locator(`[data-room="${booking.room}"]`).getByTestId('blocked-mark')).toHaveCount(0);
    await expect(theirs.getByTestId('blocked-notice')).toHaveCount(0);
    await theirs.getByLabel('Message').fill('hello again');
    await theirs.getByLabel('Message').press('Enter');
    await expect(chat.getByTestId('message').last()).toContainText('hello again');
    await expect(chat.getByTestId('message').filter({ hasText: 'are you there?' })).toHaveCount(0);
  });
});

test('the 301st message in an hour is refused by the client and the server, and a listed word is masked for the reader', async ({ page, other, request }) => {
  test.setTimeout(120_000);
  const su = await superuser(request);
  // The per-minute limit is raised so 300 messages can be sent quickly; the
  // hourly one under test stays 300.
  const override = await request.post('/api/collections/chat_limits/records', {
    ...su,
    data: { action: 'message', windows: [{ max: 1000, seconds: 60 }, { max: 300, seconds: 3600 }, { max: 2000, seconds: 86400 }] },
  });
  expect(override.status(), await override.text()).toBe(200);
  const overrideId = (await override.json()).id;
  try {
    const email = await newCustomer(request, 'Busy Writer');
    const booking = await bookingWithRoom(request, email);
    const me = await apiSignIn(request, email);
    for (let start = 0; start < 300; start += 20) {
      await Promise.all(Array.from({ length: 20 }, async (_, i) => {
        const res = await request.post(MESSAGES, {
          headers: { Authorization: me.token },
          data: { room: booking.room, sender: me.record.id, kind: 'text', body: `note ${start + i}` },
        });
        expect(res.status(), await res.text()).toBe(200);
      }));
    }

    await signIn(page, email);
    const limits = page.waitForResponse((r) => r.url().includes('/api/janji/limits') && r.status() === 200);
    const chat = await openChat(page, booking.room);
    await limits;
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes(MESSAGES)) posted++; });
    await chat.getByLabel('Message').fill('number 301');
    await chat.getByLabel('Message').press('Enter');
    await expect(chat.getByRole('alert').filter({ hasText: 'Limit reached: 300 an hour' })).toBeVisible();
    expect(posted, 'the client sent nothing').toBe(0);
    const direct = await request.post(MESSAGES, {
      headers: { Authorization: me.token },
      data: { room: booking.room, sender: me.record.id, kind: 'text', body: 'number 301 by hand' },
    });
    expect(direct.status()).toBe(429);
    expect((await direct.json()).message).toContain('300 messages an hour');

    // A listed word, from the same data file the server reads.
    const words = readFileSync('backend/pb_hooks/data/profanity.txt', 'utf8')
      .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const word = words[words.length - 1];
    await signIn(other, PROVIDER);
    const theirs = await openChat(other, booking.room);
    await theirs.getByLabel('Message').fill(`kamu ${word} ya`);
    await expect(theirs.getByTestId('profanity-warning')).toBeVisible();
    await theirs.getByLabel('Message').press('Enter');
    await expect(theirs.getByTestId('message').last()).toContainText(`kamu ${word} ya`);
    const masked = `kamu ${'*'.repeat([...word].length)} ya`;
    await expect(chat.getByTestId('message').last()).toContainText(masked);
    await expect(chat.getByTestId('message').last()).not.toContainText(word);
  } finally {
    await request.delete(`/api/collections/chat_limits/records/${overrideId}`, su);
  }
});
