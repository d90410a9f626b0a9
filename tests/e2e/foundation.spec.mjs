// The foundation works end to end: accounts, the provider directory from
// the real backend, a provider page with a sanitized bio, a session that
// survives a reload, and rules that keep customers out of each other's data.
import { mkdirSync } from 'node:fs';

import { ARTIFACTS, apiSignIn, expect, test } from './fixtures.mjs';

const SEEDED_PROVIDERS_AT_LEAST = 12;

test('a new customer signs up, signs in, browses providers and opens one', async ({ page }) => {
  const email = `e2e-${Date.now()}@janji.test`;
  const password = 'correct-horse-42';

  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Eka Putri');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Eka Putri');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Eka Putri');

  const cards = page.getByTestId('provider-card');
  await expect(cards.first()).toBeVisible();
  const total = await cards.count();
  expect(total).toBeGreaterThanOrEqual(SEEDED_PROVIDERS_AT_LEAST);

  // Filters narrow the list and live in the URL.
  await page.getByLabel('Kind').selectOption('place');
  await expect(page).toHaveURL(/kind=place/);
  await expect(async () => {
    const places = await cards.count();
    expect(places).toBeGreaterThan(0);
    expect(places).toBeLessThan(total);
  }).toPass();
  await page.getByLabel('Kind').selectOption('');
  await expect(cards).toHaveCount(total);

  await cards.first().click();
  const providerPage = page.getByTestId('provider-page');
  await expect(providerPage).toBeVisible();
  await expect(providerPage.locator('.bio-text')).not.toBeEmpty();
  await expect(page.getByTestId('services-menu').locator('li').first()).toBeVisible();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/provider-page.png`, fullPage: true });

  await page.reload();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Eka Putri');
  await expect(page.getByTestId('provider-page')).toBeVisible();
});

test('a hostile bio is shown without its script or event handlers', async ({ page, request }) => {
  const list = await (await request.get('/api/collections/providers/records?perPage=200')).json();
  const hostile = list.items.find((p) => p.bio.includes('<script'));
  expect(hostile, 'the seed has one provider with a hostile bio').toBeTruthy();

  await page.goto(`/providers/${hostile.id}`);
  const bio = page.getByTestId('provider-page').locator('.bio-text');
  await expect(bio).not.toBeEmpty();
  await expect(bio.locator('script')).toHaveCount(0);
  await expect(bio.locator('img')).toHaveCount(0);
  await expect(bio.locator('[onerror], [onclick], [style]')).toHaveCount(0);
  for (const href of await bio.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    expect(href === null || /^(https:|mailto:|tel:)/.test(href)).toBe(true);
  }
  // The dialog guard in the fixture fails the test if any script ran.
});

test('a customer cannot see another customer\'s bookings or rooms', async ({ request }) => {
  const providers = await (await request.get('/api/collections/providers/records?perPage=200')).json();
  const provider = providers.items[0];
  const service = provider.services[0];

  const alice = await apiSignIn(request, 'customer@janji.test');
  const created = await request.post('/api/collections/bookings/records', {
    headers: { Authorization: alice.token },
    data: {
      provider: provider.id,
      minutes: service.minutes,
      price: service.price,
      source: 'bookingButton',
      mode: 'immediate',
      chatWindowOpen: false,
      customerName: 'Alice Demo',
      customerWhatsApp: '+6281234567890',
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const booking = await created.json();

  // Asked by booking, because other tests in the run may have given her more rooms than one page holds.
  const roomOf = `/api/collections/rooms/records?filter=${encodeURIComponent(`booking='${booking.id}'`)}`;
  const aliceRooms = await (await request.get(roomOf, { headers: { Authorization: alice.token } })).json();
  expect(aliceRooms.items.map((r) => r.booking), 'the owner sees her room').toEqual([booking.id]);

  const bob = await apiSignIn(request, 'customer2@janji.test');
  const asBob = { headers: { Authorization: bob.token } };
  const bobBookings = await (await request.get(`/api/collections/bookings/records?filter=${encodeURIComponent(`id='${booking.id}'`)}`, asBob)).json();
  expect(bobBookings.items).toEqual([]);
  const bobRooms = await (await request.get(roomOf, asBob)).json();
  expect(bobRooms.items).toEqual([]);
  expect((await request.get(`/api/collections/bookings/records/${booking.id}`, asBob)).status()).toBe(404);
  const roomId = aliceRooms.items[0].id;
  const messagesOf = `/api/collections/messages/records?filter=${encodeURIComponent(`room='${roomId}'`)}`;
  const aliceMessages = await (await request.get(messagesOf, { headers: { Authorization: alice.token } })).json();
  expect(aliceMessages.items.length, 'the owner sees the welcome messages').toBeGreaterThan(0);
  const bobMessages = await (await request.get(messagesOf, asBob)).json();
  expect(bobMessages.items.length, 'no messages of rooms Bob is not in').toBe(0);

  const anonymous = await (await request.get('/api/collections/bookings/records')).json();
  expect(anonymous.items.length).toBe(0);
});
