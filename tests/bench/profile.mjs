// Profiles prepending older messages: a DevTools CPU profile of a few
// prepends at the given CPU slowdown, written to target/bench/ and summed
// by function (self time). Build with JANJI_KEEP_NAMES=1 so the profile
// names the Rust functions:
//
//   JANJI_KEEP_NAMES=1 scripts/build-release.sh
//   node tests/harness/with-pocketbase.mjs --public-dir dist --exempt-loopback -- \
//     node tests/bench/profile.mjs [--rate 4] [--runs 5]
//
// With --delivery N it profiles the receiving side of the delivery
// benchmark instead: N messages created over REST, one every 20 ms, into a
// room open in the app's chat window.
//
// A tool for finding where the time goes, not a benchmark: it reports no
// figure and checks nothing.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { customerWithRooms, launch, longChat, newContext, openChat, PROVIDER, raiseChatLimits, signIn, sleep, until } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rate = opt('--rate', 4);
const runs = opt('--runs', 5);
// --css "<rules>" adds a style sheet to the page first: to try a style
// change on the built app without rebuilding it.
const css = args.includes('--css') ? args[args.indexOf('--css') + 1] : null;
// --trace records a DevTools timeline trace instead, and sums the main
// thread's time by event (style, layout, paint, script...).
const trace = args.includes('--trace');
const delivery = opt('--delivery', 0);

/** Rust's mangled names, shortened to their path without the hash. */
function readable(name) {
  if (!name.startsWith('_ZN')) return name || '(anonymous)';
  const parts = [];
  let rest = name.slice(3);
  while (rest && rest[0] !== 'E') {
    const len = parseInt(rest, 10);
    if (Number.isNaN(len)) break;
    const digits = String(len).length;
    parts.push(rest.slice(digits, digits + len));
    rest = rest.slice(digits + len);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\$C\$/g, ',').replace(/\$RF\$/g, '&').replace(/\$LP\$/g, '(').replace(/\$RP\$/g, ')')
    .replace(/\.\./g, '::').replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}');
}

/** The receiving page of the delivery benchmark, and a function that sends `n` messages to it. */
async function receiver(browser) {
  const c = await customerWithRooms(1, 'Profile Sender');
  const room = c.rooms[0];
  const restore = await raiseChatLimits();
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, PROVIDER);
  await openChat(page, room).catch(() => null);
  const cdp = await context.newCDPSession(page);
  const send = async (n) => {
    const prefix = `p${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;
    const began = performance.now();
    const posts = [];
    for (let i = 0; i < n; i++) {
      const wait = began + i * 20 - performance.now();
      if (wait > 0) await sleep(wait);
      const id = `${prefix}${String(i).padStart(10, '0')}`;
      posts.push(fetch(`${process.env.JANJI_BASE_URL}/api/collections/messages/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', Authorization: c.token },
        body: JSON.stringify({ id, room, sender: c.customer, kind: 'text', body: `profile ${i}` }),
      }));
    }
    await Promise.all(posts);
    const last = `${prefix}${String(n - 1).padStart(10, '0')}`;
    await until(() => page.evaluate((id) => !!document.querySelector(`[data-id="${id}"]`), last), 60000, 100);
  };
  return { context, page, cdp, send, restore };
}

const browser = await launch();
const { context, page, cdp, send, restore } = delivery
  ? await receiver(browser)
  : { ...(await longChat(browser, 'profile', [])), send: null, restore: async () => {} };
if (send) await send(500);
if (css) await page.addStyleTag({ content: css });
await sleep(1000);
await cdp.send('Emulation.setCPUThrottlingRate', { rate });
const events = [];
if (trace) {
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
} else {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}
for (let i = 0; i < (send ? 0 : runs); i++) {
  await page.evaluate(() => new Promise((resolve) => {
    const list = document.querySelector('[data-testid="messages"]');
    const oldest = list.querySelector('[data-testid="message"]')?.dataset.id;
    list.scrollTop = 0;
    const check = () => {
      if (list.querySelector('[data-testid="message"]')?.dataset.id !== oldest) resolve();
      else requestAnimationFrame(check);
    };
    check();
  }));
  await sleep(400 * rate);
}
if (send) await send(delivery);
if (trace) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // Self time of complete events on the renderer's main thread, by name.
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const own = events.filter((e) => e.ph === 'X' && (!main || (e.pid === main.pid && e.tid === main.tid)))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const selfTime = new Map();
  const stack = [];
  for (const e of own) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (stack.length) selfTime.set(stack.at(-1).name, (selfTime.get(stack.at(-1).name) ?? 0) - e.dur);
    selfTime.set(e.name, (selfTime.get(e.name) ?? 0) + e.dur);
    stack.push(e);
  }
  console.log(`${send ? `${delivery} messages` : `${runs} prepends`} at ${rate}× CPU, main thread self time by trace event:`);
  for (const [name, us] of [...selfTime.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
  await restore();
  await context.close();
  await browser.close();
  process.exit(0);
}
const { profile } = await cdp.send('Profiler.stop');
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
mkdirSync(join('target', 'bench'), { recursive: true });
const out = join('target', 'bench', `${send ? 'delivery' : 'paging'}-${rate}x.cpuprofile`);
writeFileSync(out, JSON.stringify(profile));

// Self time per function: each sample's node, weighted by the time delta.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const name = `${readable(node.callFrame.functionName)} ${node.callFrame.url ? `(${node.callFrame.url.split('/').pop()})` : ''}`.trim();
  self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const total = [...self.entries()].filter(([n]) => !/^\(idle\)|^\(program\)/.test(n)).reduce((t, [, v]) => t + v, 0);
console.log(`${send ? `${delivery} messages` : `${runs} prepends`} at ${rate}× CPU: ${total.toFixed(0)} ms busy (profile: ${out})${css ? ` with ${css}` : ''}`);
for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 170)}`);
}
// Total time per function (itself and what it called), each sample counted
// once per function on its stack: where the time goes from the top down.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
profile.samples.forEach((id, i) => {
  const names = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) names.add(readable(byId.get(at).callFrame.functionName));
  for (const name of names) inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
console.log('\ntotal (self and callees):');
for (const [name, ms] of [...inclusive.entries()].filter(([n]) => !/^\(/.test(n)).sort((a, b) => b[1] - a[1]).slice(0, 60)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 170)}`);
}
await restore();
await context.close();
await browser.close();
