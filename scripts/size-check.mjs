#!/usr/bin/env node
// Measures the first load: the wasm and JS that dist/index.html loads (not
// the sanitizer worker, which loads on first need), raw, gzip and brotli.
// Fails when the brotli total is above the budget, or when serde_json's
// parser is in the first load.
//
//   node scripts/size-check.mjs [--budget-kb 182] [--json out.json]
//
// A KB here is 1000 bytes, the stricter reading of the budget.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const budgetKb = Number(opt('--budget-kb', '182'));
const jsonOut = opt('--json', null);
const dist = opt('--dist', 'dist');

const html = readFileSync(join(dist, 'index.html'), 'utf8');
// Every local .js/.wasm the page references (module imports, preloads).
const referenced = new Set([...html.matchAll(/["'(]\/?([\w.-]+\.(?:js|wasm))["')]/g)].map((m) => m[1]));
if (![...referenced].some((f) => f.endsWith('.wasm'))) {
  console.error('size-check: index.html references no .wasm file');
  process.exit(1);
}

const measure = (file) => {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const firstLoad = [...referenced].sort().map(measure);
const total = firstLoad.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), {
  raw: 0, gzip: 0, brotli: 0,
});
const lazy = readdirSync(dist).filter((f) => /\.(js|wasm|bin)$/.test(f) && !referenced.has(f)).sort().map(measure);

const row = (f) => `${f.file.padEnd(34)} ${String(f.raw).padStart(9)} ${String(f.gzip).padStart(9)} ${String(f.brotli).padStart(9)}`;
console.log(`${'first load'.padEnd(34)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`);
firstLoad.forEach((f) => console.log(row(f)));
console.log(row({ file: 'TOTAL', ...total }));
if (lazy.length) {
  console.log('loaded on demand (not in the budget):');
  lazy.forEach((f) => console.log(row(f)));
}
// serde_json's parser stays out of the first load (ARCHITECTURE.md, "The
// first load"): its error texts in a first-load module mean some serde
// decoding reached it again.
const serdeJson = firstLoad.filter((f) => f.file.endsWith('.wasm') && readFileSync(join(dist, f.file)).includes('EOF while parsing a value'));
if (serdeJson.length) {
  console.error(`size-check: FAIL serde_json's parser is in the first load (${serdeJson.map((f) => f.file).join(', ')}); decode what the first load reads with platform::json`);
  process.exit(1);
}
const budget = budgetKb * 1000;
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ budgetBytes: budget, firstLoad, total, lazy }, null, 2));
if (total.brotli > budget) {
  console.error(`size-check: FAIL first load is ${total.brotli} bytes brotli, over the ${budget}-byte (${budgetKb} KB) budget`);
  process.exit(1);
}
console.log(`size-check: ok, first load ${total.brotli} bytes brotli of ${budget} (${budgetKb} KB)`);
