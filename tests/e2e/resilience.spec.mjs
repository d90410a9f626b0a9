// The resilience layer and the Monitor under real faults: answers injected
// with Playwright routing, and a PocketBase that is really stopped and
// started again.
import { readFileSync } from 'node:fs';

import { apiSignIn, expect, pocketbase, signIn, test } from './fixtures.mjs';

const LIST = '**/api/collections/providers/records?*';
// Error answers injected below show in the console as failed resources.
test.use({ expectedConsoleErrors: ['Failed to load resource: the server responded with a status of'] });
const ADMIN = 'admin@janji.test';
const json = (status, body, headers = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Answers the directory request from `script` in turn, then lets it through; records when each came. */
async function scriptList(page, script) {
  const seen = [];
  await page.route(LIST, async (route) => {
    seen.push({ at: Date.now(), correlation: route.request().headers()['x-correlation-id'] });
    const answer = script[seen.length - 1];
    if (answer) await route.fulfill(answer);
    else await route.continue();
  });
  return seen;
}

/** Opens the dashboard through the app's own link (no reload). */
/**
 * Waits until the home page (where signing in lands) shows the providers:
 * the directory is saved on the device before it is shown, so a reload
 * then has a list to keep on screen.
 */
async function listSaved(page) {
  await expect(page.getByTestId('provider-card').first()).toBeVisible();
}

async function openDashboard(page) {
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByTestId('admin-dashboard')).toBeVisible();
}

test('503, 503, then 200: three requests 300 ms and 600 ms apart, and the list shows', async ({ page }) => {
  const down = json(503, { status: 503, message: 'down', data: {} });
  const seen = await scriptList(page, [down, down]);
  await page.goto('/');
  await expect(page.getByTestId('provider-card').first()).toBeVisible();
  expect(seen).toHaveLength(3);
  const [first, second] = [seen[1].at - seen[0].at, seen[2].at - seen[1].at];
  console.log(`retry gaps: ${first} ms, ${second} ms`);
  // ±15 % jitter around 300 and 600 ms, plus room for scheduling.
  expect(first).toBeGreaterThanOrEqual(255 - 25);
  expect(first).toBeLessThanOrEqual(345 + 200);
  expect(second).toBeGreaterThanOrEqual(510 - 25);
  expect(second).toBeLessThanOrEqual(690 + 200);
  expect(new Set(seen.map((s) => s.correlation)).size, 'one correlation id for the whole operation').toBe(1);
});

test('429 with Retry-After: 2 waits at least two seconds before the next try', async ({ page }) => {
  const seen = await scriptList(page, [json(429, { status: 429, message: 'Too Many Requests.', data: {} }, { 'retry-after': '2' })]);
  await page.goto('/');
  await expect(page.getByTestId('provider-card').first()).toBeVisible();
  expect(seen).toHaveLength(2);
  console.log(`retry after 429: ${seen[1].at - seen[0].at} ms`);
  expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1980);
});

for (const { status, message } of [
  { status: 400, message: 'The request was refused.' },
  { status: 404, message: "We couldn't find that." },
]) {
  test(`${status} is never retried: one request, a clear message, one error record`, async ({ page }) => {
    await signIn(page, ADMIN);
    await listSaved(page);
    const seen = await scriptList(page, [json(status, { status, message: status === 400 ? message : 'Not found.', data: {} })]);
    await page.reload();
    // The list saved at sign-in stays on screen; the notice says why it is not fresh.
    await expect(page.getByTestId('directory-notice')).toContainText(message);
    await page.waitForTimeout(1500);
    expect(seen, 'exactly one request').toHaveLength(1);
    await openDashboard(page);
    const rows = page.getByTestId('errors-table').locator('tbody tr', { hasText: 'providers.list' });
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(String(status));
    await expect(rows.first().locator('td').nth(6)).toHaveText('1');
  });
}

test('error records survive a reload and reach the backend for every admin to see', async ({ page }) => {
  await signIn(page, ADMIN);
  await listSaved(page);
  await scriptList(page, [json(404, { status: 404, message: 'Not found.', data: {} })]);
  await page.reload();
  await expect(page.getByTestId('directory-notice')).toBeVisible();
  await page.unroute(LIST);
  await openDashboard(page);
  const local = page.getByTestId('errors-table').locator('tbody tr', { hasText: 'providers.list' });
  await expect(local).toHaveCount(1);
  const correlation = (await local.locator('td').nth(7).textContent()).trim();

  // Stored in IndexedDB: still there after a reload.
  await expect.poll(() => page.evaluate((id) => new Promise((resolve, reject) => {
    const open = indexedDB.open('janji');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('error_log').objectStore('error_log').getAll();
      all.onsuccess = () => { resolve(all.result.some((r) => r.correlationId === id)); open.result.close(); };
      all.onerror = () => reject(all.error);
    };
  }), correlation)).toBe(true);
  await page.reload();
  await expect(page.getByTestId('admin-dashboard')).toBeVisible();
  await expect(page.getByTestId('errors-table').locator('tbody tr', { hasText: correlation })).toHaveCount(1);

  // Reported in the background (every 10 s): visible under "All users".
  await expect(async () => {
    await page.getByRole('button', { name: 'All users' }).click();
    await expect(page.getByTestId('errors-table').locator('tbody tr', { hasText: correlation })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});

test('an answer that is not JSON is recorded with its operation and correlation id', async ({ page }) => {
  await signIn(page, ADMIN);
  await listSaved(page);
  const seen = await scriptList(page, [{ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><p>hi</p>' }]);
  await page.reload();
  await expect(page.getByTestId('directory-notice')).toContainText("The server sent something we didn't understand.");
  expect(seen).toHaveLength(1);
  const correlation = seen[0].correlation;
  expect(correlation).toMatch(/^[a-z0-9]{15}$/);
  await openDashboard(page);
  const row = page.getByTestId('errors-table').locator('tbody tr', { hasText: correlation });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('providers.list');
  await expect(row).toContainText('backend');
  await expect(row).toContainText('expected JSON, got text/html');
});

test('the CSV export parses and its rows match the table', async ({ page }) => {
  await signIn(page, ADMIN);
  await listSaved(page);
  await scriptList(page, [json(404, { status: 404, message: 'Not found.', data: {} })]);
  await page.reload();
  await expect(page.getByTestId('directory-notice')).toBeVisible();
  await openDashboard(page);
  const table = page.getByTestId('errors-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const shown = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toBe('janji-errors.csv');
  const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
  const header = rows.shift();
  expect(header.slice(0, 4)).toEqual(['id', 'firstSeen', 'lastSeen', 'severity']);
  const col = (name) => header.indexOf(name);
  expect(rows.length).toBe(shown.length);
  rows.forEach((row, i) => {
    expect(row[col('lastSeen')]).toBe(shown[i][0]);
    expect(row[col('severity')]).toBe(shown[i][1]);
    expect(row[col('operation')]).toBe(shown[i][3]);
    expect(row[col('message')]).toBe(shown[i][4]);
    expect(row[col('count')]).toBe(shown[i][6]);
    expect(row[col('correlationId')]).toBe(shown[i][7]);
  });
});

test('a customer is sent away from /admin and cannot read error reports', async ({ page, request }) => {
  // One report exists, so an empty answer for the customer means "not allowed".
  const created = await request.post('/api/collections/client_errors/records', {
    data: { severity: 'error', category: 'ui', operation: 'test', message: 'a report', count: 1 },
  });
  expect(created.status(), await created.text()).toBe(200);
  const admin = await apiSignIn(request, ADMIN);
  const asAdmin = await request.get('/api/collections/client_errors/records', { headers: { Authorization: admin.token } });
  expect((await asAdmin.json()).items.length).toBeGreaterThan(0);

  const customer = await apiSignIn(request, 'customer@janji.test');
  const asCustomer = await request.get('/api/collections/client_errors/records', { headers: { Authorization: customer.token } });
  expect((await asCustomer.json()).items).toEqual([]);
  const anonymous = await request.get('/api/collections/client_errors/records');
  expect((await anonymous.json()).items).toEqual([]);

  await signIn(page, 'customer@janji.test');
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('admin-dashboard')).toHaveCount(0);
});

test.describe('with PocketBase stopped', () => {
  test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_', 'janji: loading part of the app failed'] });
  test.setTimeout(120_000);

  test('the breaker opens after 5 failures, half-opens on its timer, and closes after one success', async ({ page }) => {
    await signIn(page, ADMIN);
    await openDashboard(page);
    await expect(page.getByTestId('health')).toContainText('up');
    const state = page.getByTestId('breaker-state');
    await expect(state).toHaveText('closed');

    await pocketbase('stop');
    try {
      // Each check is up to three attempts; other calls in the background
      // (error reports, the directory) may add failures too.
      const check = page.getByRole('button', { name: 'Check health' });
      await check.click();
      await expect(page.getByTestId('health')).toContainText("We can't reach the server");
      await expect(async () => {
        if ((await state.textContent()) !== 'open') await check.click();
        await expect(state).toHaveText('open', { timeout: 3_000 });
      }).toPass({ timeout: 20_000 });
      await expect(page.getByTestId('breaker-failures')).toHaveText('5/5');
      await expect(page.getByTestId('breaker-countdown')).toHaveText(/half-open in ([1-9]|[12][0-9]|30) s/);
      await check.click();
      await expect(page.getByTestId('health')).toContainText('temporarily unavailable');
      await expect(page.getByTestId('realtime-state')).toContainText('reconnecting');
    } finally {
      await pocketbase('start');
    }
    // No reload and no click: the breaker's own timer half-opens it (a
    // background call may then be the probe that closes it).
    const table = page.getByTestId('errors-table');
    await expect(table.locator('tbody tr', { hasText: 'half-open: one probe call allowed' })).toHaveCount(1, { timeout: 35_000 });
    await expect(state).toHaveText(/half-open|closed/);
    await page.getByRole('button', { name: 'Check health' }).click();
    await expect(page.getByTestId('health')).toContainText('up');
    await expect(state).toHaveText('closed');
    await expect(table.locator('tbody tr', { hasText: 'opened after repeated failures' })).toHaveCount(1);
    await expect(table.locator('tbody tr', { hasText: 'closed: calls flow again' })).toHaveCount(1);
  });
});

test('a critical error rate shows a banner to admins anywhere in the app', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.route('**/api/health', (route) => route.fulfill(json(500, { status: 500, message: 'boom', data: {} })));
  await openDashboard(page);
  const health = page.getByTestId('health');
  for (let i = 0; i < 10; i += 1) {
    await page.getByRole('button', { name: 'Check health' }).click();
    await expect(health).toContainText('down');
  }
  await page.getByRole('link', { name: 'janji' }).click();
  await expect(page.getByTestId('critical-banner')).toBeVisible();
  await expect(page.getByTestId('critical-banner')).toContainText('errors in the last minute');
});

/** RFC 4180, enough for the export. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r') { /* part of CRLF */ }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  return rows;
}
