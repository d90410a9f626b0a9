// First-load bytes: what dist/index.html loads (scripts/size-check.mjs
// measures it, with its JSON read back here), and the sanitizer worker,
// which loads on first need (its script, its wasm and Trunk's loader shim).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const KB = 1000;

export async function size({ report, options: { root } }) {
  const out = join(root, 'target', 'bench', 'size.json');
  mkdirSync(join(root, 'target', 'bench'), { recursive: true });
  // The budget is the harness's to judge: size-check itself never fails here.
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'size-check.mjs'), '--budget-kb', '1000000', '--json', out, '--dist', join(root, 'dist')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`size-check failed: ${run.stderr || run.stdout}`);
  const measured = JSON.parse(readFileSync(out, 'utf8'));
  const { total } = measured;
  report.add({
    id: 'size.firstLoad', name: 'first load (wasm + js of index.html), brotli', value: total.brotli / KB, unit: 'KB',
    target: { max: 160, text: '≤ 160 KB' },
    detail: { raw: total.raw, gzip: total.gzip, brotli: total.brotli, files: measured.firstLoad },
  });
  report.add({ id: 'size.firstLoad.gzip', name: 'first load, gzip', value: total.gzip / KB, unit: 'KB' });
  report.add({ id: 'size.firstLoad.raw', name: 'first load, raw', value: total.raw / KB, unit: 'KB' });

  const worker = measured.lazy.filter((f) => /^sanitizer(_bg\.wasm|\.js|_loader\.js)$/.test(f.file));
  if (worker.length !== 3) throw new Error(`the sanitizer worker's three files were not found in dist/ (found ${worker.map((f) => f.file).join(', ') || 'none'})`);
  const sum = (key) => worker.reduce((s, f) => s + f[key], 0);
  report.add({
    id: 'size.sanitizer', name: 'sanitizer worker (js + wasm + loader), brotli', value: sum('brotli') / KB, unit: 'KB',
    detail: { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli'), files: worker },
  });
  report.add({ id: 'size.sanitizer.raw', name: 'sanitizer worker, raw / gzip', value: sum('raw') / KB, unit: 'KB', detail: { gzip: sum('gzip') / KB } });
  return measured;
}
