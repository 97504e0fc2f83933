// Recommendations in wasm (Node, the page's module): fit item-kNN and the top 10 for every customer (as the
// CSV export, without explanations) on all of complete_journey's purchases; reading the file is not timed.
// The peak memory is the process's over the runs, with the ingested data held (the API's input).
import { readFileSync, existsSync } from 'node:fs';
import { initSync, ingest } from '../www/pkg/shopscope.js';
import { peakMb, resetPeak } from './peak.mjs';

initSync({ module: readFileSync(new URL('../www/pkg/shopscope_bg.wasm', import.meta.url)) });
const runs = Number(process.env.BENCH_RUNS ?? 5);
const file = '../shared/data/complete_journey/transactions.csv';
if (existsSync(file)) {
  const data = ingest(readFileSync(file), undefined, undefined);
  for (const weighting of ['cosine', 'bm25', 'rp3Beta']) {
    const times = [];
    let users = 0;
    resetPeak();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const model = data.recommender({ weighting }, undefined);
      const csv = model.exportRecommendations({ n: 10, explain: 0 });
      times.push((performance.now() - t) / 1000);
      users = model.summary.customers;
      if (csv.length === 0) throw new Error('no recommendations');
      model.free();
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ data: 'complete_journey all', engine: `ours wasm ${weighting} (K=200)`, users, median_s: times[runs >> 1], peak_mb: peakMb() }));
  }
}
