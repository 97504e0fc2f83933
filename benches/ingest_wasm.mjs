// Ingest throughput of the wasm build in Node (same module as the page: www/pkg, --target web), and of
// PapaParse (the usual in-browser CSV parser) on the same file, for scale. Median of BENCH_RUNS runs.
// Usage: node benches/ingest_wasm.mjs [file.csv]     (prints one JSON line per engine)
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, ingest, ingestFrom, wasmMemoryBytes } from '../www/pkg/shopscope.js';
import { peakMb, resetPeak } from './peak.mjs';

const file = process.argv[2] ?? '../shared/data/complete_journey/transactions.csv';
if (!existsSync(file)) {
  console.log(`SKIPPED: ${file} is not present`);
  process.exit(0);
}
const runs = Number(process.env.BENCH_RUNS ?? 5);
initSync({ module: readFileSync(new URL('../www/pkg/shopscope_bg.wasm', import.meta.url)) });
const bytes = readFileSync(file);
const mb = bytes.length / 1e6;
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

// Also the process's peak memory over the runs (the file's bytes, and for PapaParse its decoded text, included).
function time(fn) {
  resetPeak();
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = fn();
    times.push((performance.now() - t) / 1000);
  }
  return { median_s: median(times), last, peak_mb: peakMb() };
}

const wasm = time(() => {
  const data = ingest(bytes, undefined, undefined);
  const report = data.report;
  data.free();
  return report;
});
console.log(JSON.stringify({
  engine: 'wasm (node)', file, runs, median_s: +wasm.median_s.toFixed(4), mb_per_s: +(mb / wasm.median_s).toFixed(1),
  rows: wasm.last.rowsRead, model_mb: +(wasm.last.modelBytes / 1e6).toFixed(1),
  wasm_memory_mb: +(wasmMemoryBytes() / 1e6).toFixed(1), bytes_per_row: +wasm.last.bytesPerRow.toFixed(1),
  peak_mb: wasm.peak_mb,
}));

// The page's path: the file read a chunk at a time through a read function (the worker's FileReaderSync
// slices), so wasm memory holds the model and not the file. Run after the whole-buffer calls, whose memory
// wasm keeps: the figure that shows the difference is the page's (BENCHMARKS.md).
const chunked = time(() => {
  const data = ingestFrom((offset, length) => bytes.subarray(offset, offset + length), bytes.length, undefined, undefined);
  const report = data.report;
  data.free();
  return report;
});
console.log(JSON.stringify({
  engine: 'wasm (node), read in chunks', file, runs, median_s: +chunked.median_s.toFixed(4),
  mb_per_s: +(mb / chunked.median_s).toFixed(1), rows: chunked.last.rowsRead, peak_mb: chunked.peak_mb,
}));

const require = createRequire(import.meta.url);
let Papa;
try {
  Papa = require('papaparse');
} catch {
  console.log('SKIPPED: papaparse is not installed (npm ci)');
  process.exit(0);
}
// PapaParse only splits text into fields (ours also types, cleans, interns and indexes), so it is timed
// both as a bare splitter (arrays of strings) and as typically configured for analysis (header + typing).
// Its input is the decoded string, as a page would hand it over; the decoding is not timed.
const text = bytes.toString('utf8');
for (const [mode, config] of [
  ['arrays of strings', { skipEmptyLines: true }],
  ['header + dynamicTyping', { header: true, dynamicTyping: true, skipEmptyLines: true }],
]) {
  // What its result holds: the heap with the result kept, less the heap before (run with --expose-gc). Measured
  // first, and the result dropped before the timed runs, so that no other result is alive meanwhile.
  const heap = () => (globalThis.gc?.(), process.memoryUsage().heapUsed);
  const before = heap();
  let kept = Papa.parse(text, config).data;
  const rows = kept.length;
  const modelMb = globalThis.gc ? +((heap() - before) / 1e6).toFixed(1) : null;
  kept = null;
  const papa = time(() => Papa.parse(text, config).data.length);
  console.log(JSON.stringify({
    engine: `PapaParse 5.7.1 (node), ${mode}`, file, runs, median_s: +papa.median_s.toFixed(4), mb_per_s: +(mb / papa.median_s).toFixed(1),
    rows, model_mb: modelMb, peak_mb: papa.peak_mb,
  }));
}
