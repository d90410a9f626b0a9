// What every benchmark shares: the browser, the console watch, the REST
// helpers (accounts, rooms, seeded messages, chat limits) and the
// statistics. Plain Node with Playwright's library API: these are
// measurements, not tests, so nothing here asserts a time.
// The library API of the declared @playwright/test package, not its test runner.
import { chromium } from '@playwright/test';

import e2eConfig from '../e2e/playwright.config.mjs';
import { messageBatches } from '../harness/seed.mjs';

export const BASE_URL = process.env.JANJI_BASE_URL;
export const DEMO_PASSWORD = 'janji-demo-2026';
export const PROVIDER_ID = 'prvdewijakarta1';
export const PROVIDER = 'provider@janji.test';

/** Debian's Chromium with the flags every browser tier uses (the end-to-end config's), and a GC the page can force. */
export function launch() {
  const { launchOptions } = e2eConfig.use;
  return chromium.launch({ ...launchOptions, args: [...launchOptions.args, '--js-flags=--expose-gc'] });
}

/**
 * A new browser context on the app's origin, with the in-page probe
 * installed in every page it opens. `watch` names what the probe times
 * from the very start of each document: `cards` (the provider list),
 * `openRoom` (clicks that room's "Open chat" on My bookings as soon as it
 * shows, then waits for 50 messages in the chat window) and `chat50` (50
 * messages in the chat window, e.g. of a conversation's address).
 */
export async function newContext(browser, watch = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe, watch);
  return context;
}

/**
 * Runs in every page before its own scripts: notes when the wasm module is
 * ready (Trunk's loader dispatches `TrunkApplicationStarted` with the
 * module's exports), keeps every long task and long animation frame, lets
 * the resource timing buffer grow past its default 250 entries, and times
 * the milestones of `watch`: for each, when the DOM first showed it
 * (`seen`) and the animation frame after that (`painted`), in ms from
 * navigation start.
 */
function probe(watch) {
  const bench = { wasmInit: null, wasm: null, longTasks: [], longFrames: [], milestones: {}, marks: {} };
  window.__bench = bench;
  addEventListener('TrunkApplicationStarted', (e) => {
    bench.wasmInit = performance.now();
    bench.wasm = e.detail && e.detail.wasm;
  }, { once: true });
  try {
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) bench.longTasks.push({ start: t.startTime, duration: t.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing in this browser: none are counted.
  }
  try {
    // Frames that took over 50 ms from their start to their paint, with
    // rendering (long tasks count script tasks only).
    new PerformanceObserver((list) => {
      for (const f of list.getEntries()) bench.longFrames.push({ start: f.startTime, duration: f.duration, blocking: f.blockingDuration });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // No long animation frame timing in this browser.
  }
  // The app's own user-timing marks, which it clears from the timeline as
  // it sets them (so only an observer sees them): name → time.
  bench.marks = {};
  new PerformanceObserver((list) => {
    for (const m of list.getEntries()) bench.marks[m.name] = m.startTime;
  }).observe({ type: 'mark' });
  performance.setResourceTimingBufferSize(100000);

  /**
   * Resolves with `{ seen, painted, rendered }`: when `ready()` first held,
   * watching the DOM for it; the first animation frame after (the time in
   * its requestAnimationFrame callback); and the first task after that
   * frame, when its style, layout and paint are done. `null` after
   * `timeout` ms.
   */
  bench.painted = (ready, timeout = 30000) => new Promise((resolve) => {
    let observer = null;
    let timer = null;
    const finish = () => {
      const seen = performance.now();
      if (observer) observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => {
        const painted = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ seen, painted, rendered: performance.now() });
        channel.port2.postMessage(null);
      });
    };
    if (ready()) return finish();
    observer = new MutationObserver(() => { if (ready()) finish(); });
    observer.observe(document, { childList: true, subtree: true });
    timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
  });

  const steps = [];
  if (watch.cards) {
    steps.push(['cards', () => !!document.querySelector('[data-testid="provider-card"]')]);
  }
  if (watch.openRoom) {
    steps.push(['openChat', () => {
      const card = document.querySelector(`[data-booking="${watch.openRoom}"]`);
      const button = card && [...card.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Open chat');
      if (!button) return false;
      button.click();
      return true;
    }]);
    steps.push(['chat50', () => document.querySelectorAll('[data-testid="chat-window"] [data-testid="message"]').length >= 50]);
  }
  if (watch.chat50) {
    steps.push(['chat50', () => document.querySelectorAll('[data-testid="chat-window"] [data-testid="message"]').length >= 50]);
  }
  if (!steps.length) return;
  // One step at a time, in order; the observer goes once all are seen.
  let next = 0;
  const check = () => {
    while (next < steps.length) {
      const [name, ready] = steps[next];
      if (!ready()) return false;
      const seen = performance.now();
      bench.milestones[name] = { seen, painted: null };
      requestAnimationFrame(() => { bench.milestones[name].painted = performance.now(); });
      next++;
    }
    return true;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 60000);
}

/**
 * Collects what would make a page's console unclean: errors, uncaught
 * exceptions and dialogs, each with the page's name. Reported, never fatal.
 */
export function watchConsole(page, name, problems) {
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const which = msg.text().startsWith('Failed to load resource') ? ` [failed answers so far: ${failed.slice(-5).join(', ')}]` : '';
    problems.push(`${name}: console error: ${msg.text()}${which}`);
  });
  page.on('pageerror', (err) => problems.push(`${name}: uncaught: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`${name}: unexpected dialog (${dialog.type()}): ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
}

/** Throws with `what` when `value` is missing: the figure could not be measured. */
export function need(value, what) {
  if (value === null || value === undefined || Number.isNaN(value)) throw new Error(`could not measure: ${what}`);
  return value;
}

// ---------------------------------------------------------------- REST

async function call(method, path, { token, body } = {}) {
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { Authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

let suToken = null;
/** The PocketBase superuser's token (the harness's credentials). */
export async function superuser() {
  if (!suToken) {
    const { token } = await call('POST', '/api/collections/_superusers/auth-with-password', {
      body: { identity: process.env.JANJI_PB_SU_EMAIL, password: process.env.JANJI_PB_SU_PASSWORD },
    });
    suToken = token;
  }
  return suToken;
}

/** Signs in over REST; the token and the user's record. */
export function apiSignIn(email, password = DEMO_PASSWORD) {
  return call('POST', '/api/collections/users/auth-with-password', { body: { identity: email, password } });
}

/** A new customer with `rooms` bookings of the demo provider (each booking's id is its room's). */
export async function customerWithRooms(rooms, name = 'Bench Customer') {
  const email = `b${Date.now()}${Math.floor(Math.random() * 1e6)}@janji.test`;
  await call('POST', '/api/collections/users/records', {
    body: { email, password: DEMO_PASSWORD, passwordConfirm: DEMO_PASSWORD, name },
  });
  const customer = await apiSignIn(email);
  const ids = [];
  for (let i = 0; i < rooms; i++) {
    const booking = await call('POST', '/api/collections/bookings/records', {
      token: customer.token,
      body: {
        provider: PROVIDER_ID, minutes: 60, price: 180000, source: 'direct', mode: 'immediate',
        chatWindowOpen: false, customerName: name, customerWhatsApp: '+6281234567890',
      },
    });
    ids.push(booking.id);
  }
  const provider = await apiSignIn(PROVIDER);
  return {
    email, customer: customer.record.id, token: customer.token,
    provider: provider.record.id, providerToken: provider.token, rooms: ids,
  };
}

/**
 * Writes `count` text messages into `room` as the superuser through the
 * batch API, 50 per request (one transaction each; about a second per
 * thousand), alternating the senders. Ids sort like the numbers, so
 * messages saved within one millisecond still come in the order written.
 */
export async function seedMessages(room, customer, provider, count, label = 'history') {
  const token = await superuser();
  for (const requests of messageBatches({ room, customer, provider }, count, { body: (n) => `${label} ${n}` })) {
    await call('POST', '/api/batch', { token, body: { requests } });
  }
}

/**
 * Raises the per-user chat limits the way an operator does (a `chat_limits`
 * record per action); returns a function that restores the built-in ones.
 */
export async function raiseChatLimits() {
  const token = await superuser();
  const ids = [];
  for (const action of ['message', 'reaction', 'edit', 'delete']) {
    const rec = await call('POST', '/api/collections/chat_limits/records', {
      token, body: { action, windows: [{ max: 100000, seconds: 60 }] },
    });
    ids.push(rec.id);
  }
  return async () => {
    for (const id of ids) await call('DELETE', `/api/collections/chat_limits/records/${id}`, { token });
  };
}

// ---------------------------------------------------------------- the app

/** Signs in through the app's form and waits until the app says so. */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: 20000 });
}

/** How many cached messages of `room` the app's database holds on this device. */
export function cachedMessages(page, room) {
  return page.evaluate((r) => new Promise((resolve) => {
    const open = indexedDB.open('janji');
    open.onerror = () => resolve(0);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('room_messages')) { db.close(); resolve(0); return; }
      const req = db.transaction('room_messages').objectStore('room_messages').get(r);
      req.onsuccess = () => { db.close(); resolve(req.result ? req.result.messages.length : 0); };
      req.onerror = () => { db.close(); resolve(0); };
    };
  }), room);
}

/**
 * Waits until the probe holds the painted time of the milestone `name`;
 * false after `timeout` ms. It asks with plain evaluations ten times a
 * second rather than Playwright's `waitForFunction`, which first evaluates
 * its own injected script in the new document: several milliseconds of the
 * main thread inside the very start-up being timed.
 */
export async function milestonePainted(page, name, timeout = 30000) {
  const started = Date.now();
  while (Date.now() - started < timeout) {
    const painted = await page.evaluate((n) => window.__bench?.milestones[n]?.painted != null, name).catch(() => false);
    if (painted) return true;
    await sleep(100);
  }
  return false;
}

/** Polls `check` until it holds; false after `timeout` ms. */
export async function until(check, timeout = 20000, every = 50) {
  const started = Date.now();
  for (;;) {
    if (await check()) return true;
    if (Date.now() - started > timeout) return false;
    await new Promise((r) => setTimeout(r, every));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- statistics

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Median, min, max, p95 and p99 of `values`, and how many there were. */
export function stats(values) {
  if (!values.length) return null;
  const round = (x) => Math.round(x * 100) / 100;
  return {
    n: values.length,
    median: round(quantile(values, 0.5)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    p95: round(quantile(values, 0.95)),
    p99: round(quantile(values, 0.99)),
  };
}

// ---------------------------------------------------------------- the report

/**
 * The figures of a run. Each has a value (a median, or a single number),
 * its spread where it was measured more than once, a target where the
 * issue sets one, and whether the target is met; a figure that could not
 * be measured is kept with why.
 */
export class Report {
  constructor() {
    this.figures = [];
    this.unmeasured = [];
    this.console = [];
    this.notes = [];
  }

  /**
   * `value` in `unit`; `spread` from `stats()`; `target` as
   * `{ max, text }` (met when value ≤ max) or `{ text, met }`.
   */
  add({ id, name, value, unit, spread = null, target = null, detail = undefined }) {
    const met = target ? (target.met ?? (value <= target.max)) : null;
    this.figures.push({ id, name, value, unit, spread, target: target?.text ?? null, met, detail });
  }

  missing(id, why) {
    this.unmeasured.push({ id, why });
  }

  note(text) {
    this.notes.push(text);
  }
}

/**
 * Closes the chat window, if one is open, with a click in the page (a
 * toast may lie over the close button, which Playwright would wait out).
 */
export async function closeChat(page) {
  const closed = await page.evaluate(() => {
    const button = document.querySelector('[data-testid="chat-window"] button[aria-label="Close chat"]');
    if (button) button.click();
    return !!button;
  });
  if (closed) await page.getByTestId('chat-window').waitFor({ state: 'detached' });
}

let longRoom = null;
/**
 * One room with 5,000 messages (and the booking's two opening ones), made
 * once per run and shared by the paging and scrolling benchmarks, each of
 * which reads it in its own browser context.
 */
export function roomWith5000() {
  longRoom ??= (async () => {
    const c = await customerWithRooms(1, 'Bench Scroller');
    const started = Date.now();
    await seedMessages(c.rooms[0], c.customer, c.provider, 5000);
    return { ...c, room: c.rooms[0], seededMs: Date.now() - started };
  })();
  return longRoom;
}

/**
 * A new context signed in as the owner of the 5,000-message room, with its
 * chat open (`name` labels console problems) and the chat's own start
 * over: what the paging and scrolling benchmarks begin from.
 */
export async function longChat(browser, name, problems) {
  const long = await roomWith5000();
  const context = await newContext(browser);
  const page = await context.newPage();
  watchConsole(page, name, problems);
  await signIn(page, long.email);
  await openChat(page, long.room);
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

/** Opens the chat of `room` from My bookings and waits for its newest 50 messages. */
export async function openChat(page, room) {
  await page.goto('/bookings');
  const card = page.locator(`[data-booking="${room}"]`);
  await card.getByRole('button', { name: 'Open chat' }).click();
  const messages = page.getByTestId('chat-window').getByTestId('message');
  await until(async () => (await messages.count()) >= 50, 20000);
  need((await messages.count()) >= 50 || null, `the chat of room ${room} open with 50 messages`);
  return page.getByTestId('chat-window');
}

/**
 * Adds what the app's own Monitor recorded in `page` (its error log in
 * IndexedDB: warnings, errors, critical) to `problems`, so a run reports
 * the failures the app saw as well as the console's. Reported, never fatal.
 */
export async function monitorClean(page, name, problems) {
  const records = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('janji');
    open.onerror = () => resolve([]);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('error_log')) { db.close(); resolve([]); return; }
      const all = db.transaction('error_log').objectStore('error_log').getAll();
      all.onsuccess = () => { db.close(); resolve(all.result); };
      all.onerror = () => { db.close(); resolve([]); };
    };
  })).catch(() => []);
  for (const r of records) {
    if (r.severity === 'info') continue;
    problems.push(`${name}: the app's Monitor recorded ${r.severity} ${r.category} ${r.operation} (×${r.count}): ${r.message}`);
  }
}
