// Recommendations in wasm (Node, the page's module): fit item-kNN and the top 10 for every customer (as the
// CSV export, without explanations) on all of complete_journey's purchases; then the next-basket models the
// same way: TIFU-KNN, and `auto` (the page's default: every candidate fitted and scored on the validation
// baskets, the choice scored on the last baskets beside the baselines, then refitted on all) for the next
// basket and, with the products table named, for discovery. Reading the files is not timed.
// The peak memory is the process's over the runs, with the ingested data held (the API's input).
import { readFileSync, existsSync } from 'node:fs';
import { initSync, ingest, loadProductTable } from '../www/pkg/shopscope.js';
import { peakMb, resetPeak } from './peak.mjs';

initSync({ module: readFileSync(new URL('../www/pkg/shopscope_bg.wasm', import.meta.url)) });
const runs = Number(process.env.BENCH_RUNS ?? 5);
const file = '../shared/data/complete_journey/transactions.csv';
if (existsSync(file)) {
  const data = ingest(readFileSync(file), undefined, undefined);
  const products = '../shared/data/complete_journey/products.csv';
  const models = [
    ...['cosine', 'bm25', 'rp3Beta'].map((weighting) => [`${weighting} (K=200)`, { model: 'itemKnn', task: 'discovery', knn: { weighting } }]),
    ['TIFU-KNN (defaults), next basket', { model: 'tifu' }],
    ['auto, next basket', { model: 'auto' }],
    ['auto, discovery with the products table', { model: 'auto', task: 'discovery' }, products],
  ];
  for (const [name, options, table] of models) {
    if (table && !existsSync(table)) continue;
    if (table) data.nameProducts(loadProductTable(readFileSync(table), undefined));
    const times = [];
    let users = 0;
    resetPeak();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const model = data.recommender(options, undefined);
      const csv = model.exportRecommendations({ n: 10, explain: 0 });
      times.push((performance.now() - t) / 1000);
      users = model.summary.customers;
      if (csv.length === 0) throw new Error('no recommendations');
      model.free();
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ data: 'complete_journey all', engine: `ours wasm ${name}`, users, median_s: times[runs >> 1], peak_mb: peakMb() }));
  }
}
