// Every kind of write goes through the outbox: made offline, each is kept
// on the device and done exactly once when the connection is back.
import {
  audit, customerWithRooms, expect, raiseChatLimits, signIn, superuser, test, until,
} from './fixtures.mjs';
import { openRoomInApp, outboxKinds, outboxSize } from './app.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

test('offline intents: a booking, a message, an edit, a reaction and a cancel made offline are each done once', async ({ page, request }) => {
  test.setTimeout(180_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 2, 'Offline Writer');
    const [room, other] = who.rooms;
    const as = { headers: { Authorization: who.providerToken } };
    const res = await request.post('/api/collections/messages/records', { ...as, data: { room, sender: who.provider, kind: 'text', body: 'from the provider' } });
    expect(res.status(), await res.text()).toBe(200);
    const theirs = (await res.json()).id;

    await signIn(page, who.email);
    let chat = await openRoomInApp(page, room);
    await chat.getByLabel('Message').fill('written online');
    await chat.getByLabel('Message').press('Enter');
    await expect(chat.locator('[data-status="sending"]')).toHaveCount(0);
    // The booking form's code is here before the connection goes.
    await chat.getByRole('button', { name: 'Book again' }).click();
    await expect(page.getByTestId('booking-form')).toBeVisible();
    await page.getByLabel('WhatsApp number').fill('0812 3456 7890');

    await page.context().setOffline(true);
    await page.getByTestId('submit-booking').click();
    await expect(page.getByRole('alert').filter({ hasText: 'offline' })).toBeVisible();
    chat = await openRoomInApp(page, room);
    const mine = chat.locator('[data-kind="Text"]').filter({ hasText: 'written online' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit' }).click();
    await chat.getByLabel('Edit message').fill('edited offline');
    await mine.getByRole('button', { name: 'Save' }).click();
    await expect(mine.locator('.meta')).toContainText('saving');
    const provider = chat.locator(`[data-id="${theirs}"]`);
    await provider.hover();
    await provider.getByRole('button', { name: 'React 👍' }).click();
    await expect(provider.getByTestId('reaction')).toHaveText('👍 1');
    await chat.getByLabel('Message').fill('written offline');
    await chat.getByLabel('Message').press('Enter');
    await page.getByRole('link', { name: 'Bookings', exact: true }).click();
    await expect(page.getByTestId('unsent-booking'), 'the booking made offline is listed as waiting').toContainText('waiting to send');
    await page.locator(`[data-booking="${other}"]`).getByRole('button', { name: 'Cancel booking' }).click();
    // Read receipts go through the outbox too; the five above are the test.
    await expect(page.getByTestId('outbox-pill')).toContainText('waiting to send');
    expect((await outboxKinds(page)).filter((k) => k !== 'receipt').sort()).toEqual(['booking', 'edit', 'message', 'react', 'statusChange']);

    await page.context().setOffline(false);
    const back = Date.now();
    const su = await superuser(request);
    const state = async () => {
      const bookings = (await (await request.get(`/api/collections/bookings/records?filter=${encodeURIComponent(`customer='${who.customer}'`)}&perPage=50`, su)).json()).items;
      const texts = (await (await request.get(`/api/collections/messages/records?filter=${encodeURIComponent(`room='${room}' && kind='text'`)}&sort=created,id&perPage=50`, su)).json()).items;
      const reactions = (await (await request.get(`/api/collections/reactions/records?filter=${encodeURIComponent(`message='${theirs}'`)}&perPage=50`, su)).json()).items;
      return { bookings, texts, reactions };
    };
    let now;
    await until(async () => {
      now = await state();
      return now.bookings.length >= 3 && now.texts.some((m) => m.body === 'written offline')
        && now.texts.some((m) => m.body === 'edited offline') && now.reactions.length >= 1
        && now.bookings.find((b) => b.id === other)?.status === 'Cancelled' && (await outboxSize(page)) === 0;
    }, { timeout: 60_000, what: 'every intent done' });
    const converged = Date.now() - back;
    const done = [
      ...Array(now.bookings.length - 2).fill('booking'),
      ...now.texts.filter((m) => m.body === 'written offline').map(() => 'message'),
      ...now.texts.filter((m) => m.body === 'edited offline').map(() => 'edit'),
      ...now.reactions.filter((r) => r.user === who.customer).map(() => 'reaction'),
      ...(now.bookings.find((b) => b.id === other)?.status === 'Cancelled' ? ['cancel'] : []),
    ];
    audit('offline intents', { intents: ['booking', 'message', 'edit', 'reaction', 'cancel'] }, { intents: done }, converged);
    await expect(page.getByTestId('outbox-pill')).toHaveCount(0);
  } finally {
    await restore();
  }
});
