// Prepending 50 older messages: from the load trigger (the timeline
// scrolled to its top) to the next paint with the 50 older messages in the
// DOM, and to the first paint with any of them (the app puts a page into the
// DOM a few rows per frame), unthrottled and with the CPU slowed 4× (DevTools protocol
// Emulation.setCPUThrottlingRate). The page comes from the network, so the
// part from its answer having arrived (the resource timing entry's
// responseEnd, on the page's clock) to the paint is reported too. Script
// and task time in the window come from Performance.getMetrics deltas, and
// long tasks (> 50 ms) from a buffered PerformanceObserver.
import { longChat, monitorClean, need, sleep, stats } from './lib.mjs';

const WARMUP = 3;
const RUNS = 10;

/** Scrolls the timeline to its top and times the prepend that follows. */
function prepend(page) {
  return page.evaluate(async () => {
    const list = document.querySelector('[data-testid="messages"]');
    const first = () => list.querySelector('[data-testid="message"]');
    const oldest = first()?.dataset.id;
    const before = list.querySelectorAll('[data-testid="message"]').length;
    const olderHeld = () => [...list.querySelectorAll('[data-testid="message"]')]
      .findIndex((m) => m.dataset.id === oldest);
    const trigger = performance.now();
    const painted = window.__bench.painted(() => first()?.dataset.id !== oldest, 15000);
    list.scrollTop = 0;
    const some = await painted;
    if (!some) return null;
    const p = await window.__bench.painted(() => olderHeld() >= 50, 15000);
    if (!p) return null;
    const answers = performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= trigger && e.name.includes('/api/collections/messages/records')
        && decodeURIComponent(e.name).includes('sort=-created'));
    const held = [...list.querySelectorAll('[data-testid="message"]')];
    const index = held.findIndex((m) => m.dataset.id === oldest);
    return {
      trigger,
      seen: p.seen,
      firstPainted: some.painted,
      painted: p.painted,
      rendered: p.rendered,
      requestStart: answers[0]?.startTime ?? null,
      answer: answers[0]?.responseEnd ?? null,
      added: index,
      before,
      after: held.length,
    };
  });
}

/**
 * The long tasks and long animation frames between `from` and `to`. Each
 * is reported once it has ended, so this is read a moment after the paint.
 */
async function longWork(page, from, to) {
  await sleep(300);
  return page.evaluate(([a, b]) => ({
    longTasks: window.__bench.longTasks.filter((t) => t.start + t.duration > a && t.start < b),
    longFrames: window.__bench.longFrames.filter((f) => f.start + f.duration > a && f.start < b),
  }), [from, to]);
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export async function paging({ browser, report, problems }) {
  const { context, page, cdp } = await longChat(browser, 'paging', problems);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  // The chat's own start (members, reactions, receipts) is over.
  await sleep(1000);

  for (const rate of [1, 4]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const runs = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const m0 = await metrics(cdp);
      const r = need(await prepend(page), `50 older messages prepended (run ${i + 1} at ${rate}× CPU)`);
      const m1 = await metrics(cdp);
      Object.assign(r, await longWork(page, r.trigger, r.rendered));
      if (r.added !== 50) report.note(`paging at ${rate}×: a prepend added ${r.added} messages (${r.before} → ${r.after} held), not 50`);
      if (i >= WARMUP) {
        runs.push({
          ...r,
          scriptMs: (m1.ScriptDuration - m0.ScriptDuration) * 1000,
          taskMs: (m1.TaskDuration - m0.TaskDuration) * 1000,
          layoutMs: (m1.LayoutDuration - m0.LayoutDuration) * 1000,
          styleMs: (m1.RecalcStyleDuration - m0.RecalcStyleDuration) * 1000,
        });
      }
      // The reactions of the new page are fetched after it; let them land.
      await sleep(400 * rate);
    }
    const total = stats(runs.map((r) => r.painted - r.trigger));
    const first = stats(runs.map((r) => r.firstPainted - r.trigger));
    const withAnswer = runs.filter((r) => r.answer !== null);
    need(withAnswer.length || null, `the resource timing of the older pages at ${rate}×`);
    const fromData = stats(withAnswer.map((r) => r.painted - r.answer));
    const fetch = stats(withAnswer.map((r) => r.answer - r.trigger));
    const script = stats(runs.map((r) => r.scriptMs));
    const task = stats(runs.map((r) => r.taskMs));
    const longTasks = runs.flatMap((r) => r.longTasks);
    const longFrames = runs.flatMap((r) => r.longFrames);
    const throttled = rate === 4;
    const at = `${rate}× CPU`;
    report.add({
      id: `paging.${rate}x.total`, name: `prepend 50 older, ${at}: scrolled to top → all 50 painted`, value: total.median, unit: 'ms', spread: total,
      target: throttled ? { max: 16, text: '≤ 16 ms' } : null,
    });
    report.add({ id: `paging.${rate}x.first`, name: `↳ scrolled to top → first of them painted`, value: first.median, unit: 'ms', spread: first });
    report.add({ id: `paging.${rate}x.fetch`, name: `↳ scrolled to top → page's answer arrived`, value: fetch.median, unit: 'ms', spread: fetch });
    report.add({
      id: `paging.${rate}x.fromData`, name: `↳ page's answer arrived → all 50 painted`, value: fromData.median, unit: 'ms', spread: fromData,
      target: throttled ? { max: 16, text: '≤ 16 ms' } : null,
    });
    const rendered = stats(withAnswer.map((r) => r.rendered - r.answer));
    report.add({
      id: `paging.${rate}x.rendered`, name: `↳ page's answer arrived → the last frame's rendering done`, value: rendered.median, unit: 'ms', spread: rendered,
    });
    report.add({ id: `paging.${rate}x.script`, name: `prepend, ${at}: script time (ScriptDuration)`, value: script.median, unit: 'ms', spread: script });
    report.add({
      id: `paging.${rate}x.task`, name: `prepend, ${at}: main-thread task time (TaskDuration)`, value: task.median, unit: 'ms', spread: task,
      detail: { layoutMs: stats(runs.map((r) => r.layoutMs)), recalcStyleMs: stats(runs.map((r) => r.styleMs)) },
    });
    report.add({
      id: `paging.${rate}x.longTasks`, name: `prepend, ${at}: long tasks > 50 ms (in ${runs.length} prepends)`, value: longTasks.length, unit: '',
      target: throttled ? { max: 0, text: '0' } : null,
      detail: { durations: longTasks.map((t) => Math.round(t.duration)) },
    });
    report.add({
      id: `paging.${rate}x.longFrames`, name: `prepend, ${at}: animation frames > 50 ms (in ${runs.length} prepends)`, value: longFrames.length, unit: '',
      detail: { durations: longFrames.map((f) => Math.round(f.duration)), blocking: longFrames.map((f) => Math.round(f.blocking)) },
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await monitorClean(page, 'paging', problems);
  await context.close();
}
