// The fault suite (DESIGN §8, issue "durability under faults"): Playwright in
// Chromium against the release build served by a real PocketBase that the
// harness can kill and restart. Each scenario prints one line with what was
// sent, stored, lost, duplicated and reordered.
import { defineConfig } from '@playwright/test';

import e2e from '../e2e/playwright.config.mjs';

export default defineConfig({
  ...e2e,
  testDir: '.',
  outputDir: '../../target/faults/results',
  timeout: 300_000,
  reporter: [['list'], ['json', { outputFile: '../../target/faults/report.json' }]],
});
