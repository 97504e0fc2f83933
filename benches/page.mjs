// complete_journey end to end in the page, in headless Chromium: the time from dropping the file to the
// rendered summary, then each tab's default analysis from the click to its rendered result (timed inside
// the page: from the click or the file input's change to the first frame after the busy bar went away;
// Playwright's own round trips, about 0.4 s a step, are not the page's), and the peak
// memory of the whole browser (every Chromium process of this run, sampled every 250 ms) and of the wasm
// module. Prints one JSON line per step. `scripts/bench-page.sh` runs it beside the native run.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, foreignRequests, startBrowser, startServer } from '../tests/e2e/harness.mjs';

const FILE = process.argv[2] ?? path.join(ROOT, '..', 'shared', 'data', 'complete_journey', 'transactions.csv');
try {
  readdirSync(path.dirname(FILE));
} catch {
  console.log(`SKIPPED: ${FILE} is not present`);
  process.exit(0);
}

/** The processes started with this run's Chromium profile (Chromium passes --user-data-dir to every process
 * it starts on Linux: browser, renderers (the page and its worker), GPU and utility processes). */
function browserPids(profile) {
  return readdirSync('/proc').filter((p) => {
    try {
      return /^\d+$/.test(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(profile);
    } catch {
      return false; // The process ended between listing and reading.
    }
  });
}

/**
 * Memory of those processes, in bytes: proportional set size (shared pages split between the processes
 * sharing them), so the sum is not inflated by Chromium's shared libraries.
 */
function browserPss(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const kb = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m);
      if (kb) total += Number(kb[1]) * 1024;
    } catch {
      // The process ended.
    }
  }
  return total;
}

const server = await startServer();
const browser = await startBrowser();
let peak = 0;
// The sampling shares the machine with the run it measures: scanning every process of /proc each 50 ms, as
// this did before, burnt seconds of CPU a run on two cores. The profile's processes are listed once a
// second and their memory read four times a second.
let pids = browserPids(browser.profile);
const lister = setInterval(() => { pids = browserPids(browser.profile); }, 1000);
const sampler = setInterval(() => { peak = Math.max(peak, browserPss(pids)); }, 250);
const page = await browser.context.newPage();
await page.addInitScript(() => {
  const timing = { started: 0, done: 0 };
  /** @type {any} */ (window).pageTiming = timing;
  const start = () => Object.assign(timing, { started: performance.now(), done: 0 });
  // Only the steps' own triggers: the page fires change events of its own while it renders.
  document.addEventListener('click', (e) => /** @type {Element} */ (e.target).closest('[role=tab]') && start(), true);
  document.addEventListener('change', (e) => /** @type {Element} */ (e.target).id === 'file-input' && start(), true);
  // The last time the busy bar went away, at the frame after it (the result drawn).
  new MutationObserver(() => {
    if (document.querySelector('#status')?.hidden) requestAnimationFrame(() => { timing.done = performance.now(); });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
});
await page.goto(server.url);
const idle = () => page.locator('#status').waitFor({ state: 'hidden', timeout: 600_000 });
const text = (s) => page.locator(s).innerText();

async function step(name, act, done) {
  await act();
  await done();
  await idle();
  const seconds = await page.evaluate(() => {
    const { started, done } = /** @type {any} */ (window).pageTiming;
    return (done - started) / 1000;
  });
  const wasm = await text('#stat-memory .value');
  console.log(JSON.stringify({ engine: 'page', step: name, seconds: Number(seconds.toFixed(3)), peak_browser_mb: Math.round(peak / 2 ** 20), wasm_memory_after_read: wasm }));
}

await step('read (file picker to summary)',
  () => page.locator('#file-input').setInputFiles(FILE),
  () => page.locator('#summary-card').waitFor({ state: 'visible', timeout: 600_000 }));
for (const [tab, done] of [
  ['Segments', '#segment-results'],
  ['Rules', '#rules-results'],
  ['Recommendations', '#recommend-facts:not(:empty)'],
  ['Lifetime value', '#clv-results'],
]) {
  await step(tab, () => page.getByRole('tab', { name: tab }).click(),
    () => page.locator(done).waitFor({ state: 'visible', timeout: 600_000 }));
}
clearInterval(sampler);
clearInterval(lister);
const foreign = foreignRequests(browser.requests);
await browser.close();
server.stop();
if (foreign.length) throw new Error(`requests left 127.0.0.1: ${foreign.join(', ')}`);
