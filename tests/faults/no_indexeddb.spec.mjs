// A browser that offers no IndexedDB (some private modes): the app runs on
// memory, says so, and still sends what the user writes.
import {
  audit, customerWithRooms, expect, raiseChatLimits, signIn, storedBodies, test, typeMessages, until,
} from './fixtures.mjs';
import { openRoomInApp } from './app.mjs';

test('no IndexedDB: the app says it runs on memory, and a chat still works', async ({ page, request }) => {
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 1, 'No Storage');
    const [room] = who.rooms;
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: false });
    });
    await page.goto('/');
    await expect(page.getByTestId('provider-card').first()).toBeVisible();
    const notice = page.getByTestId('storage-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('memory');

    await signIn(page, who.email);
    const chat = await openRoomInApp(page, room);
    const sent = { [room]: ['from memory 1', 'from memory 2', 'from memory 3'] };
    const typed = Date.now();
    await typeMessages(chat, sent[room]);
    await until(async () => (await storedBodies(request, [room]))[room].length >= 3, { what: 'the messages stored' });
    await expect(chat.locator('[data-status="sending"]')).toHaveCount(0);
    audit('no IndexedDB', sent, await storedBodies(request, [room]), Date.now() - typed);
    await expect(notice, 'the notice stays while the app runs on memory').toBeVisible();
  } finally {
    await restore();
  }
});
