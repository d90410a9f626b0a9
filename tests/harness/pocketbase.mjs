// Starts a real PocketBase for tests: a free loopback port, a fresh data
// directory, the project's migrations and hooks, a superuser, the demo seed.
// The handle can stop, kill and restart the server, so tests can inject
// real outages.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PB_BIN = join(ROOT, '.tools', 'venv', 'bin', 'pocketbase');
export const SUPERUSER = { email: 'superuser@janji.test', password: 'janji-test-2026' };

/** Asks the OS for a free loopback port. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url, child, logFile, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`PocketBase exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PocketBase did not answer within ${timeoutMs} ms:\n${readFileSync(logFile, 'utf8')}`);
}

/**
 * Lifts the rate limits for the loopback address. End-to-end tests play many
 * people from one address, which a deployment sees as many addresses; the
 * limits themselves are tested in the API tier.
 */
async function exemptLoopback(url) {
  const auth = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: SUPERUSER.email, password: SUPERUSER.password }),
  });
  if (!auth.ok) throw new Error(`superuser sign-in failed: ${auth.status}`);
  const { token } = await auth.json();
  const settings = await (await fetch(`${url}/api/settings`, { headers: { Authorization: token } })).json();
  const rateLimits = { ...settings.rateLimits, excludedIPs: [...settings.rateLimits.excludedIPs, '127.0.0.1', '::1'] };
  const saved = await fetch(`${url}/api/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', Authorization: token },
    body: JSON.stringify({ rateLimits }),
  });
  if (!saved.ok) throw new Error(`exempting the loopback failed: ${saved.status} ${await saved.text()}`);
}

/**
 * Starts PocketBase. Options: `publicDir` (serve the built app on the same
 * origin), `seed` (default true), `exemptLoopbackFromRateLimits`.
 */
export async function startPocketBase({ publicDir, seed = true, exemptLoopbackFromRateLimits = false } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'janji-pb-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dataDir, 'pocketbase.log');

  const upsert = spawnSync(PB_BIN, ['superuser', 'upsert', SUPERUSER.email, SUPERUSER.password, '--dir', dataDir], {
    encoding: 'utf8',
  });
  if (upsert.status !== 0) throw new Error(`superuser upsert failed: ${upsert.stderr}`);

  // The app's hooks, plus the test-only fault hooks, in this run's own folder.
  const hooksDir = join(dataDir, 'pb_hooks');
  cpSync(join(ROOT, 'backend', 'pb_hooks'), hooksDir, { recursive: true });
  cpSync(join(ROOT, 'tests', 'harness', 'pb_hooks'), hooksDir, { recursive: true });

  const args = [
    'serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir,
    '--migrationsDir', join(ROOT, 'backend', 'pb_migrations'),
    '--hooksDir', hooksDir,
    '--automigrate=false',
    // Each open realtime connection holds a hooks runtime while it lasts
    // (presence); prewarm enough that hooks never wait for one.
    '--hooksPool', '50',
    '--hooksWatch=false',
  ];
  if (publicDir) args.push('--publicDir', publicDir);

  let child = null;
  const launch = async () => {
    const log = openSync(logFile, 'a');
    child = spawn(PB_BIN, args, { stdio: ['ignore', log, log] });
    await waitForHealth(url, child, logFile);
  };
  const halt = (signal) =>
    new Promise((done) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });

  await launch();
  if (seed) {
    const seeded = spawnSync(process.execPath, [
      join(ROOT, 'backend', 'seed', 'seed.mjs'),
      '--url', url, '--email', SUPERUSER.email, '--password', SUPERUSER.password,
    ], { encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stdout}\n${seeded.stderr}`);
  }
  if (exemptLoopbackFromRateLimits) await exemptLoopback(url);

  return {
    url,
    port,
    dataDir,
    logFile,
    /** Stops gracefully (SIGTERM). */
    stop: () => halt('SIGTERM'),
    /** Dies at once (SIGKILL), as in a crash. */
    kill: () => halt('SIGKILL'),
    /** Starts again on the same port and data. */
    restart: async () => {
      await halt('SIGTERM');
      await launch();
    },
    /** Stops and deletes the data directory. */
    dispose: async () => {
      await halt('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
