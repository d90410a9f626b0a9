#!/usr/bin/env node
// The benchmark harness: drives the release build (dist/, served by the
// real PocketBase that tests/harness/with-pocketbase.mjs started) in
// Chromium, writes every figure to target/bench/results.json and prints a
// Markdown table with each figure, its target and whether it is met.
//
//   node tests/harness/with-pocketbase.mjs --public-dir dist --exempt-loopback -- \
//     node tests/bench/run.mjs [--idb target/bench/idb.json] [--only name,name]
//
// Benchmarks never fail on a timing: the exit status is non-zero only when
// a figure could not be measured. Console errors seen during the runs, and
// what the app's own Monitor recorded, are reported, not fatal.
// scripts/bench.sh runs all of it.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, Report } from './lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('--only')?.split(',');
const idbFile = opt('--idb') ?? join(ROOT, 'target', 'bench', 'idb.json');

if (!process.env.JANJI_BASE_URL) {
  console.error('JANJI_BASE_URL is not set: run through tests/harness/with-pocketbase.mjs (scripts/bench.sh does)');
  process.exit(2);
}

// Each benchmark, in the order they run: its module and its function. The
// browser ones share one Chromium.
const BENCHMARKS = [
  ['size', './size.mjs', 'size'],
  ['idb', './idb.mjs', 'idb'],
  ['startup', './startup.mjs', 'startup'],
  ['chat-open', './chat_open.mjs', 'chatOpen'],
  ['booking', './booking.mjs', 'booking'],
  ['paging', './paging.mjs', 'paging'],
  ['scroll', './scroll.mjs', 'scroll'],
  ['delivery', './delivery.mjs', 'delivery'],
];
const options = { root: ROOT, idbFile };

const report = new Report();
const started = Date.now();
const loadBefore = loadavg();
const browser = await launch();
const timings = {};
for (const [name, module, fn] of BENCHMARKS) {
  if (only && !only.includes(name)) continue;
  const t0 = Date.now();
  process.stdout.write(`bench ${name} … `);
  const problems = [];
  try {
    const bench = (await import(module))[fn];
    await bench({ report, browser, problems, options });
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.log('NOT MEASURED');
    console.error(`  ${name}: ${err.stack || err}`);
    report.missing(name, String(err.message || err));
  }
  timings[name] = Date.now() - t0;
  for (const p of problems) report.console.push(p);
}
const chromium = browser.version();
await browser.close();

// ---------------------------------------------------------------- output

const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const results = {
  when: new Date().toISOString(),
  commit,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, chromium, node: process.version },
  // Other work on the machine moves timings: the 1-minute load average
  // when the benchmarks began and when they ended.
  load: { before: loadBefore[0], after: loadavg()[0] },
  seconds: Math.round((Date.now() - started) / 1000),
  benchmarkSeconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v / 100) / 10])),
  figures: report.figures,
  unmeasured: report.unmeasured,
  consoleProblems: report.console,
  notes: report.notes,
};
const out = join(ROOT, 'target', 'bench', 'results.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));

const num = (v) => {
  if (v === null || v === undefined) return '—';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
};
const spread = (s) => {
  if (!s) return '';
  return s.n > 1 ? `${num(s.min)}–${num(s.max)}, p95 ${num(s.p95)} (n ${s.n})` : '';
};
const lines = [
  '| figure | value | spread (min–max, p95) | target | met |',
  '| --- | --- | --- | --- | --- |',
  ...report.figures.map((f) => `| ${f.name} | ${`${num(f.value)} ${f.unit}`.trim()} | ${spread(f.spread)} | ${f.target ?? ''} | ${f.met === null ? '' : f.met ? 'yes' : '**no**'} |`),
  ...report.unmeasured.map((u) => `| ${u.id} | not measured | ${u.why.replace(/\|/g, '/').replace(/\s+/g, ' ').slice(0, 160)} | | **no** |`),
];
console.log(`\n## Benchmarks (${results.when}, ${commit ?? 'no commit'}, ${results.machine.cpus} CPUs, load ${results.load.before.toFixed(1)} → ${results.load.after.toFixed(1)}, Chromium ${chromium})\n`);
console.log(lines.join('\n'));
if (report.notes.length) {
  console.log('\nNotes:');
  for (const n of report.notes) console.log(`- ${n}`);
}
console.log(`\nConsole and the app's Monitor during the runs: ${report.console.length ? `${report.console.length} problem(s)` : 'clean'}`);
for (const p of report.console.slice(0, 20)) console.log(`- ${p}`);
if (report.console.length > 20) console.log(`- … ${report.console.length - 20} more in results.json`);
console.log(`\nresults: ${out} (${results.seconds} s)`);
if (report.unmeasured.length) {
  console.error(`bench: ${report.unmeasured.length} benchmark(s) could not be measured: ${report.unmeasured.map((u) => u.id).join(', ')}`);
  process.exit(1);
}
