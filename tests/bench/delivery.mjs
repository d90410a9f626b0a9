// Delivery: page A (the customer; a plain page on the app's origin, not the
// app) creates messages over REST with fetch, one every 20 ms (50 a
// second), with the chat limits raised as an operator would; page B (the
// provider, the room open in the app's chat window) receives them over its
// realtime topic. Both pages live in one browser, so both clocks are
// performance.timeOrigin + performance.now(); the offset between the two
// pages is estimated anyway and reported. Timed from the create sent to (a)
// the app holding the message (its `janji:held:<id>` user-timing mark, set
// where a live message joins the room's timeline) and (b) the message
// painted (its element in the DOM, then the next animation frame), over
// 1,000 messages after 100 warm-up messages.
import { customerWithRooms, monitorClean, need, newContext, openChat, PROVIDER, raiseChatLimits, signIn, sleep, stats, until, watchConsole } from './lib.mjs';

const WARMUP = 100;
const MESSAGES = 1000;
const EVERY_MS = 20;

/**
 * How far `page`'s clock (timeOrigin + now) is ahead of this process's,
 * from the exchange with the shortest round trip of `n`.
 */
async function clockOffset(page, n = 15) {
  let best = null;
  for (let i = 0; i < n; i++) {
    const t0 = performance.timeOrigin + performance.now();
    const theirs = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = performance.timeOrigin + performance.now();
    if (!best || t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: theirs - (t0 + t1) / 2 };
  }
  return best;
}

export async function delivery({ browser, report, problems }) {
  const c = await customerWithRooms(1, 'Bench Sender');
  const room = c.rooms[0];
  const restore = await raiseChatLimits();
  try {
    const receiving = await newContext(browser);
    const b = await receiving.newPage();
    watchConsole(b, 'delivery (receiver)', problems);
    await signIn(b, PROVIDER);
    await openChat(b, room).catch(() => null);
    // A new room holds only its two opening messages: wait for those.
    await until(async () => (await b.getByTestId('chat-window').getByTestId('message').count()) >= 2);
    const sending = await browser.newContext({ baseURL: process.env.JANJI_BASE_URL });
    const a = await sending.newPage();
    watchConsole(a, 'delivery (sender)', problems);
    await a.goto('/favicon.svg');
    await sleep(1000);

    // The receiver notes each message element as it joins the list, and the
    // first animation frame after it; every frame's time is kept.
    await b.evaluate(() => {
      const list = document.querySelector('[data-testid="messages"]');
      const d = { seen: {}, painted: {}, frames: [] };
      window.__delivery = d;
      const waiting = [];
      new MutationObserver((records) => {
        const now = performance.now();
        for (const r of records) {
          for (const n of r.addedNodes) {
            const id = n.dataset?.id;
            if (id && !(id in d.seen)) {
              d.seen[id] = now;
              waiting.push(id);
            }
          }
        }
      }).observe(list, { childList: true });
      const frame = () => {
        const now = performance.now();
        d.frames.push(now);
        for (const id of waiting.splice(0)) d.painted[id] = now;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });

    const [offsetA, offsetB] = [await clockOffset(a), await clockOffset(b)];
    const prefix = `d${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;
    const total = WARMUP + MESSAGES;
    const sent = await a.evaluate(async ([token, roomId, sender, n, every, pre]) => {
      const times = {};
      const answered = {};
      const statuses = {};
      const posts = [];
      const began = performance.now();
      for (let i = 0; i < n; i++) {
        const wait = began + i * every - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const id = `${pre}${String(i).padStart(10, '0')}`;
        const body = JSON.stringify({ id, room: roomId, sender, kind: 'text', body: `delivery ${i}` });
        times[id] = performance.timeOrigin + performance.now();
        posts.push(fetch('/api/collections/messages/records', {
          method: 'POST', headers: { 'content-type': 'application/json', Authorization: token }, body,
        }).then((r) => {
          answered[id] = performance.timeOrigin + performance.now();
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        }, () => { statuses.failed = (statuses.failed ?? 0) + 1; }));
      }
      await Promise.all(posts);
      return { times, answered, statuses, seconds: (performance.now() - began) / 1000 };
    }, [c.token, room, c.customer, total, EVERY_MS, prefix]);
    if (sent.statuses[200] !== total) report.note(`delivery: of ${total} creates the server answered ${JSON.stringify(sent.statuses)}`);
    const ids = Object.keys(sent.times);
    const last = ids.at(-1);
    await until(() => b.evaluate((id) => id in window.__delivery.painted, last), 30000, 100);
    const got = await b.evaluate(() => ({
      origin: performance.timeOrigin,
      held: Object.fromEntries(Object.entries(window.__bench.marks)
        .filter(([name]) => name.startsWith('janji:held:'))
        .map(([name, at]) => [name.slice('janji:held:'.length), at])),
      painted: window.__delivery.painted,
      frames: window.__delivery.frames,
    }));
    await monitorClean(b, 'delivery (receiver)', problems);
    await sending.close();
    await receiving.close();

    const measured = ids.slice(WARMUP);
    const held = [];
    const painted = [];
    const heldToPainted = [];
    const roundTrips = measured.filter((id) => id in sent.answered).map((id) => sent.answered[id] - sent.times[id]);
    let nextFrame = 0;
    let missing = 0;
    for (const id of measured) {
      const h = got.held[id];
      const p = got.painted[id];
      if (h === undefined || p === undefined) {
        missing++;
        continue;
      }
      held.push(got.origin + h - sent.times[id]);
      painted.push(got.origin + p - sent.times[id]);
      heldToPainted.push(p - h);
      // Painted in the next frame: no frame ran between holding and painting.
      if (!got.frames.some((f) => f > h && f < p)) nextFrame++;
    }
    need(held.length || null, 'any janji:held mark on the receiving page (is the mark in this build?)');
    if (missing) report.note(`delivery: ${missing} of ${measured.length} messages were not both held and painted on the receiving page`);
    const skew = offsetA.offset - offsetB.offset;
    report.note(`delivery: one create every ${EVERY_MS} ms (${Math.round(1000 / EVERY_MS)} a second); the two pages' clocks differ by ${Math.abs(skew).toFixed(2)} ms (±${((offsetA.rtt + offsetB.rtt) / 2).toFixed(2)} ms), not corrected`);

    const a50 = stats(held);
    report.add({
      id: 'delivery.held.p50', name: `delivery (a): create sent → receiver's app holds it, p50 (${held.length} messages)`, value: a50.median, unit: 'ms', spread: a50,
      target: { max: 5, text: '≤ 5 ms' },
    });
    report.add({ id: 'delivery.held.p95', name: 'delivery (a): p95', value: a50.p95, unit: 'ms' });
    report.add({ id: 'delivery.held.p99', name: 'delivery (a): p99', value: a50.p99, unit: 'ms', target: { max: 20, text: '≤ 20 ms' } });
    const b50 = stats(painted);
    report.add({ id: 'delivery.painted.p50', name: 'delivery (b): create sent → painted, p50', value: b50.median, unit: 'ms', spread: b50 });
    report.add({ id: 'delivery.painted.p95', name: 'delivery (b): p95', value: b50.p95, unit: 'ms' });
    report.add({ id: 'delivery.painted.p99', name: 'delivery (b): p99', value: b50.p99, unit: 'ms' });
    const hp = stats(heldToPainted);
    report.add({
      id: 'delivery.nextFrame', name: 'delivery (b): painted in the next frame after (a)', value: Math.round((nextFrame / held.length) * 1000) / 10, unit: '%',
      target: { max: Infinity, met: nextFrame === held.length, text: '100 %' },
      detail: { heldToPaintedMs: hp },
    });
    report.add({ id: 'delivery.heldToPainted', name: 'delivery: held → painted', value: hp.median, unit: 'ms', spread: hp });
    const rt = stats(roundTrips);
    report.add({ id: 'delivery.createAnswered', name: "delivery: create sent → the sender has the server's answer", value: rt.median, unit: 'ms', spread: rt });
  } finally {
    await restore();
  }
}
