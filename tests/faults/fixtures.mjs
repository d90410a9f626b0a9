// Helpers of the fault suite: the audit every scenario ends with, the
// operator settings a scenario needs, and ways to inject faults that the
// end-to-end fixtures do not have.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

import { apiSignIn, DEMO_PASSWORD, expect, PROVIDER, PROVIDER_ID, superuser } from '../e2e/fixtures.mjs';

export * from '../e2e/fixtures.mjs';

/**
 * Compares what was sent with what the server stored, per room, and prints
 * the scenario's line. `sent` maps a room to its bodies in the order they
 * were written; `stored` maps a room to the stored bodies in the server's
 * order (created, id). Fails on any loss, duplicate or reordering.
 */
export function audit(name, sent, stored, convergedMs) {
  let sentN = 0;
  let storedN = 0;
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const [room, bodies] of Object.entries(sent)) {
    const kept = stored[room] ?? [];
    sentN += bodies.length;
    const wanted = new Set(bodies);
    const ours = kept.filter((b) => wanted.has(b));
    storedN += ours.length;
    const counts = new Map();
    for (const b of ours) counts.set(b, (counts.get(b) ?? 0) + 1);
    lost += bodies.filter((b) => !counts.has(b)).length;
    duplicated += [...counts.values()].reduce((s, n) => s + n - 1, 0);
    // Out of order: stored neighbours (first copies) whose sending order is
    // the other way round.
    const position = new Map(bodies.map((b, i) => [b, i]));
    const firsts = ours.filter((b, i) => ours.indexOf(b) === i);
    for (let i = 1; i < firsts.length; i++) {
      if (position.get(firsts[i - 1]) > position.get(firsts[i])) outOfOrder++;
    }
  }
  const line = `${name}: sent ${sentN}, stored ${storedN}, lost ${lost}, duplicated ${duplicated}, out-of-order ${outOfOrder}, converged in ${(convergedMs / 1000).toFixed(1)} s`;
  console.log(`scenario ${line}`);
  expect({ lost, duplicated, outOfOrder }, line).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  return { sent: sentN, stored: storedN };
}

/** Every stored message of `rooms` in the server's order, bodies per room. */
export async function storedBodies(request, rooms) {
  const su = await superuser(request);
  const out = {};
  for (const room of rooms) {
    out[room] = [];
    for (let page = 1; ; page++) {
      const filter = encodeURIComponent(`room='${room}' && kind='text'`);
      const res = await request.get(
        `/api/collections/messages/records?filter=${filter}&sort=created,id&perPage=500&page=${page}&skipTotal=1`, su);
      expect(res.status()).toBe(200);
      const { items } = await res.json();
      out[room].push(...items.map((m) => m.body));
      if (items.length < 500) break;
    }
  }
  return out;
}

/** Waits until `check()` is true, polling; returns the milliseconds it took. */
export async function until(check, { timeout = 60_000, every = 100, what = 'the condition' } = {}) {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeout) throw new Error(`${what} did not hold within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Raises the per-user chat limits for a scenario that writes more than a
 * person would, the way an operator does (a `chat_limits` record per action);
 * returns a function that restores the built-in limits.
 */
export async function raiseChatLimits(request) {
  const su = await superuser(request);
  const ids = [];
  for (const action of ['message', 'reaction', 'edit', 'delete']) {
    const res = await request.post('/api/collections/chat_limits/records', {
      ...su,
      data: { action, windows: [{ max: 100000, seconds: 60 }] },
    });
    expect(res.status(), await res.text()).toBe(200);
    ids.push((await res.json()).id);
  }
  return async () => {
    for (const id of ids) await request.delete(`/api/collections/chat_limits/records/${id}`, su);
  };
}

/** A new customer with `rooms` bookings of the demo provider; ids of everything. */
export async function customerWithRooms(request, rooms, name = 'Fault Customer') {
  const email = `f${Date.now()}${Math.floor(Math.random() * 1e6)}@janji.test`;
  const made = await request.post('/api/collections/users/records', {
    data: { email, password: DEMO_PASSWORD, passwordConfirm: DEMO_PASSWORD, name },
  });
  expect(made.status(), await made.text()).toBe(200);
  const customer = await apiSignIn(request, email);
  const ids = [];
  for (let i = 0; i < rooms; i++) {
    const res = await request.post('/api/collections/bookings/records', {
      headers: { Authorization: customer.token },
      data: {
        provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate',
        chatWindowOpen: false, customerName: name, customerWhatsApp: '+6281234567890',
      },
    });
    expect(res.status(), await res.text()).toBe(200);
    ids.push((await res.json()).id);
  }
  const provider = await apiSignIn(request, PROVIDER);
  return { email, customer: customer.record.id, token: customer.token, provider: provider.record.id, providerToken: provider.token, rooms: ids };
}

// The app PocketBase serves in this run (dist/ unless told otherwise).
const DIST = normalize(process.env.JANJI_PUBLIC_DIR ?? join(import.meta.dirname, '..', '..', 'dist'));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json' };

/**
 * Serves the built app from disk to `context`, as a static host separate
 * from the API would: the page still loads (and reloads) while PocketBase is
 * down, and only `/api/` goes to the server.
 */
export async function serveAppFromDisk(context) {
  await context.route((url) => !url.pathname.startsWith('/api/'), async (route) => {
    const { pathname } = new URL(route.request().url());
    let file = normalize(join(DIST, decodeURIComponent(pathname)));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
    await route.fulfill({ body: readFileSync(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
  });
}

/** Types and sends `bodies` in the open chat window, one after the other. */
export async function typeMessages(chat, bodies) {
  const box = chat.getByLabel('Message');
  for (const body of bodies) {
    await box.fill(body);
    await box.press('Enter');
    await expect(box).toHaveValue('');
  }
}

/** A small seeded random source (mulberry32), so a flaky run can be replayed. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
