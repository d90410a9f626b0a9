// Both people's connections flap while they talk: every message is stored
// once, and both timelines end up equal to the server's.
import {
  audit, customerWithRooms, expect, PROVIDER, raiseChatLimits, seeded, signIn, storedBodies, test, until,
} from './fixtures.mjs';
import { openRoomInApp, shownBodies } from './app.mjs';

test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_', 'EventSource'] });

const RUN_MS = 120_000;

/** Toggles `context` offline and online every 2–5 s until `stop()`; ends online. */
async function flap(context, random, stop) {
  let offline = false;
  let flaps = 0;
  while (!stop()) {
    await new Promise((r) => setTimeout(r, 2000 + random() * 3000));
    offline = !offline;
    await context.setOffline(offline);
    flaps += 1;
  }
  await context.setOffline(false);
  return flaps;
}

/** Sends one message a second in `chat` until `stop()`; returns the bodies in order. */
async function talk(chat, label, stop) {
  const bodies = [];
  const box = chat.getByLabel('Message');
  const started = Date.now();
  while (!stop()) {
    const body = `${label} ${String(bodies.length + 1).padStart(3, '0')}`;
    await box.fill(body);
    await box.press('Enter');
    await expect(box).toHaveValue('');
    bodies.push(body);
    const next = started + bodies.length * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  return bodies;
}

test('network flaps: two people send a message a second for 2 minutes while going offline and online every 2–5 s', async ({ page, other, request }) => {
  test.setTimeout(300_000);
  const restore = await raiseChatLimits(request);
  try {
    const who = await customerWithRooms(request, 1, 'Flap Customer');
    const [room] = who.rooms;
    await signIn(page, who.email);
    await signIn(other, PROVIDER);
    const mine = await openRoomInApp(page, room);
    const theirs = await openRoomInApp(other, room);

    const end = Date.now() + RUN_MS;
    const stop = () => Date.now() >= end;
    const [customerSent, providerSent, flapsA, flapsB] = await Promise.all([
      talk(mine, 'customer', stop),
      talk(theirs, 'provider', stop),
      flap(page.context(), seeded(11), stop),
      flap(other.context(), seeded(23), stop),
    ]);
    const lastFlap = Date.now();
    console.log(`network flaps: ${flapsA} and ${flapsB} flaps, ${customerSent.length} and ${providerSent.length} messages`);

    // Both timelines converge to the server's within 10 s of the last flap.
    let server = [];
    await until(async () => {
      server = (await storedBodies(request, [room]))[room];
      if (server.length < customerSent.length + providerSent.length) return false;
      const [a, b] = [await shownBodies(mine), await shownBodies(theirs)];
      return JSON.stringify(a) === JSON.stringify(server) && JSON.stringify(b) === JSON.stringify(server);
    }, { timeout: 60_000, every: 200, what: 'both timelines equal to the server' });
    const converged = Date.now() - lastFlap;
    audit('network flaps', {
      [`${room} customer`]: customerSent,
      [`${room} provider`]: providerSent,
    }, { [`${room} customer`]: server, [`${room} provider`]: server }, converged);
    expect(converged, 'both timelines equal the server within 10 s of the last flap').toBeLessThanOrEqual(10_000);
  } finally {
    await restore();
  }
});
