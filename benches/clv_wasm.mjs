// Lifetime-value speed of the wasm build in Node (same module as the page): the work of benches/clv.rs
// through the JS API, results serialised to JS objects included. Median of BENCH_RUNS runs, and the process's
// peak memory over them.
import { readFileSync, existsSync } from 'node:fs';
import { initSync, ingest } from '../www/pkg/shopscope.js';
import { peakMb, resetPeak } from './peak.mjs';

initSync({ module: readFileSync(new URL('../www/pkg/shopscope_bg.wasm', import.meta.url)) });
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const [name, file, end] of [
  ['cdnow', '../shared/data/cdnow/cdnow_master.csv', '1997-09-30'],
  ['complete_journey', '../shared/data/complete_journey/transactions.csv', '2017-09-30'],
]) {
  if (!existsSync(file)) {
    console.log(`SKIPPED: ${file} is not present`);
    continue;
  }
  const data = ingest(readFileSync(file), undefined, undefined);
  for (const draws of [0, 100]) {
    const times = [];
    let r;
    resetPeak();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      r = data.lifetimeValue({ calibrationEnd: end, intervalDraws: draws }, undefined);
      times.push((performance.now() - t) / 1000);
    }
    console.log(JSON.stringify({
      engine: 'shopscope wasm (node)', data: name, interval_draws: draws, customers: r.totals.customers,
      median_s: +median(times).toFixed(4), total_clv: +r.totals.value.toFixed(1), peak_mb: peakMb(),
    }));
  }
  data.free();
}
