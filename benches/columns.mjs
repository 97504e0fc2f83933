// What per-customer results cost to hand to JS: segment() and lifetimeValue() of the wasm build in Node on a
// generated file of CUSTOMERS customers (default 300,000, three orders each), and structuredClone of each
// result (what postMessage from the worker does to it). Medians of BENCH_RUNS runs. Run from a checkout
// after scripts/build-wasm.sh; comparing two checkouts shows what the result's shape costs.
//   node benches/columns.mjs
import { readFileSync } from 'node:fs';
import { initSync, ingest } from '../www/pkg/shopscope.js';

initSync({ module: readFileSync(new URL('../www/pkg/shopscope_bg.wasm', import.meta.url)) });
const runs = Number(process.env.BENCH_RUNS ?? 5);
const customers = Number(process.env.CUSTOMERS ?? 300_000);
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

const lines = ['customer,order,date,product,amount'];
for (let c = 0; c < customers; c++) {
  for (let o = 0; o < 3; o++) {
    const day = 1 + ((c * 7 + o * 131) % 700);
    const date = new Date(Date.UTC(2022, 0, day)).toISOString().slice(0, 10);
    lines.push(`c${c},o${c}-${o},${date},p${(c + o * 17) % 5000},${(5 + ((c * 13 + o) % 90)).toFixed(2)}`);
  }
}
const data = ingest(new TextEncoder().encode(lines.join('\n')), undefined, undefined);

function measure(name, call) {
  const made = [];
  const cloned = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const result = call();
    made.push(performance.now() - t);
    t = performance.now();
    structuredClone(result);
    cloned.push(performance.now() - t);
  }
  console.log(JSON.stringify({ call: name, customers, made_ms: Math.round(median(made)), structured_clone_ms: Math.round(median(cloned)) }));
}

measure('segment (kmeans: false)', () => data.segment({ kmeans: false }, undefined));
measure('lifetimeValue (intervalDraws: 0)', () => data.lifetimeValue({ intervalDraws: 0 }, undefined));
data.free();
