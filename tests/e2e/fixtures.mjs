// Shared fixtures: every page must keep a clean console (no errors, no
// uncaught exceptions, no dialogs), and helpers for accounts, PocketBase and
// second people (browser contexts).
import { test as base, expect } from '@playwright/test';

import { messageBatches } from '../harness/seed.mjs';

export const DEMO_PASSWORD = 'janji-demo-2026';
export const ARTIFACTS = 'target/e2e/artifacts';

/** Collects what would make a page's console unclean. */
export function watchConsole(page, expected = []) {
  const problems = [];
  // The browser's "Failed to load resource" names no URL; the answers that
  // failed are kept so such an error says which request it was.
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (expected.some((part) => msg.text().includes(part))) return;
    const which = msg.text().startsWith('Failed to load resource') ? ` [failed answers so far: ${failed.join(', ')}]` : '';
    problems.push(`console error: ${msg.text()}${which}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`unexpected dialog (${dialog.type()}): ${dialog.message()}`);
    dialog.dismiss();
  });
  return problems;
}

export const test = base.extend({
  // Console errors a test causes on purpose (e.g. by cutting the network),
  // as substrings (options must be plain data); anything else fails the test.
  expectedConsoleErrors: [[], { option: true }],
  page: async ({ page, expectedConsoleErrors }, use) => {
    const problems = watchConsole(page, expectedConsoleErrors);
    await use(page);
    expect(problems, 'the browser console stays clean').toEqual([]);
  },
  // A second person, in their own browser context (own storage, own session).
  other: async ({ browser, expectedConsoleErrors }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page, expectedConsoleErrors);
    await use(page);
    expect(problems, "the second person's console stays clean").toEqual([]);
    await context.close();
  },
});

export { expect };

/** Signs in through the REST API and returns the token and record. */
export async function apiSignIn(request, email, password = DEMO_PASSWORD) {
  const res = await request.post('/api/collections/users/auth-with-password', {
    data: { identity: email, password },
  });
  expect(res.status(), `sign-in of ${email}`).toBe(200);
  return res.json();
}

/** Signs in as the PocketBase superuser (the harness's credentials). */
export async function superuser(request) {
  const res = await request.post('/api/collections/_superusers/auth-with-password', {
    data: { identity: process.env.JANJI_PB_SU_EMAIL, password: process.env.JANJI_PB_SU_PASSWORD },
  });
  expect(res.status()).toBe(200);
  const { token } = await res.json();
  return { headers: { Authorization: token } };
}

/** Stops, kills or starts the real PocketBase behind the app. */
export async function pocketbase(action) {
  const res = await fetch(`${process.env.JANJI_PB_CONTROL_URL}/${action}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`pocketbase ${action} failed: ${res.status} ${await res.text()}`);
}

/** Signs in through the app's form. */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

/** The demo provider (Dewi, Jakarta) and the demo accounts. */
export const PROVIDER_ID = 'prvdewijakarta1';
export const CUSTOMER = 'customer@janji.test';
export const PROVIDER = 'provider@janji.test';

/** A new customer account, for tests that must not share the demo customer's rate limits. */
export async function newCustomer(request, name = 'Fresh Customer') {
  const email = `c${Date.now()}${Math.floor(Math.random() * 1e6)}@janji.test`;
  const res = await request.post('/api/collections/users/records', {
    data: { email, password: DEMO_PASSWORD, passwordConfirm: DEMO_PASSWORD, name },
  });
  expect(res.status(), await res.text()).toBe(200);
  return email;
}

/** A booking made over the API by a customer (the demo one unless named); its id is its room's id. */
export async function bookingWithRoom(request, email = CUSTOMER) {
  const customer = await apiSignIn(request, email);
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
export async function seedMessages(request, { room, customer, provider }, count) {
  const su = await superuser(request);
  for (const requests of messageBatches({ room, customer, provider }, count)) {
    const res = await request.post('/api/batch', { ...su, data: { requests } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

/** Opens the chat of `room` from My bookings. */
export async function openChat(page, room) {
  await page.goto('/bookings');
  await page.locator(`[data-booking="${room}"]`).getByRole('button', { name: 'Open chat' }).click();
  const chat = page.getByTestId('chat-window');
  await expect(chat).toBeVisible();
  return chat;
}
