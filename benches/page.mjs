// complete_journey end to end in the page, in headless Chromium: the time from dropping the file to the
// rendered summary, then each tab's default analysis from the click to its rendered result, and the peak
// memory of the whole browser (every Chromium process of this run, sampled every 50 ms) and of the wasm
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

/**
 * Memory of every process started with this run's Chromium profile, in bytes: proportional set size (shared
 * pages split between the processes sharing them), so the sum is not inflated by Chromium's shared libraries.
 */
function browserRss(profile) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const kb = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m);
      if (kb) total += Number(kb[1]) * 1024;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

const server = await startServer();
const browser = await startBrowser();
let peak = 0;
// Chromium passes --user-data-dir (the profile) to every process it starts on Linux: browser, renderers
// (the page and its worker), GPU and utility processes.
const sampler = setInterval(() => { peak = Math.max(peak, browserRss(browser.profile)); }, 50);
const page = await browser.context.newPage();
await page.goto(server.url);
const idle = () => page.locator('#status').waitFor({ state: 'hidden', timeout: 600_000 });
const text = (s) => page.locator(s).innerText();

async function step(name, act, done) {
  const started = performance.now();
  await act();
  await done();
  await idle();
  const seconds = (performance.now() - started) / 1000;
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
const foreign = foreignRequests(browser.requests);
await browser.close();
server.stop();
if (foreign.length) throw new Error(`requests left 127.0.0.1: ${foreign.join(', ')}`);
