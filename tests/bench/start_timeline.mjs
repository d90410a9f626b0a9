// Prints the timeline of warm starts at a conversation's address: when the
// page's fetches were sent and answered, when each wasm module was
// instantiated, when IndexedDB was opened and each object store read, all
// relative to the wasm init (`TrunkApplicationStarted`), up to the 50
// cached messages painted:
//
//   node tests/harness/with-pocketbase.mjs --public-dir dist --exempt-loopback -- \
//     node tests/bench/start_timeline.mjs [--visits 3]
//
// The browser calls are wrapped by a script the page runs before its own, so
// the times are the app's calls as it makes them. A tool for finding where
// the warm start's time goes, not a benchmark: it reports no figure and
// checks nothing.
import { customerWithRooms, launch, milestonePainted, need, newContext, seedMessages, signIn, sleep } from './lib.mjs';

const args = process.argv.slice(2);
const visits = args.includes('--visits') ? Number(args[args.indexOf('--visits') + 1]) : 3;
// Visits before the ones printed: the first fills the room's cache, and the
// next ones let the browser cache the modules' compiled code.
const WARMUP = 3;

/** Runs in the page before the app: notes the calls the timeline shows. */
function wrapCalls() {
  window.__timeline = [];
  const note = (what) => window.__timeline.push([performance.now(), what]);
  const reads = [[IDBObjectStore.prototype, ['get', 'getAll', 'openCursor', 'put']], [IDBIndex.prototype, ['get', 'getAll', 'openCursor']]];
  for (const [proto, names] of reads) {
    for (const name of names) {
      const original = proto[name];
      proto[name] = function (...rest) {
        const request = original.apply(this, rest);
        const label = `${name} ${this.name}`;
        note(`idb ${label}`);
        request.addEventListener('success', () => note(`idb ${label}: answered`));
        return request;
      };
    }
  }
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...rest) {
    note('idb open');
    const request = open.apply(this, rest);
    request.addEventListener('success', () => note('idb open: answered'));
    return request;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...rest) {
      note(`wasm ${name}`);
      return original.apply(this, rest).then((result) => {
        note(`wasm ${name}: done`);
        return result;
      });
    };
  }
  const fetch = window.fetch;
  window.fetch = function (resource, ...rest) {
    const url = new URL(String(resource?.url ?? resource), location.href).pathname;
    note(`fetch ${url}`);
    return fetch.call(this, resource, ...rest).then((response) => {
      note(`fetch ${url}: answered`);
      return response;
    });
  };
}

const browser = await launch();
const c = await customerWithRooms(1, 'Timeline Reader');
const [room] = c.rooms;
await seedMessages(room, c.customer, c.provider, 60);
const context = await newContext(browser, { chat50: true });
await context.addInitScript(wrapCalls);
const page = await context.newPage();
await signIn(page, c.email);
for (let i = 0; i < WARMUP + visits; i++) {
  await page.goto(`/chats/${room}`);
  need((await milestonePainted(page, 'chat50')) || null, `the chat painted on visit ${i}`);
  await sleep(1500);
  if (i < WARMUP) continue;
  const t = await page.evaluate(() => ({ init: window.__bench.wasmInit, chat50: window.__bench.milestones.chat50, calls: window.__timeline }));
  const at = (ms) => `${(ms - t.init).toFixed(1).padStart(7)} ms`;
  console.log(`\nvisit ${i - WARMUP + 1}: wasm init at ${t.init.toFixed(1)} ms after navigation`);
  const lines = [...t.calls, [t.chat50.seen, '50 messages in the page'], [t.chat50.painted, 'painted']]
    .filter(([ms]) => ms <= t.chat50.painted)
    .sort(([a], [b]) => a - b);
  for (const [ms, what] of lines) console.log(`${at(ms)}  ${what}`);
}
await browser.close();
