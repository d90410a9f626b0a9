// IndexedDB, through the app's own messages cache: the figures of
// tests/idb_bench.rs (a wasm-bindgen-test in headless Chromium), which
// scripts/bench.sh runs before the browser benchmarks and whose
// `bench idb: {json}` line it keeps in target/bench/idb.json.
import { existsSync, readFileSync } from 'node:fs';

import { stats } from './lib.mjs';

export async function idb({ report, options: { idbFile } }) {
  if (!existsSync(idbFile)) throw new Error(`${idbFile} is missing: the IndexedDB benchmark (tests/idb_bench.rs) did not print its line`);
  const runs = JSON.parse(readFileSync(idbFile, 'utf8'));
  const figure = (key, id, name, target) => {
    if (!Array.isArray(runs[key]) || !runs[key].length) throw new Error(`${idbFile} has no ${key}`);
    const s = stats(runs[key]);
    report.add({ id, name, value: s.median, unit: 'ms', spread: s, target });
  };
  figure('write500', 'idb.write500', 'IndexedDB: write 500 messages in one transaction (MessagesCache::replace, new room)', { max: 30, text: '≤ 30 ms' });
  figure('replace500', 'idb.replace500', 'IndexedDB: replace a room\'s 500 cached messages with 500', null);
  figure('readNewest50', 'idb.readNewest50', 'IndexedDB: read the newest 50 of a room (as cached: its newest page)', null);
  figure('readNewest50Of500', 'idb.readNewest50Of500', 'IndexedDB: read the newest 50 of a room holding 500 (load reads all)', null);
}
