// Scrolling a room of 5,000 messages from the newest to the oldest: the
// timeline is scrolled up by a fixed step every animation frame (a steady,
// fast scroll), waiting at the top while the next older page loads, until
// the room's first message (the booking's welcome) is shown. Counted: the
// most message elements ever in the DOM (a MutationObserver on the list),
// the frame intervals over the whole scroll (requestAnimationFrame
// timestamps), and memory after a forced garbage collection at the start
// and at the end: the JS heap in use (Runtime.getHeapUsage) and the wasm
// module's linear memory (its exports' memory, from TrunkApplicationStarted).
import { longChat, monitorClean, need, sleep, stats } from './lib.mjs';

/** Pixels scrolled per frame: 18,000 px/s at 60 frames a second, a hard fling. */
const STEP_PX = 300;
const FRAME_MS = 1000 / 60;

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer?.byteLength ?? null);
  return { jsHeap: usedSize, wasm: need(wasm, "the wasm module's memory (TrunkApplicationStarted's exports)") };
}

export async function scroll({ browser, report, problems }) {
  const { context, page, cdp } = await longChat(browser, 'scroll', problems);
  await sleep(1000);
  const start = await memory(page, cdp);

  const r = await page.evaluate(async ([step, limitMs]) => {
    const list = document.querySelector('[data-testid="messages"]');
    const count = () => list.querySelectorAll('[data-testid="message"]').length;
    let most = count();
    const reached = new Set([...list.querySelectorAll('[data-testid="message"]')].map((m) => m.dataset.id));
    const observer = new MutationObserver((records) => {
      most = Math.max(most, count());
      for (const rec of records) for (const n of rec.addedNodes) if (n.dataset?.id) reached.add(n.dataset.id);
    });
    observer.observe(list, { childList: true });
    const frames = [];
    return new Promise((resolve) => {
      let last = null;
      const began = performance.now();
      const tick = (ts) => {
        if (last !== null) frames.push(ts - last);
        last = ts;
        const first = list.querySelector('[data-testid="message"]');
        const done = first?.dataset.kind === 'System' && list.scrollTop === 0;
        if (done || performance.now() - began > limitMs) {
          observer.disconnect();
          resolve({ done, most: Math.max(most, count()), frames, reached: reached.size, ms: performance.now() - began });
          return;
        }
        list.scrollTop = Math.max(0, list.scrollTop - step);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  }, [STEP_PX, 180000]);
  need(r.done || null, `the oldest message reached within 180 s (reached ${r.reached} messages)`);
  await sleep(1000);
  const end = await memory(page, cdp);
  await monitorClean(page, 'scroll', problems);
  await context.close();

  report.add({
    id: 'scroll.mostMessages', name: 'scroll 5,000 messages newest → oldest: most message elements in the DOM', value: r.most, unit: '',
    target: { max: 500, text: '≤ 500' }, detail: { distinctMessagesReached: r.reached, seconds: Math.round(r.ms / 100) / 10, stepPx: STEP_PX },
  });
  // rAF timestamps are vsync-aligned, so a frame on time is 16.7 ms give
  // or take the timer's jitter (16.5 to 16.8 ms here); one that missed a
  // vsync is 33 ms or more. Over 20 ms is counted as over 16.7 ms.
  const over = (ms) => r.frames.filter((f) => f > ms).length;
  const f = stats(r.frames);
  report.add({
    id: 'scroll.longFrames', name: `scroll: frames over 16.7 ms (a vsync missed: interval > 20 ms), of ${r.frames.length}`, value: over(20), unit: '', spread: f,
    target: { max: 0, text: '0' },
    detail: {
      intervalsOver16_7ms: over(16.7), over2Frames: over(2 * FRAME_MS + 1), over50ms: over(50), longest: f.max,
      note: 'spread: the frame intervals in ms',
    },
  });
  report.add({ id: 'scroll.framesOver16_7', name: 'scroll: frame intervals over 16.7 ms as measured (with the 16.8 ms jitter)', value: over(16.7), unit: '' });
  report.add({ id: 'scroll.framesOver50', name: 'scroll: frames over 50 ms', value: over(50), unit: '' });
  const mb = (b) => Math.round(b / 1e4) / 100;
  report.add({ id: 'scroll.memory.start.js', name: 'memory after GC at the newest: JS heap used', value: mb(start.jsHeap), unit: 'MB' });
  report.add({ id: 'scroll.memory.start.wasm', name: 'memory after GC at the newest: wasm memory', value: mb(start.wasm), unit: 'MB' });
  report.add({ id: 'scroll.memory.end.js', name: 'memory after GC at the oldest: JS heap used', value: mb(end.jsHeap), unit: 'MB' });
  report.add({ id: 'scroll.memory.end.wasm', name: 'memory after GC at the oldest: wasm memory', value: mb(end.wasm), unit: 'MB' });
}
