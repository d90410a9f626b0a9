// Who may change a booking, checked over REST with each role's token, and
// the admin dashboard's booking reports against the stored bookings.
import { apiSignIn, expect, PROVIDER_ID, signIn, superuser, test } from './fixtures.mjs';

const OTHER_PROVIDER_ID = 'prvsekarspajkt1';

async function as(request, email) {
  const { token, record } = await apiSignIn(request, email);
  // The id rides along unenumerated so that spreading the options into a request sends only the headers.
  return Object.defineProperty({ headers: { Authorization: token } }, 'id', { value: record.id });
}

/** A second provider account, linked to another listing (made once). */
async function otherProviderAuth(request) {
  const su = await superuser(request);
  const email = 'provider2@janji.test';
  const found = await (await request.get(`/api/collections/users/records?filter=${encodeURIComponent(`email='${email}'`)}`, su)).json();
  let id = found.items[0]?.id;
  if (!id) {
    const made = await request.post('/api/collections/users/records', {
      ...su,
      data: { email, password: 'janji-demo-2026', passwordConfirm: 'janji-demo-2026', name: 'Sekar Owner', role: 'provider' },
    });
    expect(made.status(), await made.text()).toBe(200);
    id = (await made.json()).id;
    const linked = await request.patch(`/api/collections/providers/records/${OTHER_PROVIDER_ID}`, { ...su, data: { user: id } });
    expect(linked.status(), await linked.text()).toBe(200);
  }
  return as(request, email);
}

async function newBooking(request, customer, extra = {}) {
  const res = await request.post('/api/collections/bookings/records', {
    ...customer,
    data: {
      provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate',
      chatWindowOpen: false, customerName: 'Citra', customerWhatsApp: '+6281234567890', ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function expiredBooking(request, customer) {
  const su = await superuser(request);
  const b = await newBooking(request, customer);
  const past = new Date(Date.now() - 60_000).toISOString().replace('T', ' ');
  expect((await request.patch(`/api/collections/bookings/records/${b.id}`, { ...su, data: { responseDeadline: past } })).status()).toBe(200);
  expect((await request.post('/api/janji/expire-now', su)).status()).toBe(200);
  return b;
}

test('only the allowed cells of the transition matrix succeed', async ({ request }) => {
  test.setTimeout(120_000);
  const su = await superuser(request);
  const customer = await as(request, 'customer@janji.test');
  const roles = {
    customer,
    otherCustomer: await as(request, 'customer2@janji.test'),
    provider: await as(request, 'provider@janji.test'),
    otherProvider: await otherProviderAuth(request),
    admin: await as(request, 'admin@janji.test'),
    guest: { headers: {} },
  };
  const actions = {
    accept: { allowed: ['provider'], setup: () => newBooking(request, customer), body: { status: 'Accepted' }, after: 'Accepted' },
    decline: { allowed: ['provider'], setup: () => newBooking(request, customer), body: { status: 'Declined', declineReason: 'Fully booked' }, after: 'Declined' },
    cancel: { allowed: ['customer'], setup: () => newBooking(request, customer), body: { status: 'Cancelled' }, after: 'Cancelled' },
    reviveExpired: { allowed: [], setup: () => expiredBooking(request, customer), body: { status: 'Pending' } },
    setPrice: { allowed: [], setup: () => newBooking(request, customer), body: { price: 1000 } },
  };
  const cells = [];
  for (const [action, spec] of Object.entries(actions)) {
    for (const [role, auth] of Object.entries(roles)) {
      const booking = await spec.setup();
      const res = await request.patch(`/api/collections/bookings/records/${booking.id}`, { ...auth, data: spec.body });
      const stored = await (await request.get(`/api/collections/bookings/records/${booking.id}`, su)).json();
      const succeeded = res.status() === 200;
      cells.push(`${action} by ${role}: ${succeeded ? 'allowed' : `refused ${res.status()}`}`);
      expect(succeeded, `${action} by ${role}`).toBe(spec.allowed.includes(role));
      if (succeeded) expect(stored.status).toBe(spec.after);
      else {
        expect(stored.status, `${action} by ${role} left the booking as it was`).toBe(booking.status === 'Pending' && action === 'reviveExpired' ? 'Expired' : booking.status);
        expect(stored.price).toBe(booking.price);
      }
    }
  }
  // Setting the status on create: any customer may book for themselves, never with a status of their choosing;
  // providers, admins and visitors may not create bookings at all.
  for (const [role, auth] of Object.entries(roles)) {
    const res = await request.post('/api/collections/bookings/records', {
      headers: auth.headers,
      data: {
        provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate', status: 'Accepted',
        chatWindowOpen: false, customerName: 'Citra', customerWhatsApp: '+6281234567890',
      },
    });
    if (role === 'customer' || role === 'otherCustomer') {
      expect(res.status(), await res.text()).toBe(200);
      const made = await res.json();
      expect(made.status, 'the server sets Pending').toBe('Pending');
      expect(made.customer, 'the booking belongs to whoever made it').toBe(auth.id);
      cells.push(`status on create by ${role}: made Pending`);
    } else {
      expect(res.status(), `create by ${role}`).not.toBe(200);
      cells.push(`status on create by ${role}: refused ${res.status()}`);
    }
  }
  console.log(cells.join('\n'));
});

test('the admin panels show the bookings per source and the response times', async ({ page, request }) => {
  const su = await superuser(request);
  const customer = await as(request, 'customer@janji.test');
  const provider = await as(request, 'provider@janji.test');
  const b = await newBooking(request, customer, { source: 'priceSlider' });
  expect((await request.patch(`/api/collections/bookings/records/${b.id}`, { ...provider, data: { status: 'Accepted' } })).status()).toBe(200);

  const all = (await (await request.get('/api/collections/bookings/records?perPage=500', su)).json()).items;
  const expected = {};
  for (const x of all) expected[x.source] = (expected[x.source] || 0) + 1;

  await signIn(page, 'admin@janji.test');
  await page.getByRole('link', { name: 'Admin' }).click();
  const bars = page.getByTestId('source-bar');
  await expect(bars).toHaveCount(6);
  for (const source of ['bookingButton', 'chatWindow', 'menuSlider', 'scheduled', 'priceSlider', 'direct']) {
    await expect(page.locator(`[data-testid="source-bar"][data-source="${source}"]`))
      .toHaveAttribute('data-count', String(expected[source] || 0));
  }
  const row = page.getByTestId('response-times').locator('tbody tr', { hasText: 'Dewi Lestari' });
  await expect(row).toBeVisible();
  const answered = Number(await row.locator('td').nth(1).textContent());
  expect(answered).toBe(all.filter((x) => x.provider === PROVIDER_ID && x.respondedAt).length);
  await expect(row.locator('td').nth(4)).toHaveText(/^\d+%$/);
});
