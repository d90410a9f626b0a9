// The chat window end to end against a real PocketBase: paging through a
// long history without jumps, with a bounded DOM.
import {
  apiSignIn, bookingWithRoom, CUSTOMER, expect, newCustomer, openChat, PROVIDER, seedMessages, signIn, superuser, test,
} from './fixtures.mjs';

test('5,000 messages page in without jumps, never more than 500 in the DOM, and jump to latest returns', async ({ page, request }) => {
  test.setTimeout(180_000);
  const booking = await bookingWithRoom(request);
  await seedMessages(request, booking, 5000);

  await signIn(page, CUSTOMER);
  const chat = await openChat(page, booking.room);
  const list = chat.getByTestId('messages');
  const messages = chat.getByTestId('message');
  await expect(messages).toHaveCount(50);
  await expect(messages.last()).toContainText('history 4999');

  // Counts message elements after every DOM change, not only between pages.
  await list.evaluate((el) => {
    window.__maxMessages = 0;
    const count = () => { window.__maxMessages = Math.max(window.__maxMessages, el.querySelectorAll('[data-testid="message"]').length); };
    new MutationObserver(count).observe(el, { childList: true });
    count();
  });

  const seen = new Set();
  const shifts = [];
  for (let page_ = 0; page_ < 200; page_++) {
    // Scroll to the top and note where the first visible message is.
    const before = await list.evaluate((el) => {
      el.scrollTop = 0;
      const top = el.getBoundingClientRect().top;
      const first = [...el.querySelectorAll('[data-testid="message"]')].find((m) => m.getBoundingClientRect().bottom > top);
      return { id: first.dataset.id, top: first.getBoundingClientRect().top - top, oldest: el.querySelector('[data-testid="message"]').dataset.id };
    });
    for (const id of await messages.evaluateAll((els) => els.map((e) => e.dataset.id))) seen.add(id);
    // The scroll above may already have brought the last page in.
    if ((await messages.first().getAttribute('data-kind')) === 'System') break;
    // Wait for the page to arrive, then for the paint after it.
    await expect(messages.first()).not.toHaveAttribute('data-id', before.oldest, { timeout: 10_000 });
    const after = await list.evaluate((el, id) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const item = el.querySelector(`[data-id="${id}"]`);
      resolve(item ? item.getBoundingClientRect().top - el.getBoundingClientRect().top : null);
    }))), before.id);
    expect(after, 'the first visible message is still there').not.toBeNull();
    shifts.push(Math.abs(after - before.top));
    expect(shifts.at(-1), 'the first visible message stayed where it was').toBeLessThan(2);
    expect(await messages.count(), 'message elements after a page').toBeLessThanOrEqual(500);
  }
  for (const id of await messages.evaluateAll((els) => els.map((e) => e.dataset.id))) seen.add(id);
  const maxShift = Math.max(...shifts);
  const maxMessages = await page.evaluate(() => window.__maxMessages);
  console.log(`chat paging: ${shifts.length} pages prepended, first visible message moved at most ${maxShift.toFixed(2)} px, at most ${maxMessages} message elements in the DOM, ${seen.size} distinct messages seen`);
  expect(seen.size, 'every message was reached').toBe(5002);
  expect(maxShift).toBeLessThan(2);
  expect(maxMessages).toBeLessThanOrEqual(500);

  // The newest end was trimmed; "jump to latest" brings it back.
  await expect(messages.last()).not.toContainText('history 4999');
  await chat.getByTestId('jump-latest').click();
  await expect(messages.last()).toContainText('history 4999');
  await expect(messages.last()).toBeInViewport();
});

// Strings that try to run script or escape their element. `__canary` counts
// calls; `alert` and friends open dialogs, which fail any test.
const HOSTILE = [
  '<script>__canary()</script>',
  '<script src="https://evil.example/x.js"></script>',
  '<img src=x onerror=__canary()>',
  '<img src="x" onerror="alert(1)">',
  '<svg onload=__canary()>',
  '<svg><script>__canary()</script></svg>',
  '<svg><animate onbegin=__canary() attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:__canary()"><text x="20" y="20">click</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__canary()>',
  '<math href="javascript:__canary()">x</math>',
  '<math><maction actiontype="statusline" xlink:href="javascript:__canary()">x</maction></math>',
  '<a href="javascript:__canary()">click me</a>',
  '<a href="JaVaScRiPt:__canary()">click</a>',
  '<a href=" javascript:__canary()">spaced</a>',
  '<a href="jav&#x09;ascript:__canary()">encoded tab</a>',
  '<a href="data:text/html,<script>__canary()</script>">data</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  'javascript:__canary()',
  'https://janji.id/"onmouseover="__canary()',
  '<iframe src="javascript:__canary()"></iframe>',
  '<iframe srcdoc="<script>parent.__canary()</script>"></iframe>',
  '<object data="javascript:__canary()"></object>',
  '<embed src="javascript:__canary()">',
  '<body onload=__canary()>',
  '<details open ontoggle=__canary()>',
  '<video><source onerror=__canary()></video>',
  '<audio src=x onerror=__canary()>',
  '<input autofocus onfocus=__canary()>',
  '<select autofocus onfocus=__canary()></select>',
  '<textarea autofocus onfocus=__canary()></textarea>',
  '<keygen autofocus onfocus=__canary()>',
  '<marquee onstart=__canary()>x</marquee>',
  '<div style="background:url(javascript:__canary())">x</div>',
  '<style>@import "javascript:__canary()";</style>',
  '<link rel=stylesheet href="javascript:__canary()">',
  '<meta http-equiv="refresh" content="0;url=javascript:__canary()">',
  '<base href="javascript:__canary()//">',
  '<form action="javascript:__canary()"><button>go</button></form>',
  '<button formaction="javascript:__canary()">go</button>',
  '<isindex type=image src=1 onerror=__canary()>',
  '<template><img src=x onerror=__canary()></template>',
  '<noscript><p title="</noscript><img src=x onerror=__canary()>">',
  '<xmp><img src=x onerror=__canary()></xmp>',
  '<!--<img src="--><img src=x onerror=__canary()//">',
  '<img src="x` `<script>__canary()</script>"` `>',
  '"><script>__canary()</script>',
  "'><img src=x onerror=__canary()>",
  '</li></ol><img src=x onerror=__canary()>',
  '<scr<script>ipt>__canary()</scr</script>ipt>',
  '<<script>script>__canary()<</script>/script>',
  '<img """><script>__canary()</script>">',
  '<svg/onload=__canary()>',
  '<p onclick="__canary()">click</p>',
  '{{constructor.constructor("__canary()")()}}',
  '${__canary()}',
  '<a href="https://janji.id" onclick="__canary()">ok link</a>',
];

test('hostile messages show as typed and hostile bios keep only their formatting; nothing runs', async ({ page, request }) => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(50);
  const booking = await bookingWithRoom(request);
  const su = await superuser(request);
  for (let start = 0; start < HOSTILE.length; start += 25) {
    const requests = HOSTILE.slice(start, start + 25).map((body, i) => ({
      method: 'POST', url: '/api/collections/messages/records',
      body: { id: `h${booking.room.slice(0, 4)}${String(start + i).padStart(10, '0')}`, room: booking.room, sender: booking.provider, kind: 'text', body },
    }));
    expect((await request.post('/api/batch', { ...su, data: { requests } })).status()).toBe(200);
  }
  const bioOwner = 'prvdewijakarta1';
  const bio = `<p><b>Bold</b> and <em>calm</em>, <a href="https://janji.id">site</a></p>${HOSTILE.join('\n')}`;
  expect((await request.patch(`/api/collections/providers/records/${bioOwner}`, { ...su, data: { bio } })).status()).toBe(200);

  await page.addInitScript(() => {
    window.__canaryCalls = 0;
    window.__canary = () => { window.__canaryCalls += 1; };
  });
  await signIn(page, CUSTOMER);
  const chat = await openChat(page, booking.room);
  const bodies = chat.locator('[data-testid="message"][data-kind="Text"] .body');
  await expect(chat.getByTestId('message')).toHaveCount(50);
  await chat.getByTestId('messages').evaluate((el) => { el.scrollTop = 0; });
  await expect(bodies).toHaveCount(HOSTILE.length);
  expect(await bodies.allTextContents(), 'every message shows exactly as typed').toEqual(HOSTILE);
  // Links are built as elements with safe schemes only.
  for (const href of await chat.locator('.body a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    expect(href).toMatch(/^(https:|mailto:|tel:)/);
  }
  await expect(chat.getByTestId('messages').locator('script, img, svg, math, iframe, object, embed, style, input, form')).toHaveCount(0);

  // A message typed into the composer shows as typed too.
  const typed = '<img src=x onerror=__canary()> & <b>not bold</b>';
  await chat.getByLabel('Message').fill(typed);
  await chat.getByLabel('Message').press('Enter');
  await expect(bodies.last()).toHaveText(typed);
  // Stored before the page is left: a send cut short by leaving is sent
  // again by the next page (once, under its id), which is not this test.
  await expect(chat.locator('[data-status="sending"]')).toHaveCount(0);

  await page.goto(`/providers/${bioOwner}`);
  const shown = page.getByTestId('provider-page').locator('.bio-text');
  await expect(shown.locator('b')).toHaveText('Bold');
  await expect(shown.locator('em')).toHaveText('calm');
  await expect(shown.locator('a[href="https://janji.id"]')).toHaveAttribute('rel', /noopener/);
  await expect(shown.locator('script, img, svg, math, iframe, object, embed, style, input, form, video, audio, details, marquee, button, select, textarea, link, meta, base'))
    .toHaveCount(0);
  const attributes = await shown.locator('*').evaluateAll((els) => els.flatMap((e) => [...e.attributes].map((a) => a.name)));
  expect(attributes.filter((name) => name.startsWith('on') || name === 'style' || name === 'srcdoc')).toEqual([]);
  for (const href of await shown.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    expect(href === null || /^(https:|mailto:|tel:)/.test(href)).toBe(true);
  }
  // Give anything that was going to run (a load or error handler) a moment.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__canaryCalls), 'no injected code ran').toBe(0);
});

test('the 31st message in a minute is held with when it can be sent, and the server refuses it too', async ({ page, request }) => {
  const email = await newCustomer(request);
  const booking = await bookingWithRoom(request, email);
  await signIn(page, email);
  const chat = await openChat(page, booking.room);
  const box = chat.getByLabel('Message');
  for (let i = 1; i <= 30; i++) {
    await box.fill(`quick ${i}`);
    await box.press('Enter');
  }
  await box.fill('one too many');
  await box.press('Enter');
  await expect(chat.getByRole('alert')).toContainText(/30 a minute\. You can send again in \d+ s/);
  await expect(box, 'the held message is not lost').toHaveValue('one too many');
  await expect(chat.locator('[data-kind="Text"]')).toHaveCount(30);
  await expect(chat.locator('[data-status="sending"]')).toHaveCount(0);

  // Straight to the API, the same person's next message is refused by the server.
  const customer = await apiSignIn(request, email);
  const res = await request.post('/api/collections/messages/records', {
    headers: { Authorization: customer.token },
    data: { room: booking.room, sender: customer.record.id, kind: 'text', body: 'straight to the API' },
  });
  expect(res.status(), await res.text()).toBe(429);
  expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
});

test.describe('when the connection drops', () => {
  // Requests made while offline fail in the console; that is the fault under test.
  test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

  test('messages sent while the receiver was cut off for 10 s are all there after it reconnects, once and in order', async ({ page, request }) => {
    const email = await newCustomer(request, 'Gap Receiver');
    const booking = await bookingWithRoom(request, email);
    await signIn(page, email);
    const chat = await openChat(page, booking.room);
    const messages = chat.getByTestId('message');
    await expect(messages).toHaveCount(2);
    const provider = await apiSignIn(request, PROVIDER);
    const send = async (body) => {
      const res = await request.post('/api/collections/messages/records', {
        headers: { Authorization: provider.token },
        data: { room: booking.room, sender: provider.record.id, kind: 'text', body },
      });
      expect(res.status(), await res.text()).toBe(200);
    };
    // A first message arriving live shows the stream is up before the cut.
    await send('before the cut');
    await expect(messages).toHaveCount(3);

    // Offline, and the server ends the live connection, as a dead network would.
    await page.context().setOffline(true);
    const dropped = await request.post(`/api/faults/drop-realtime/${booking.customer}`, await superuser(request));
    expect((await dropped.json()).dropped).toBeGreaterThan(0);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    const cutAt = Date.now();
    for (let i = 1; i <= 20; i++) {
      await send(`gap ${i}`);
      await page.waitForTimeout(400);
    }
    await page.waitForTimeout(Math.max(0, 10_000 - (Date.now() - cutAt)));
    await expect(messages, 'nothing arrived while cut off').toHaveCount(3);
    await page.context().setOffline(false);

    await expect(messages).toHaveCount(23, { timeout: 20_000 });
    const bodies = await chat.locator('[data-kind="Text"] .body').allTextContents();
    expect(bodies).toEqual(['before the cut', ...Array.from({ length: 20 }, (_, i) => `gap ${i + 1}`)]);
  });
});

test.describe('when the sender is offline', () => {
  test.use({ expectedConsoleErrors: ['Failed to load resource', 'net::ERR_'] });

  test('3 messages written offline survive a reload and arrive once, in order, when the sender is back', async ({ page, other, request }) => {
    test.setTimeout(120_000);
    const email = await newCustomer(request, 'Offline Sender');
    const booking = await bookingWithRoom(request, email);
    await signIn(other, PROVIDER);
    const theirs = await openChat(other, booking.room);
    await expect(theirs.getByTestId('message')).toHaveCount(2);
    await signIn(page, email);
    let chat = await openChat(page, booking.room);
    await expect(chat.getByTestId('message')).toHaveCount(2);

    await page.context().setOffline(true);
    const texts = ['offline 1', 'offline 2', 'offline 3'];
    for (const text of texts) {
      await chat.getByLabel('Message').fill(text);
      await chat.getByLabel('Message').press('Enter');
    }
    await expect(chat.locator('[data-status="sending"]')).toHaveCount(3);

    // A reload needs the server for the page itself (there is no service
    // worker); the API stays unreachable, as it is offline.
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.context().setOffline(false);
    await page.reload();
    chat = await openChat(page, booking.room);
    const waiting = chat.locator('[data-status="sending"] .body');
    await expect(waiting).toHaveText(texts);

    await page.unroute('**/api/**');
    await expect(chat.locator('[data-status="sending"]')).toHaveCount(0, { timeout: 60_000 });
    await expect(chat.locator('[data-kind="Text"] .body')).toHaveText(texts);
    await expect(theirs.locator('[data-kind="Text"] .body')).toHaveText(texts);

    const su = await superuser(request);
    const filter = encodeURIComponent(`room='${booking.room}' && body~'offline'`);
    const stored = await (await request.get(`/api/collections/messages/records?filter=${filter}&sort=created,id`, su)).json();
    expect(stored.items.map((m) => m.body), 'stored once each, in order').toEqual(texts);
  });
});

test('two people: a message, typing, read receipts, an edit, a reaction and a delete show on the other side', async ({ page, other, request }) => {
  const email = await newCustomer(request, 'Two Sides');
  const booking = await bookingWithRoom(request, email);
  await signIn(other, PROVIDER);
  const theirs = await openChat(other, booking.room);
  await signIn(page, email);
  const mine = await openChat(page, booking.room);
  await expect(theirs.getByTestId('message')).toHaveCount(2);

  await mine.getByLabel('Message').fill('hello from the customer');
  await mine.getByLabel('Message').press('Enter');
  await expect(theirs.locator('[data-kind="Text"] .body')).toHaveText(['hello from the customer']);

  // Delivery delay: from the key press to the message painted on the other
  // side, both pages in one browser (one clock).
  await other.evaluate(() => {
    window.__seen = {};
    const list = document.querySelector('[data-testid="messages"]');
    new MutationObserver(() => {
      for (const b of list.querySelectorAll('.body')) {
        if (!(b.textContent in window.__seen)) window.__seen[b.textContent] = Date.now();
      }
    }).observe(list, { childList: true, subtree: true });
  });
  const delays = [];
  for (let i = 1; i <= 5; i++) {
    const text = `delivery ${i}`;
    await mine.getByLabel('Message').fill(text);
    const pressed = await page.evaluate(() => Date.now());
    await mine.getByLabel('Message').press('Enter');
    await expect(theirs.locator('[data-kind="Text"] .body').last()).toHaveText(text);
    delays.push((await other.evaluate((t) => window.__seen[t], text)) - pressed);
  }
  console.log(`chat delivery: key press to painted on the other side ${delays.map((d) => `${d} ms`).join(', ')}`);
  // A mention must name someone in the chat.
  await mine.getByLabel('Message').fill('@nobody are you there?');
  await mine.getByLabel('Message').press('Enter');
  await expect(mine.getByRole('alert')).toContainText('@nobody is not one of them');
  await expect(mine.getByLabel('Message')).toHaveValue('@nobody are you there?');
  const providerName = (await apiSignIn(request, PROVIDER)).record.name;
  await mine.getByLabel('Message').fill(`@${providerName.split(' ')[0]} see you soon`);
  await mine.getByLabel('Message').press('Enter');
  await expect(theirs.locator('[data-kind="Text"] .body').last()).toHaveText(`@${providerName.split(' ')[0]} see you soon`);

  // The server flags a suspicious link for the reader.
  const providerAuth = await apiSignIn(request, PROVIDER);
  const flagged = await request.post('/api/collections/messages/records', {
    headers: { Authorization: providerAuth.token },
    data: { room: booking.room, sender: providerAuth.record.id, kind: 'text', body: 'pay here https://bit.ly/abc', flags: [] },
  });
  expect(flagged.status(), await flagged.text()).toBe(200);
  const flaggedView = mine.getByTestId('message').filter({ hasText: 'pay here' });
  await expect(flaggedView.getByTestId('message-flag')).toContainText('shortener');

  // The provider's window is open at the newest message: it is read.
  await expect(mine.locator('[data-kind="Text"]').first()).toHaveAttribute('data-status', 'read');

  // Typing shows, and is gone within 6 s of the last keystroke.
  await theirs.getByLabel('Message').pressSequentially('on my way', { delay: 40 });
  const lastKeystroke = Date.now();
  await expect(mine.getByTestId('typing')).toContainText('is typing');
  await expect(mine.getByTestId('typing')).toBeEmpty({ timeout: Math.max(1, 6_000 - (Date.now() - lastKeystroke)) });

  const myMessage = mine.locator('[data-kind="Text"]').first();
  await expect(myMessage.locator('.body')).toHaveText('hello from the customer');
  // A message's actions are built and shown once the reader reaches it.
  await expect(myMessage.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await myMessage.hover();
  await myMessage.getByRole('button', { name: 'Edit' }).click();
  await mine.getByLabel('Edit message').fill('hello, edited');
  await myMessage.getByRole('button', { name: 'Save' }).click();
  const theirView = theirs.locator('[data-kind="Text"]').first();
  await expect(theirView.locator('.body')).toHaveText('hello, edited');
  await expect(theirView.locator('.meta')).toContainText('edited');

  // By keyboard: the timeline is one tab stop, the arrow keys, Home and End
  // move between its messages, and a message's actions come next by tab.
  await expect(theirView.getByRole('button', { name: 'Reply' })).toHaveCount(0);
  const timeline = theirs.getByTestId('messages');
  const shown = theirs.getByTestId('message');
  const count = await shown.count();
  expect(count).toBeGreaterThan(2);
  await timeline.focus();
  await other.keyboard.press('Tab');
  // No message is a tab stop; a link or a button in one still is.
  expect(await other.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('message');
  await timeline.focus();
  await other.keyboard.press('ArrowUp');
  await expect(shown.nth(count - 1)).toBeFocused();
  await other.keyboard.press('ArrowUp');
  await expect(shown.nth(count - 2)).toBeFocused();
  await other.keyboard.press('Home');
  await expect(shown.first()).toBeFocused();
  await other.keyboard.press('ArrowDown');
  await expect(shown.nth(1)).toBeFocused();
  await other.keyboard.press('End');
  await expect(shown.nth(count - 1)).toBeFocused();
  await theirView.focus();
  await other.keyboard.press('Tab');
  await expect(theirView.getByRole('button', { name: 'React 👍' })).toBeFocused();
  await other.keyboard.press('Enter');
  await expect(mine.getByTestId('reaction')).toHaveText('👍 1');
  await other.keyboard.press('Enter');
  await expect(mine.getByTestId('reaction')).toHaveCount(0);

  await theirView.hover();
  await theirView.getByRole('button', { name: 'React 👍' }).click();
  await expect(mine.getByTestId('reaction')).toHaveText('👍 1');
  await expect(mine.getByTestId('reaction')).toHaveAttribute('title', `Reacted: ${providerName}`);

  await myMessage.hover();
  await myMessage.getByRole('button', { name: 'Delete' }).click();
  await myMessage.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(theirView).toContainText('Message deleted');
  await expect(theirView.locator('.body')).toHaveCount(0);
});

test('a chat closed while an older page is still going in closes cleanly, and opens again', async ({ page, request }) => {
  const email = await newCustomer(request, 'Quick Closer');
  const booking = await bookingWithRoom(request, email);
  await seedMessages(request, booking, 150);
  await signIn(page, email);
  const chat = await openChat(page, booking.room);
  await expect(chat.getByTestId('message')).toHaveCount(50);
  // An older page goes in ten rows a frame: the window is closed in the
  // frame after the first ten, while the other rows wait for theirs.
  const shownWhenClosed = await chat.getByTestId('messages').evaluate(async (el) => {
    const first = el.querySelector('[data-testid="message"]').dataset.id;
    el.scrollTop = 0;
    await new Promise((resolve) => {
      const check = () => (el.querySelector('[data-testid="message"]').dataset.id !== first ? resolve() : requestAnimationFrame(check));
      check();
    });
    const shown = el.querySelectorAll('[data-testid="message"]').length;
    document.querySelector('[aria-label="Close chat"]').click();
    return shown;
  });
  expect(shownWhenClosed).toBeGreaterThan(50);
  expect(shownWhenClosed).toBeLessThan(100);
  await expect(chat).toHaveCount(0);
  // The rows that were still waiting find no list, and nothing breaks (the
  // fixture checks the console): the chat opens again from the same page.
  await page.waitForTimeout(500);
  await page.locator(`[data-booking="${booking.room}"]`).getByRole('button', { name: 'Open chat' }).click();
  await expect(chat.getByTestId('message').last()).toContainText('history 149');
});

test('an edit being written survives its message being read meanwhile, keeps the focus, and saves what was typed', async ({ page, other, request }) => {
  const email = await newCustomer(request, 'Half Edit');
  const booking = await bookingWithRoom(request, email);
  await signIn(page, email);
  const mine = await openChat(page, booking.room);
  await mine.getByLabel('Message').fill('first draft of a plan');
  await mine.getByLabel('Message').press('Enter');
  const sent = mine.locator('[data-kind="Text"]').filter({ hasText: 'first draft of a plan' });
  await expect(sent).toHaveAttribute('data-status', /sent|delivered/);
  const item = mine.locator(`[data-id="${await sent.getAttribute('data-id')}"]`);
  // A click that comes without pointing or focusing (as some assistive
  // software sends it) builds the message's actions too.
  await expect(item.getByTestId('message-actions')).toHaveCount(0);
  await item.locator('.body').dispatchEvent('click');
  await expect(item.getByTestId('message-actions')).toHaveCount(1);
  await item.hover();
  await item.getByRole('button', { name: 'Edit' }).click();
  const editor = mine.getByLabel('Edit message');
  await expect(editor).toBeFocused();
  await editor.fill('second draft, half typed');

  // The provider reads it: its receipt changes, and the message is shown
  // anew, with the edit box, what was typed in it, and the focus.
  await signIn(other, PROVIDER);
  await openChat(other, booking.room);
  await expect(item).toHaveAttribute('data-status', 'read');
  await expect(editor).toHaveValue('second draft, half typed');
  await expect(editor).toBeFocused();
  await page.keyboard.type(', now done');
  await expect(editor).toHaveValue('second draft, half typed, now done');
  await item.getByRole('button', { name: 'Save' }).click();
  await expect(item.locator('.body')).toHaveText('second draft, half typed, now done');
  // Saved, the message is shown anew once more, and keeps the focus.
  await expect(item).toBeFocused();
  // An edit cancelled by Escape takes its edit box away, and the message
  // has the focus.
  await item.getByRole('button', { name: 'Edit' }).click();
  await expect(editor).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(item).toBeFocused();
});

test('search jumps into the timeline, a reply quotes and jumps to its original, the unread marker shows, and a draft survives closing', async ({ page, request }) => {
  const email = await newCustomer(request, 'Finder');
  const booking = await bookingWithRoom(request, email);
  await seedMessages(request, booking, 300);

  await signIn(page, email);
  let chat = await openChat(page, booking.room);
  const messages = chat.getByTestId('message');
  await expect(messages.last()).toContainText('history 299');
  // Nothing was read yet: the marker is above the first unread message.
  await expect(chat.getByTestId('unread-marker')).toHaveCount(0);
  await expect(async () => {
    await chat.getByTestId('messages').evaluate((el) => { el.scrollTop = 0; });
    await expect(chat.getByTestId('unread-marker')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(chat.getByTestId('unread-marker').locator('xpath=following-sibling::li[@data-testid="message"][1]')).toContainText('history 1');

  // Search, on the server, for a message far above the held pages.
  await chat.getByRole('button', { name: 'Search' }).click();
  await chat.getByLabel('Search this conversation').fill('history 42');
  await chat.getByLabel('Search this conversation').press('Enter');
  await expect(chat.getByTestId('search-result')).toHaveCount(1);
  await chat.getByTestId('search-result').click();
  const found = messages.filter({ has: page.locator('.body', { hasText: /^history 42$/ }) });
  await expect(found).toBeInViewport();
  await chat.getByRole('button', { name: 'Search' }).click();

  // Reply to the newest message, then jump back to it from the quote.
  await chat.getByTestId('jump-latest').click();
  const newest = chat.locator(`[data-id="s${booking.room.slice(0, 4)}${String(299).padStart(10, '0')}"]`);
  await newest.hover();
  await newest.getByRole('button', { name: 'Reply' }).click();
  await expect(chat.getByTestId('replying')).toContainText('history 299');
  await chat.getByLabel('Message').fill('answering that');
  await chat.getByLabel('Message').press('Enter');
  const reply = messages.filter({ hasText: 'answering that' });
  await expect(reply).toHaveAttribute('data-status', /sent|delivered|read/);
  await expect(reply.getByTestId('quote')).toContainText('history 299');
  await chat.getByTestId('messages').evaluate((el) => { el.scrollTop = 0; });
  await expect(newest).not.toBeInViewport();
  await reply.getByTestId('quote').click();
  await expect(newest).toBeInViewport();

  // A draft is kept on the device and back when the chat opens again.
  await chat.getByLabel('Message').fill('half a thought');
  await page.waitForTimeout(800);
  await chat.getByRole('button', { name: 'Close chat' }).click();
  chat = await openChat(page, booking.room);
  await expect(chat.getByLabel('Message')).toHaveValue('half a thought');
});
