// The directory paints from the device's cache before the network answers,
// then refreshes; with no backend at all the app says so instead of showing
// a blank page.
import { expect, superuser, test } from './fixtures.mjs';

const LIST = '**/api/collections/providers/records?*';

test('a second visit paints the cached directory first, then the fresh one', async ({ page, request }) => {
  await page.goto('/');
  const cards = page.getByTestId('provider-card');
  await expect(cards.first()).toBeVisible();
  const firstName = (await cards.first().locator('.card-title').textContent()).trim();

  // Leave the app (an open page would get the change live), then change a
  // provider on the server: only the refresh can show the new name.
  await page.goto('about:blank');
  const list = await (await request.get('/api/collections/providers/records?perPage=200')).json();
  const target = list.items.find((p) => p.name === firstName);
  const renamed = `${firstName} (renamed)`;
  const auth = await superuser(request);
  const patched = await request.patch(`/api/collections/providers/records/${target.id}`, {
    ...auth,
    data: { name: renamed },
  });
  expect(patched.status(), await patched.text()).toBe(200);

  // Hold the next directory request until the cached list has been seen.
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  let held = 0;
  await page.route(LIST, async (route) => {
    held += 1;
    await gate;
    await route.continue();
  });
  await page.goto('/');
  await expect(cards.filter({ hasText: firstName }).first()).toBeVisible();
  await expect(page.getByText(renamed)).toHaveCount(0);
  expect(held, 'the network request was still pending while the cache was shown').toBeGreaterThan(0);

  release();
  await expect(page.getByText(renamed)).toBeVisible();
});

test.describe('without a backend', () => {
  test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_', 'EventSource'] });

  test('a first visit says it cannot reach the server, never a blank page', async ({ page }) => {
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    const notice = page.getByTestId('server-unreachable');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText("Can't reach the server");
    await expect(notice.getByRole('button', { name: 'Try again' })).toBeVisible();
  });
});
