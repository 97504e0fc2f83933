// FP-growth in wasm (Node; the page's module built with the bench-exports feature, by bench-rules.sh), on
// the basket files benches/rules.rs wrote.
import { readFileSync, existsSync } from 'node:fs';
import { initSync, mineBasketLines } from '../.bench/pkg/shopscope.js';
import { peakMb, resetPeak } from './peak.mjs';

initSync({ module: readFileSync(new URL('../.bench/pkg/shopscope_bg.wasm', import.meta.url)) });
const runs = Number(process.env.BENCH_RUNS ?? 5);
for (const [data, file, supports] of [
  ['weka', '.bench/weka_baskets.txt', [0.15, 0.1, 0.05]],
  ['complete_journey products', '.bench/cj_baskets.txt', [0.005, 0.002, 0.001]],
]) {
  if (!existsSync(file)) continue;
  const bytes = readFileSync(file);
  // Parsing the lines is inside the timing (the native figure excludes it), so wasm is if anything flattered less.
  for (const support of supports) {
    const times = [];
    let found = 0;
    resetPeak();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const sets = mineBasketLines(bytes, ',', { minSupport: support }, undefined);
      times.push((performance.now() - t) / 1000);
      found = sets.summary.itemsets;
      sets.free();
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ data, engine: 'ours wasm (node, incl. reading the basket file)', support, itemsets: found, median_s: times[runs >> 1], peak_mb: peakMb() }));
  }
}
