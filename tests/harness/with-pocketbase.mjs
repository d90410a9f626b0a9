#!/usr/bin/env node
// Runs a command against a fresh, seeded PocketBase and stops it afterwards.
//
//   node tests/harness/with-pocketbase.mjs [--public-dir dist] [--exempt-loopback] -- <command> [args…]
//
// The command sees JANJI_PB_URL (and JANJI_BASE_URL, the same origin),
// JANJI_PB_SU_EMAIL and JANJI_PB_SU_PASSWORD, and JANJI_PB_CONTROL_URL: a
// small loopback service with which tests stop, kill and start PocketBase
// for real (`POST /stop`, `/kill`, `/start`). With --public-dir it also sees
// JANJI_PUBLIC_DIR, the built app PocketBase serves, for tests that serve
// the same app themselves while PocketBase is down.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { resolve } from 'node:path';

import { ROOT, SUPERUSER, startPocketBase } from './pocketbase.mjs';

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
if (split < 0 || split === argv.length - 1) {
  console.error('usage: with-pocketbase.mjs [--public-dir DIR] -- COMMAND [ARGS…]');
  process.exit(2);
}
const options = argv.slice(0, split);
const [command, ...args] = argv.slice(split + 1);
const publicIndex = options.indexOf('--public-dir');
const publicDir = publicIndex >= 0 ? resolve(ROOT, options[publicIndex + 1]) : undefined;

const pb = await startPocketBase({ publicDir, exemptLoopbackFromRateLimits: options.includes('--exempt-loopback') });

const control = createServer(async (req, res) => {
  const actions = { '/stop': pb.stop, '/kill': pb.kill, '/start': pb.restart };
  const action = req.method === 'POST' ? actions[req.url] : undefined;
  if (!action) {
    res.writeHead(404).end();
    return;
  }
  try {
    await action();
    res.writeHead(204).end();
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
  }
});
await new Promise((done) => control.listen(0, '127.0.0.1', done));
const controlUrl = `http://127.0.0.1:${control.address().port}`;

const env = {
  ...process.env,
  JANJI_PB_URL: pb.url,
  JANJI_BASE_URL: pb.url,
  JANJI_PB_SU_EMAIL: SUPERUSER.email,
  JANJI_PB_SU_PASSWORD: SUPERUSER.password,
  JANJI_PB_DATA_DIR: pb.dataDir,
  JANJI_PB_CONTROL_URL: controlUrl,
  ...(publicDir ? { JANJI_PUBLIC_DIR: publicDir } : {}),
};
const child = spawn(command, args, { stdio: 'inherit', env, cwd: ROOT });
const code = await new Promise((done) => child.on('exit', (c, signal) => done(c ?? (signal ? 1 : 0))));
control.close();
if (code !== 0) console.error(`(PocketBase log kept at ${pb.logFile})`);
await (code === 0 ? pb.dispose() : pb.stop());
process.exit(code);
