#!/usr/bin/env node
// Trunk post_build hook: splits the app's wasm at its #[lazy] / #[lazy_route]
// points (Leptos's wasm_split), so pages only some people open (the admin
// dashboard) are fetched when first opened instead of with the first load.
//
// Trunk builds and binds the module as usual; this hook then redoes the last
// steps from the wasm cargo linked (with --emit-relocs, see build.rs):
//   wasm-split-cli <cargo wasm> <dir> --out-name <name>
//   wasm-bindgen --target web --keep-lld-exports --no-demangle
//   (release) the first load's exports trimmed and shortened (trimExports)
//   wasm-merge of the shared chunks into one module
//   wasm-opt -O<level> on the main module and on every chunk, one per core
// and replaces Trunk's staged files:
//   <name>.js + <name>_bg.wasm      the first load (Trunk's names)
//   __wasm_split-<hash>.js          the chunk loader the main JS imports
//   <bin>-<chunk>-<hash>.wasm       lazy chunks, fetched on first use
//   <bin>-shared-<hash>.wasm        the code lazy chunks share, fetched with
//                                   the first of them
// then fixes the integrity hashes Trunk wrote into the staged index.html.
//
// A chunk that cannot be fetched (offline) is retried with backoff until it
// arrives, instead of failing: Leptos has no error path for a lazy load, and
// a failed one would stop the app. In release builds the JavaScript of the
// first load (the bindings and the loader) is minified with terser.
//
//   Trunk.toml: [[hooks]] stage = "post_build", command = "node",
//   command_arguments = ["scripts/wasm-split-hook.mjs", "--bin", "janji", "--opt", "z"]
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const bin = opt('--bin', null);
const optLevel = opt('--opt', 'z');
if (!bin) fail('--bin NAME is required');

const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE || 'release';
const release = profile === 'release';
if (!staging) fail('TRUNK_STAGING_DIR is not set: run me as a Trunk post_build hook');
process.env.PATH = [join(process.cwd(), 'node_modules', '.bin'), process.env.PATH].join(delimiter);

function fail(msg) {
  console.error(`wasm-split-hook: ${msg}`);
  process.exit(1);
}
function log(msg) {
  console.log(`wasm-split-hook: ${msg}`);
}
function run(cmd, argv) {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return failed(cmd, argv, e.stdout, e.stderr || e.message);
  }
}
// How a command that failed is reported: the command and what it printed.
function failed(cmd, argv, stdout, stderr) {
  return fail(`${cmd} ${argv.join(' ')} failed:\n${stdout || ''}${stderr}`);
}
// The same, without blocking: wasm-opt runs single-threaded (binaryen
// compiled to wasm), so the modules are optimized side by side.
function runAsync(cmd, argv) {
  return new Promise((resolve) => {
    execFile(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20 }, (e, stdout, stderr) => {
      if (e) failed(cmd, argv, stdout, stderr || e.message);
      resolve(stdout);
    });
  });
}
// Runs `task` on every item, at most `width` at a time, in the items' order.
async function inParallel(items, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const escapeRe = (s) => s.replace(/[-.]/g, '\\$&');

// A wasm module is an 8-byte header and then its sections: each an id byte,
// the length of its contents and the contents. Lengths, counts and sizes are
// unsigned LEB128 numbers. The functions below that look into a module all
// read it with these, so they cannot disagree on its layout.

// The unsigned LEB128 number at `pos` of `bytes`, and the position after it.
// It multiplies rather than shifts, because a shift would turn numbers of
// 2^31 and more negative.
function readUleb(bytes, pos) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}
// The unsigned LEB128 bytes of `n`, for the length of a rewritten section.
const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
// The sections of a module in order: `start` is where a section begins (its
// id byte), `body` where its contents begin and `end` where it ends.
function* sections(bytes) {
  let pos = 8;
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    const [size, body] = readUleb(bytes, pos);
    pos = body + size;
    yield { id, start, body, end: pos };
  }
}
// The entry at `pos` of an import section (id 2). It is a module name and a
// field name, each a length and then that many bytes, and then a description
// of what it imports: `kind` 0 is a function, 1 a table, 2 a memory and 3 a
// global, and `min` is a table's or a memory's minimum size. `fieldAt` is
// where the field name starts (its length), `desc` where the description
// starts and `end` where the entry ends, so a caller can copy its parts.
function readImport(bytes, pos) {
  const [moduleLength, moduleAt] = readUleb(bytes, pos);
  const fieldAt = moduleAt + moduleLength;
  const [fieldLength, fieldNameAt] = readUleb(bytes, fieldAt);
  const desc = fieldNameAt + fieldLength;
  const kind = bytes[desc];
  let end = desc + 1;
  let min = 0;
  if (kind === 0) [, end] = readUleb(bytes, end);
  else if (kind === 1 || kind === 2) {
    // A table names the type of its elements before its limits.
    if (kind === 1) end++;
    let flags;
    [flags, end] = readUleb(bytes, end);
    [min, end] = readUleb(bytes, end);
    if (flags & 1) [, end] = readUleb(bytes, end);
  } else if (kind === 3) end += 2;
  else fail(`unknown import kind ${kind}`);
  return {
    module: bytes.toString('utf8', moduleAt, fieldAt),
    field: bytes.toString('utf8', fieldNameAt, desc),
    fieldAt, kind, min, desc, end,
  };
}

// wasm-bindgen names each import of the glue `__wbg_<method>_<16 hex>`; the
// name is written twice (the wasm's import section and the glue's imports
// object), and the random hex does not compress: about 5 KB brotli of a
// first load of a few hundred imports. Both sides get short names instead.
function shortenImports(wasm, module) {
  const parts = [wasm.subarray(0, 8)];
  const renames = new Map();
  for (const { id, start, body, end } of sections(wasm)) {
    if (id !== 2) {
      parts.push(wasm.subarray(start, end));
      continue;
    }
    let [count, p] = readUleb(wasm, body);
    const entries = [uleb(count)];
    for (let i = 0; i < count; i++) {
      const entry = readImport(wasm, p);
      let name = entry.field;
      if (entry.module === module && /^__wbg_.*_[0-9a-f]{16}$/.test(name)) {
        name = `i${renames.size.toString(36)}`;
        renames.set(entry.field, name);
      }
      const nameBytes = Buffer.from(name, 'utf8');
      // Only the field name changes: the module name and the description
      // are copied as they are.
      entries.push(wasm.subarray(p, entry.fieldAt), uleb(nameBytes.length), nameBytes, wasm.subarray(entry.desc, entry.end));
      p = entry.end;
    }
    if (p !== end) fail('import section did not parse to its end');
    const contents = Buffer.concat(entries);
    parts.push(Buffer.from([2]), uleb(contents.length), contents);
  }
  return { wasm: Buffer.concat(parts), renames };
}
// The export section (id 7) of the first load's module, rewritten before it
// is optimized:
//  - exports that `drop` accepts go, so wasm-opt drops their code. These are
//    the classes of wasm-streams, which Leptos's server functions bring with
//    them; a client-side app never constructs one, and the glue only names
//    their exports inside their methods.
//  - the closure trampolines keep Rust's mangled names
//    (`_ZN12wasm_bindgen7convert8closures...17h<16 hex>E`), which the glue
//    calls by name and which do not compress; both sides get short names.
function trimExports(wasm, drop, shorten) {
  const parts = [wasm.subarray(0, 8)];
  const renames = new Map();
  const dropped = [];
  for (const { id, start, body, end } of sections(wasm)) {
    if (id !== 7) {
      parts.push(wasm.subarray(start, end));
      continue;
    }
    let [count, p] = readUleb(wasm, body);
    const entries = [];
    for (let i = 0; i < count; i++) {
      // An export is a name (a length, then its bytes), a kind byte and an
      // index.
      const [length, at] = readUleb(wasm, p);
      let name = wasm.toString('utf8', at, at + length);
      const [, after] = readUleb(wasm, at + length + 1);
      const desc = wasm.subarray(at + length, after);
      p = after;
      if (drop(name)) {
        dropped.push(name);
        continue;
      }
      if (shorten(name)) {
        const short = `x${renames.size.toString(36)}`;
        renames.set(name, short);
        name = short;
      }
      const nameBytes = Buffer.from(name, 'utf8');
      entries.push(uleb(nameBytes.length), nameBytes, desc);
    }
    if (p !== end) fail('export section did not parse to its end');
    const contents = Buffer.concat([uleb(count - dropped.length), ...entries]);
    parts.push(Buffer.from([7]), uleb(contents.length), contents);
  }
  return { wasm: Buffer.concat(parts), renames, dropped };
}

// JANJI_KEEP_NAMES=1 keeps the function names in the modules, so a
// profile of a release build names the Rust functions (a bigger download:
// for profiling only, never shipped).
const keepNames = process.env.JANJI_KEEP_NAMES === '1';
const optimize = async (file, { firstLoad = false, features = [] } = {}) => {
  // --converge repeats the passes while they still shrink the module; the
  // producers and target-features sections are only metadata for tools.
  // The first load gets a second round after flattening and re-looping its
  // control flow, which finds about 1% more (some 15 s on 2 cores, so only
  // for the module everyone downloads first).
  if (release && optLevel !== '0') {
    const again = firstLoad ? ['--flatten', '--rereloop', `-O${optLevel}`, '--converge'] : [];
    await runAsync('wasm-opt', [`-O${optLevel}`, '--converge', ...again, ...features, '--strip-producers', '--strip-target-features', ...(keepNames ? ['-g'] : []), file, '-o', file]);
  }
};
const minify = (file) => {
  if (release) run('terser', [file, '--module', '--compress', '--mangle', '-o', file]);
};

const htmlPath = join(staging, 'index.html');
const sri = (file, algo) => `${algo}-${createHash(algo).update(readFileSync(join(staging, file))).digest('base64')}`;
// Trunk's integrity hashes are for the files this hook replaces.
function fixIntegrity(files) {
  let html = readFileSync(htmlPath, 'utf8');
  for (const file of files) {
    const re = new RegExp(`(href="[^"]*\\b${escapeRe(file)}"[^>]*?integrity=")(sha256|sha384|sha512)-[^"]*(")`);
    html = html.replace(re, (_, pre, algo, post) => `${pre}${sri(file, algo)}${post}`);
  }
  writeFileSync(htmlPath, html);
  return html;
}

// Drops the wasm custom sections whose name `drop` accepts.
function stripCustomSections(b, drop) {
  const out = [b.subarray(0, 8)];
  for (const { id, start, body, end } of sections(b)) {
    // A custom section (id 0) starts with its name: a length, then that
    // many bytes.
    if (id === 0) {
      const [length, name] = readUleb(b, body);
      if (drop(b.toString('utf8', name, name + length))) continue;
    }
    out.push(b.subarray(start, end));
  }
  return Buffer.concat(out);
}

// The loader's callback reports a failed chunk load to Rust, which cannot
// handle it; retry (up to 30 s apart) until the chunk arrives instead.
function patchLoader(loader) {
  const original = /function wrapAsyncCb\(callee\) \{[\s\S]*?\n\}\n/;
  if (!original.test(loader)) fail('__wasm_split.js has no wrapAsyncCb to patch; the splitter changed');
  return loader.replace(original, `function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        for (let attempt = 0; ; attempt += 1) {
            try {
                await callee();
                break;
            } catch (e) {
                console.warn("janji: loading part of the app failed, retrying", e);
                await new Promise((r) => setTimeout(r, Math.min(30000, 500 * 2 ** attempt)));
            }
        }
        getSharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, true);
    };
}
`);
}

// The largest minimum size that any of `modules` asks of its imported
// memory and table: a module that imports them for all of them must ask
// at least as much.
function importMinimums(modules) {
  const most = { memory: 0, table: 0 };
  for (const wasm of modules) {
    for (const { id, body } of sections(wasm)) {
      if (id !== 2) continue;
      let [count, p] = readUleb(wasm, body);
      for (; count > 0; count--) {
        const { kind, min, end } = readImport(wasm, p);
        if (kind === 1) most.table = Math.max(most.table, min);
        if (kind === 2) most.memory = Math.max(most.memory, min);
        p = end;
      }
    }
  }
  return most;
}

// The features rustc's wasm32 target uses; a merged module carries no
// target-features section for the tools to read them from.
const wasmFeatures = ['--enable-bulk-memory', '--enable-mutable-globals', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue'];

// Links the shared chunks (chunk_N: code that several lazy parts use) into
// one module; `pointAtShared` then points each chunk's fetcher in the loader
// at it. A shared chunk only adds its functions to the main module's table
// and its data to the main module's memory: it imports that memory, that
// table and the stack pointer, and exports nothing. One module that holds
// them all does the same, once. The splitter makes dozens of them, and a
// lazy part such as the signed-in dock needs most: one file is one request,
// and a module of its own is compiled as it streams in and can be taken from
// the browser's compiled-code cache on a warm start, which slices of a pack
// never could.
function mergeShared(shared, dir) {
  for (const { chunk, bytes } of shared) {
    const module = new WebAssembly.Module(bytes);
    const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).sort().join(' ');
    const expected = /^(__wasm_split\.(__indirect_function_table|__wasm_split_shared0|memory) ?)+$/;
    if (!expected.test(imports) || WebAssembly.Module.exports(module).length) {
      fail(`${chunk} imports ${imports || 'nothing'} and exports ${WebAssembly.Module.exports(module).length}: not a shared chunk as this hook knows them; the splitter changed`);
    }
  }
  // wasm-merge links an import to the merged module of that name: this one
  // is "__wasm_split", the name the chunks import from, and it passes on what
  // it imports from the main module, so the merged module imports each once.
  const { memory, table } = importMinimums(shared.map((s) => s.bytes));
  const shim = join(dir, 'shared-imports.wat');
  writeFileSync(shim, `(module
  (import "main" "memory" (memory ${memory}))
  (import "main" "__indirect_function_table" (table ${table} funcref))
  (import "main" "__wasm_split_shared0" (global (mut i32)))
  (export "memory" (memory 0))
  (export "__indirect_function_table" (table 0))
  (export "__wasm_split_shared0" (global 0)))
`);
  run('wasm-as', [shim, '-o', `${shim}.wasm`, '--enable-mutable-globals', '--enable-reference-types']);
  const merged = join(dir, 'shared.wasm');
  run('wasm-merge', [
    `${shim}.wasm`, '__wasm_split',
    ...shared.flatMap(({ file, chunk }) => [file, chunk.replace(/\.wasm$/, '')]),
    '-o', merged, ...wasmFeatures,
  ]);
  return merged;
}

// Points each shared chunk's fetcher in the loader at the merged module
// (optimized by now), which is instantiated once, whichever asks first.
function pointAtShared(loader, shared, merged) {
  const bytes = readFileSync(merged);
  const sharedName = `${bin}-shared-${contentHash(bytes)}.wasm`;
  for (const { chunk } of shared) {
    const fetcher = new RegExp(
      `const src = fetch\\(new URL\\("\\./${escapeRe(chunk)}", import\\.meta\\.url\\)\\);`
      + '\\s*src\\.catch\\(\\(\\) => \\{\\}\\);'
      + '\\s*return async \\(imports\\) => \\(WebAssembly\\.instantiateStreaming\\(src, imports\\)\\);');
    if (!fetcher.test(loader)) fail(`__wasm_split.js has no fetcher of ${chunk} to point at the shared module; the splitter changed`);
    loader = loader.replace(fetcher, 'return async (imports) => sharedCode(imports);');
  }
  writeFileSync(join(staging, sharedName), bytes);
  log(`${shared.length} shared chunks merged into ${sharedName}: ${bytes.length} bytes`);
  return `${loader}
let sharedInstance;
// Instantiates the shared code once, whichever chunk asks first; a failed
// load is forgotten, so the loader's retry fetches it again.
function sharedCode(imports) {
    if (sharedInstance === undefined) {
        const instance = WebAssembly.instantiateStreaming(
            fetch(new URL("./${sharedName}", import.meta.url)),
            { main: imports.__wasm_split },
        );
        instance.catch(() => {
            if (sharedInstance === instance) sharedInstance = undefined;
        });
        sharedInstance = instance;
    }
    return sharedInstance;
}
`;
}

// 1. What Trunk staged: <name>.js and <name>_bg.wasm (<name> = bin[-hash]).
const stagedFiles = readdirSync(staging);
const bgRe = new RegExp(`^(${escapeRe(bin)}(?:-[0-9a-f]+)?)_bg\\.wasm$`);
const found = stagedFiles.map((f) => f.match(bgRe)).filter(Boolean);
if (found.length !== 1) fail(`expected one ${bin}[-hash]_bg.wasm in the staging dir, found ${found.length}`);
const name = found[0][1];
if (!stagedFiles.includes(`${name}.js`)) fail(`${name}.js is not staged`);

// 2. The wasm cargo linked.
const meta = JSON.parse(run('cargo', ['metadata', '--format-version=1', '--no-deps', '--offline']));
const cargoWasm = join(meta.target_directory, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${bin}.wasm`);
if (!existsSync(cargoWasm)) fail(`${cargoWasm} not found`);
const input = readFileSync(cargoWasm);
if (!input.includes('__wasm_split_placeholder__')) {
  // Nothing to split: optimize Trunk's module here (its own wasm-opt is off
  // for this link, see index.html) and drop the relocation sections.
  const staged = join(staging, `${name}_bg.wasm`);
  await optimize(staged);
  writeFileSync(staged, stripCustomSections(readFileSync(staged), (n) => n === 'linking' || n.startsWith('reloc.')));
  minify(join(staging, `${name}.js`));
  fixIntegrity([`${name}_bg.wasm`, `${name}.js`]);
  log(`${bin}.wasm has no split points: not split`);
  process.exit(0);
}
if (!input.includes('reloc.CODE')) fail(`${cargoWasm} has no relocations: link it with --emit-relocs (build.rs)`);

// 3. Split, bind and optimize in a scratch directory.
const work = mkdtempSync(join(tmpdir(), 'wasm-split-'));
try {
  const splitDir = join(work, 'split');
  const bgDir = join(work, 'bindgen');
  run('wasm-split-cli', [cargoWasm, splitDir, '--out-name', name]);
  run('wasm-bindgen', [
    '--target=web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
    // The bin name, as Trunk passes it (the module's import names hold it).
    `--out-dir=${bgDir}`, `--out-name=${bin}`, join(splitDir, `${name}.wasm`),
  ]);
  if (existsSync(join(bgDir, 'snippets'))) cpSync(join(bgDir, 'snippets'), join(staging, 'snippets'), { recursive: true });
  // The first load's module takes longest, so it starts first; the chunks
  // share the other cores.
  const chunks = readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${name}.wasm`);
  // Debug builds keep the shared chunks as files of their own: there they
  // also import the splitter's debug checks, and a local server makes their
  // number cost nothing.
  const isShared = (chunk) => release && /^chunk_\d+\.wasm$/.test(chunk);
  const lazy = chunks.filter((c) => !isShared(c));
  let mainJs = readFileSync(join(bgDir, `${bin}.js`), 'utf8');
  if (release) {
    const bgWasm = join(bgDir, `${bin}_bg.wasm`);
    const { wasm, renames, dropped } = trimExports(
      readFileSync(bgWasm),
      (n) => /^(__wbg_)?intounderlying(bytesource|sink|source)_/.test(n),
      (n) => /^_ZN12wasm_bindgen7convert8closures\w*17h[0-9a-f]{16}E(_\d+)?$/.test(n),
    );
    for (const [long, short] of renames) {
      // The glue calls each trampoline as `wasm.<name>(`, from a JS function
      // of the same name (which terser renames). The name as a property or
      // a string anywhere else means the glue changed shape, and renaming
      // could break it.
      if (!mainJs.includes(`wasm.${long}(`)) fail(`${bin}.js does not call wasm.${long}(`);
      mainJs = mainJs.replaceAll(`wasm.${long}(`, `wasm.${short}(`);
      if (new RegExp(`[.'"\`]${long}\\b`).test(mainJs)) fail(`${long} is still named in ${bin}.js after renaming its calls`);
    }
    for (const name of dropped) {
      // Only inside a class's methods or its finalizer, never at start-up.
      if (!new RegExp(`wasm\\.${name}\\(`).test(mainJs)) fail(`${name} is not called as wasm.${name}( in ${bin}.js`);
    }
    if (dropped.length === 0) fail('no wasm-streams exports to drop: the glue changed, check trimExports');
    writeFileSync(bgWasm, wasm);
    log(`${dropped.length} exports dropped, ${renames.size} renamed`);
  }
  const modules = [{ file: join(bgDir, `${bin}_bg.wasm`), firstLoad: true }, ...lazy.map((c) => ({ file: join(splitDir, c) }))];
  // The shared chunks are merged first, and optimized as one module beside
  // the others.
  const shared = chunks.filter(isShared).map((chunk) => ({ chunk, file: join(splitDir, chunk), bytes: readFileSync(join(splitDir, chunk)) }));
  const merged = shared.length ? mergeShared(shared, work) : null;
  if (merged) modules.push({ file: merged, features: wasmFeatures });
  await inParallel(modules, availableParallelism(), ({ file, firstLoad, features }) => optimize(file, { firstLoad, features }));
  let loader = patchLoader(readFileSync(join(splitDir, '__wasm_split.js'), 'utf8'));
  if (merged) loader = pointAtShared(loader, shared, merged);

  // 4. Lazy chunks get content-hashed names (the splitter's hash the source
  //    location, so an updated chunk would keep a cached name).
  for (const chunk of lazy) {
    const bytes = readFileSync(join(splitDir, chunk));
    const stem = chunk.replace(/\.wasm$/, '').replace(/_\d{8,}$/, '');
    const hashed = `${bin}-${stem}-${contentHash(bytes)}.wasm`;
    if (!loader.includes(`"./${chunk}"`)) fail(`__wasm_split.js does not reference ${chunk}`);
    loader = loader.replaceAll(`"./${chunk}"`, `"./${hashed}"`);
    writeFileSync(join(staging, hashed), bytes);
    log(`chunk ${hashed}: ${bytes.length} bytes`);
  }
  if (!loader.includes(`from "./${name}.js"`)) fail(`__wasm_split.js does not import ./${name}.js`);
  const loaderName = `__wasm_split-${contentHash(Buffer.from(loader))}.js`;
  writeFileSync(join(staging, loaderName), loader);
  minify(join(staging, loaderName));

  // 5. The main JS imports the loader by its hashed name. Only the import
  //    statements change: "./__wasm_split.js" is also a module name inside
  //    the wasm's imports object and must stay.
  if (!mainJs.includes('from "./__wasm_split.js"')) fail(`${name}.js does not import ./__wasm_split.js`);
  if (release) {
    const bgWasm = join(bgDir, `${bin}_bg.wasm`);
    const { wasm, renames } = shortenImports(readFileSync(bgWasm), `./${bin}_bg.js`);
    for (const [long, short] of renames) {
      // Each name is one key of the glue's imports object; anything else
      // means the glue changed shape, and renaming could break it.
      if (mainJs.split(long).length !== 2) fail(`${long} is not exactly once in ${bin}.js`);
      mainJs = mainJs.replace(`${long}:`, `${short}:`);
      if (!mainJs.includes(`${short}:`)) fail(`${long} is not an object key in ${bin}.js`);
    }
    writeFileSync(bgWasm, wasm);
    log(`${renames.size} glue imports renamed`);
  }
  mainJs = mainJs.replaceAll('from "./__wasm_split.js"', `from "./${loaderName}"`);
  writeFileSync(join(staging, `${name}.js`), mainJs);
  minify(join(staging, `${name}.js`));
  copyFileSync(join(bgDir, `${bin}_bg.wasm`), join(staging, `${name}_bg.wasm`));

  // 6. index.html: fresh integrity hashes, and a modulepreload for the
  //    loader so it does not wait for the main JS to be parsed.
  let html = fixIntegrity([`${name}.js`, `${name}_bg.wasm`]);
  const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
  const jsLink = html.match(new RegExp(`<link rel="modulepreload" href="[^"]*\\b${escapeRe(name)}\\.js"[^>]*>`));
  if (jsLink) {
    const algo = (jsLink[0].match(/integrity="(sha\d+)-/) || [])[1];
    const integrity = algo ? ` integrity="${sri(loaderName, algo)}"` : '';
    html = html.replace(jsLink[0], `${jsLink[0]}<link rel="modulepreload" href="${publicUrl}${loaderName}" crossorigin="anonymous"${integrity}>`);
  }
  writeFileSync(htmlPath, html);
  log(`${name}_bg.wasm: ${readFileSync(join(staging, `${name}_bg.wasm`)).length} bytes (first load), ${chunks.length} lazy chunk(s)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
