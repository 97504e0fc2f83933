// The Web Worker that runs the wasm core off the main thread. It holds the loaded file's bytes and the
// current dataset, and answers messages from client.js: {id, op, ...} -> {id, type: 'progress'|'result'|'error'}.
import init, { inspect, ingest, readCustomerTable, readProductTable, version, wasmMemoryBytes } from '../pkg/shopscope.js';

const ready = init({ module_or_path: new URL('../pkg/shopscope_bg.wasm', import.meta.url) });
let bytes = null;
let dataset = null;
let table = null;
let products = null;
let recommender = null;
let itemsets = null;

async function toBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source === 'string') return new TextEncoder().encode(source);
  if (source && typeof source.arrayBuffer === 'function') return new Uint8Array(await source.arrayBuffer());
  throw Object.assign(new Error('load() takes a File, Blob, ArrayBuffer, Uint8Array or string'), { code: 'invalid_option' });
}

function needBytes() {
  if (!bytes) throw Object.assign(new Error('no file is loaded: call load() first'), { code: 'invalid_option' });
  return bytes;
}

function dropDataset() {
  if (itemsets) itemsets.free();
  if (recommender) recommender.free();
  if (dataset) dataset.free();
  itemsets = null;
  recommender = null;
  dataset = null;
}

function needDataset() {
  if (!dataset) throw Object.assign(new Error('read a file first: call ingest()'), { code: 'invalid_option' });
  return dataset;
}

function needRecommender() {
  if (!recommender) throw Object.assign(new Error('fit a recommender first: call recommender()'), { code: 'invalid_option' });
  return recommender;
}

function progressOf(msg) {
  return (stage, fraction) => {
    self.postMessage({ id: msg.id, type: 'progress', stage, fraction });
    return true;
  };
}

const ops = {
  async load(msg) {
    dropDataset();
    bytes = await toBytes(msg.source);
    return { size: bytes.length, inspection: inspect(bytes, msg.options) };
  },
  inspect(msg) {
    return inspect(needBytes(), msg.options);
  },
  ingest(msg) {
    dropDataset();
    const started = performance.now();
    dataset = ingest(needBytes(), msg.options, progressOf(msg));
    return { report: dataset.report, millis: performance.now() - started, wasmMemoryBytes: wasmMemoryBytes() };
  },
  segment(msg) {
    if (!dataset) throw Object.assign(new Error('read a file first: call ingest()'), { code: 'invalid_option' });
    const started = performance.now();
    const result = dataset.segment(msg.rfm, msg.kmeans, progressOf(msg));
    return { ...result, millis: performance.now() - started };
  },
  lifetimeValue(msg) {
    const started = performance.now();
    const result = needDataset().lifetimeValue(msg.options, progressOf(msg));
    return { ...result, millis: performance.now() - started };
  },
  async loadTable(msg) {
    if (table) table.free();
    table = null;
    table = readCustomerTable(await toBytes(msg.source), msg.options);
    return table.summary;
  },
  segmentTable(msg) {
    if (!table) throw Object.assign(new Error('load a customer table first'), { code: 'invalid_option' });
    const started = performance.now();
    const result = table.segment(msg.params, progressOf(msg));
    return { ...result, millis: performance.now() - started };
  },
  async loadProducts(msg) {
    if (products) products.free();
    products = null;
    products = readProductTable(await toBytes(msg.source), msg.options);
    return products.summary;
  },
  mine(msg) {
    if (!dataset) throw Object.assign(new Error('read a file first: call ingest()'), { code: 'invalid_option' });
    if (itemsets) itemsets.free();
    itemsets = null;
    const started = performance.now();
    const { itemColumn, ...options } = msg.options ?? {};
    if (itemColumn) {
      if (!products) throw Object.assign(new Error('itemColumn needs a product table: call loadProductTable() first'), { code: 'invalid_option' });
      itemsets = dataset.mineItemsetsBy(products, itemColumn, options, progressOf(msg));
    } else {
      itemsets = dataset.mineItemsets(options, progressOf(msg));
    }
    return { ...itemsets.summary, millis: performance.now() - started };
  },
  rules(msg) {
    if (!itemsets) throw Object.assign(new Error('find itemsets first: call mine()'), { code: 'invalid_option' });
    return itemsets.rules(msg.options);
  },
  recommender(msg) {
    const data = needDataset();
    if (recommender) recommender.free();
    recommender = null;
    const started = performance.now();
    recommender = data.recommender(msg.options, progressOf(msg));
    return { ...recommender.summary, customerIds: recommender.customerIds(), millis: performance.now() - started };
  },
  recommend(msg) {
    return needRecommender().recommend(String(msg.customer), msg.options);
  },
  similar(msg) {
    return needRecommender().similar(String(msg.product), msg.n);
  },
  exportRecommendations(msg) {
    return needRecommender().exportCsv(msg.options);
  },
  together(msg) {
    return needDataset().boughtTogether(msg.products.map(String), msg.options);
  },
  evaluate(msg) {
    const started = performance.now();
    const result = needDataset().evaluateRecommendations(msg.options, progressOf(msg));
    return { ...result, millis: performance.now() - started };
  },
  version() {
    return version();
  },
};

self.onmessage = async ({ data: msg }) => {
  try {
    await ready;
    const op = ops[msg.op];
    if (!op) throw Object.assign(new Error(`unknown operation ${msg.op}`), { code: 'invalid_option' });
    self.postMessage({ id: msg.id, type: 'result', result: await op(msg) });
  } catch (e) {
    self.postMessage({ id: msg.id, type: 'error', error: { code: e?.code ?? 'internal', message: e?.message ?? String(e) } });
  }
};
