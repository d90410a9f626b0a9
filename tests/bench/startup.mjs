// Start-up: from navigation start to the provider list painted (the first
// animation frame after the first provider card is in the DOM), and to the
// wasm module's init (Trunk's `TrunkApplicationStarted`). Cold: a new
// browser context per run (empty HTTP cache and IndexedDB). Warm: further
// navigations in one context, with the HTTP cache and IndexedDB filled.
import { milestonePainted, monitorClean, need, newContext, sleep, stats, watchConsole } from './lib.mjs';

const WARMUP = 2;
const RUNS = 10;

async function load(page) {
  await page.goto('/');
  const ok = await milestonePainted(page, 'cards');
  const m = await page.evaluate(() => ({ wasmInit: window.__bench.wasmInit, ...window.__bench.milestones.cards }));
  need(ok ? m.painted : null, 'provider cards painted (no [data-testid="provider-card"] appeared)');
  return need(m.wasmInit, 'TrunkApplicationStarted') && m;
}

export async function startup({ browser, report, problems }) {
  const cold = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const context = await newContext(browser, { cards: true });
    const page = await context.newPage();
    watchConsole(page, 'startup (cold)', problems);
    const m = await load(page);
    if (i >= WARMUP) cold.push(m);
    await monitorClean(page, 'startup (cold)', problems);
    await context.close();
  }

  const warm = [];
  const context = await newContext(browser, { cards: true });
  const page = await context.newPage();
  watchConsole(page, 'startup (warm)', problems);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const m = await load(page);
    if (i >= WARMUP) warm.push(m);
    // What the app keeps after start-up (the providers' cache, the
    // Monitor's start a second later) is written before the next visit.
    await sleep(1500);
  }
  await monitorClean(page, 'startup (warm)', problems);
  await context.close();

  for (const [label, runs] of [['cold', cold], ['warm', warm]]) {
    const painted = stats(runs.map((r) => r.painted));
    report.add({ id: `startup.${label}.cards`, name: `start-up, ${label} cache: provider cards painted`, value: painted.median, unit: 'ms', spread: painted });
    const init = stats(runs.map((r) => r.wasmInit));
    report.add({ id: `startup.${label}.wasmInit`, name: `start-up, ${label} cache: wasm init`, value: init.median, unit: 'ms', spread: init });
  }
}
