// Playwright runs the end-to-end tier against the release build served by a
// real PocketBase (started by tests/harness/with-pocketbase.mjs, which sets
// JANJI_BASE_URL), in Debian's Chromium.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.JANJI_BASE_URL;
if (!baseURL) throw new Error('JANJI_BASE_URL is not set: run through tests/harness/with-pocketbase.mjs');

export default defineConfig({
  testDir: '.',
  outputDir: '../../target/e2e/results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../target/e2e/report.json' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
