// A chat opened to its 50 newest messages painted.
//
// The warm start loads the conversation's address, /chats/<room>, on a
// device that opened the room before; the figure runs from the wasm
// module's init to the 50 cached messages painted. Then, in a loaded page
// (My bookings): "Open chat" clicked to the 50 messages painted from the
// device's cache, and
// for rooms never opened on this device, from the network. Where the
// figure is "from cache", the network's newest page is held back until the
// paint (the network is often the faster of the two on loopback). Last, the
// nodes in the open chat's timeline: a count, not a timing.
import { join } from 'node:path';

import {
  cachedMessages, closeChat, customerWithRooms, milestonePainted, monitorClean, need, newContext, seedMessages, signIn, sleep, stats, until, watchConsole,
} from './lib.mjs';

const WARM_WARMUP = 2;
const WARM_RUNS = 10;
const CLICK_WARMUP = 3;
const CLICK_RUNS = 10;
const NET_WARMUP = 2;
const NET_RUNS = 8;
const MESSAGES = 60;

/**
 * When the answer to the room's newest page (the request the chat makes on
 * opening) ended, if it started after `since`, in page time; null if none.
 */
function newestPageAnswer(page, room, since) {
  return page.evaluate(([id, t]) => {
    const ends = performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/collections/messages/records') && e.startTime >= t
        && decodeURIComponent(e.name).includes(`room='${id}'&sort=-created`))
      .map((e) => e.responseEnd);
    return ends.length ? Math.min(...ends) : null;
  }, [room, since]);
}

/**
 * Holds the chat's request for a room's newest page while `held.on` is
 * set, until `release()`: a "from cache" figure then counts only what the
 * device's cache painted. Through the DevTools protocol's Fetch domain,
 * which leaves the HTTP cache on (Playwright's routing turns it off).
 */
async function newestPageGate(page) {
  const cdp = await page.context().newCDPSession(page);
  const paused = [];
  const gate = {
    on: false,
    async release() {
      for (const requestId of paused.splice(0)) await cdp.send('Fetch.continueRequest', { requestId }).catch(() => {});
    },
  };
  cdp.on('Fetch.requestPaused', (e) => {
    if (gate.on) paused.push(e.requestId);
    else cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
  });
  await cdp.send('Fetch.enable', {
    patterns: [{ urlPattern: '*/api/collections/messages/records\\?*sort=-created*', requestStage: 'Request' }],
  });
  return gate;
}

/** Clicks "Open chat" of `room` in the page and times it to 50 messages painted. */
async function clickToPainted(page, room, gate) {
  await closeChat(page);
  await sleep(300);
  const r = await page.evaluate(async (id) => {
    const card = document.querySelector(`[data-booking="${id}"]`);
    const button = card && [...card.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Open chat');
    if (!button) return null;
    const painted = window.__bench.painted(
      () => document.querySelectorAll('[data-testid="chat-window"] [data-testid="message"]').length >= 50);
    const clicked = performance.now();
    button.click();
    const p = await painted;
    return p && { clicked, ...p };
  }, room);
  await gate.release();
  need(r, `50 messages of room ${room} painted after "Open chat"`);
  const answer = await newestPageAnswer(page, room, r.clicked);
  return { ...r, answer, fromCache: answer === null || r.seen < answer };
}

export async function chatOpen({ browser, report, problems }) {
  const rooms = 1 + NET_WARMUP + NET_RUNS;
  const c = await customerWithRooms(rooms, 'Bench Reader');
  for (const room of c.rooms) await seedMessages(room, c.customer, c.provider, MESSAGES);
  const [cached, ...fresh] = c.rooms;

  const context = await newContext(browser, { chat50: true });
  const page = await context.newPage();
  watchConsole(page, 'chat open', problems);
  await signIn(page, c.email);
  const gate = await newestPageGate(page);

  // Warm start: the room was opened once on this device (its newest page is
  // cached), then every visit to its address opens it at once.
  const warm = [];
  for (let i = 0; i < 1 + WARM_WARMUP + WARM_RUNS; i++) {
    // The first opening fills the cache from the network; after that the
    // network's page waits until the cached one is painted.
    gate.on = i > 0;
    await page.goto(`/chats/${cached}`);
    const ok = await milestonePainted(page, 'chat50');
    // What the page showed instead, for the report: whether the window
    // opened and how many messages it had, with a screenshot beside the results.
    const missed = ok ? '' : await page.evaluate(() => JSON.stringify({
      url: location.pathname,
      windowOpen: !!document.querySelector('[data-testid="chat-window"]'),
      messages: document.querySelectorAll('[data-testid="chat-window"] [data-testid="message"]').length,
      milestones: window.__bench.milestones,
    })).then(async (state) => {
      await page.screenshot({ path: join('target', 'bench', 'chat-open-warm-start-missed.png') }).catch(() => {});
      return ` (visit ${i}: ${state})`;
    }, (e) => ` (visit ${i}: ${e.message})`);
    await gate.release();
    need(ok || null, `the cached chat painted on a warm start${missed}`);
    const m = await page.evaluate(() => ({ wasmInit: window.__bench.wasmInit, ...window.__bench.milestones }));
    if (i === 0) {
      // The first opening fetched the page from the network; it is kept on the device after.
      need(await until(async () => (await cachedMessages(page, cached)) >= 50) || null, 'the opened room cached on the device');
    } else if (i > WARM_WARMUP) {
      const answer = await newestPageAnswer(page, cached, need(m.wasmInit, 'TrunkApplicationStarted'));
      warm.push({
        fromInit: m.chat50.painted - m.wasmInit,
        fromNavigation: m.chat50.painted,
        fromCache: answer === null || m.chat50.seen < answer,
      });
    }
    await sleep(1500);
  }

  const click = [];
  await page.goto('/bookings');
  await page.locator(`[data-booking="${cached}"]`).waitFor();
  gate.on = true;
  for (let i = 0; i < CLICK_WARMUP + CLICK_RUNS; i++) {
    const r = await clickToPainted(page, cached, gate);
    if (i >= CLICK_WARMUP) click.push(r);
  }

  const network = [];
  gate.on = false;
  for (let i = 0; i < fresh.length; i++) {
    const r = await clickToPainted(page, fresh[i], gate);
    if (i >= NET_WARMUP) network.push(r);
  }
  // What the open chat holds in the DOM: every node is built, laid out and
  // kept in memory, and this count does not vary between runs.
  await sleep(500);
  const dom = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="chat-window"] [data-testid="messages"]');
    if (!list) return null;
    const counts = { messages: list.querySelectorAll('[data-testid="message"]').length, elements: 0, comments: 0, text: 0 };
    const walk = document.createTreeWalker(list, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT | NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const type = walk.currentNode.nodeType;
      if (type === Node.ELEMENT_NODE) counts.elements++;
      else if (type === Node.COMMENT_NODE) counts.comments++;
      else counts.text++;
    }
    return counts;
  });
  await monitorClean(page, 'chat open', problems);
  await context.close();

  const s = stats(warm.map((w) => w.fromInit));
  report.add({
    id: 'chat.warmStart', name: 'warm start at /chats/<room>: wasm init → 50 cached messages painted', value: s.median, unit: 'ms', spread: s,
    target: { max: 50, text: '≤ 50 ms' },
    detail: { runs: warm, paintedFromCache: `${warm.filter((w) => w.fromCache).length}/${warm.length}` },
  });
  const nav = stats(warm.map((w) => w.fromNavigation));
  report.add({ id: 'chat.warmStart.fromNavigation', name: 'warm start at /chats/<room>: navigation → 50 cached messages painted', value: nav.median, unit: 'ms', spread: nav });
  const cs = stats(click.map((r) => r.painted - r.clicked));
  report.add({
    id: 'chat.open.cache', name: 'chat open (page loaded): click → 50 messages painted, from cache', value: cs.median, unit: 'ms', spread: cs,
    detail: { paintedFromCache: `${click.filter((r) => r.fromCache).length}/${click.length}`, runs: click },
  });
  const ns = stats(network.map((r) => r.painted - r.clicked));
  report.add({
    id: 'chat.open.network', name: 'chat open (page loaded): click → 50 messages painted, from the network', value: ns.median, unit: 'ms', spread: ns,
    detail: { answerAfterClick: stats(network.filter((r) => r.answer !== null).map((r) => r.answer - r.clicked)) },
  });
  if (dom) {
    report.add({
      id: 'chat.open.domNodes',
      name: `nodes in the timeline with ${dom.messages} messages shown (elements, comments, text)`,
      value: dom.elements + dom.comments + dom.text,
      unit: 'nodes',
      detail: dom,
    });
  } else {
    report.missing('chat.open.domNodes', 'the open chat had no timeline');
  }
  const notCached = [...warm, ...click].filter((r) => !r.fromCache).length;
  if (notCached) report.note(`chat open: ${notCached} "from cache" run(s) painted after the network's page had arrived`);
}
