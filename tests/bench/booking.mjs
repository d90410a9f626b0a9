// Booking submit to chat window painted: a signed-in customer on a
// provider's page fills the booking form and submits; timed in the page
// from the submit click to the chat window painted, and to the window
// painted with the booking's two opening messages (the welcome and "booking
// received", which the server writes with the booking).
import { closeChat, customerWithRooms, monitorClean, need, newContext, PROVIDER_ID, signIn, sleep, stats, watchConsole } from './lib.mjs';

const WARMUP = 2;
const RUNS = 8;

export async function booking({ browser, report, problems }) {
  const c = await customerWithRooms(0, 'Bench Booker');
  const context = await newContext(browser);
  const page = await context.newPage();
  watchConsole(page, 'booking', problems);
  await signIn(page, c.email);

  const runs = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    await page.goto(`/providers/${PROVIDER_ID}`);
    await page.getByTestId('book-now').click();
    await page.getByTestId('booking-form').waitFor();
    await page.getByLabel('WhatsApp number').fill('0812 3456 7890');
    // Whatever the page still loads in the background has arrived.
    await sleep(800);
    const r = await page.evaluate(async () => {
      const window_ = () => document.querySelector('[data-testid="chat-window"]');
      const shown = window.__bench.painted(() => !!window_());
      const filled = window.__bench.painted(() => (window_()?.querySelectorAll('[data-testid="message"]').length ?? 0) >= 2);
      const clicked = performance.now();
      document.querySelector('[data-testid="submit-booking"]').click();
      const [a, b] = await Promise.all([shown, filled]);
      return a && b && { clicked, window: a.painted, messages: b.painted };
    });
    need(r, 'the chat window (with its two opening messages) painted after a booking');
    if (i >= WARMUP) runs.push(r);
    await closeChat(page);
  }
  await monitorClean(page, 'booking', problems);
  await context.close();

  const w = stats(runs.map((r) => r.window - r.clicked));
  report.add({ id: 'booking.chatWindow', name: 'booking: submit click → chat window painted', value: w.median, unit: 'ms', spread: w });
  const m = stats(runs.map((r) => r.messages - r.clicked));
  report.add({ id: 'booking.chatMessages', name: 'booking: submit click → chat window with its 2 opening messages painted', value: m.median, unit: 'ms', spread: m });
}
