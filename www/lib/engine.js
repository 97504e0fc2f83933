// The state one analysis session keeps next to the wasm module (the loaded file's bytes, the dataset, the
// fitted models) and one method per operation of the JS API. It runs inside the Web Worker (worker.js) or,
// for Node and tests, in the calling thread (ShopScope.inThisThread). Methods take the message fields of
// the call and a `progress(stage, fraction)` function that cancels the run by returning false.
import { fail } from './errors.js';
import { recordsToCsv } from './records.js';

// The file's bytes are copied into the wasm module's memory, which cannot pass 4 GB; past this size there is
// no room left for the model. Files just under it are refused by the reader's own memory estimate.
const MAX_FILE_BYTES = 3 * 2 ** 30;

function checkSize(bytes) {
  if (bytes > MAX_FILE_BYTES) {
    const gb = (n) => (n / 2 ** 30).toFixed(1);
    throw fail('too_large', `this file is ${gb(bytes)} GB; a page can read files up to ${gb(MAX_FILE_BYTES)} GB ` +
      '(a browser gives it 4 GB of memory for the data and the results). Split it into smaller files, by date range for example');
  }
}

async function toBytes(source) {
  checkSize(source?.size ?? source?.byteLength ?? 0);
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof source === 'string') return new TextEncoder().encode(source);
  if (source && typeof source.arrayBuffer === 'function') return new Uint8Array(await source.arrayBuffer());
  throw fail('invalid_option', 'load() takes a File, Blob, ArrayBuffer, typed array, ReadableStream or CSV text');
}

const timed = (run) => {
  const started = performance.now();
  const result = run();
  return { ...result, millis: performance.now() - started };
};

export class Engine {
  #wasm;
  #bytes = null;
  #dataset = null;
  #table = null;
  #products = null;
  #recommender = null;
  #itemsets = null;

  /** `wasm`: the initialised module of wasm-pack's glue (inspect, ingest, readCustomerTable, ...). */
  constructor(wasm) {
    this.#wasm = wasm;
  }

  #dropDataset() {
    this.#itemsets?.free();
    this.#recommender?.free();
    this.#dataset?.free();
    this.#itemsets = null;
    this.#recommender = null;
    this.#dataset = null;
  }

  #needBytes() {
    if (!this.#bytes) throw fail('invalid_option', 'no file is loaded: call load() first');
    return this.#bytes;
  }

  #needDataset() {
    if (!this.#dataset) throw fail('invalid_option', 'read a file first: call ingest()');
    return this.#dataset;
  }

  #needRecommender() {
    if (!this.#recommender) throw fail('invalid_option', 'fit a recommender first: call recommender()');
    return this.#recommender;
  }

  async load({ source, records, columns, options }) {
    this.#dropDataset();
    this.#bytes = null;
    this.#bytes = records ? new TextEncoder().encode(recordsToCsv(records, columns)) : await toBytes(source);
    return { size: this.#bytes.length, inspection: this.#wasm.inspect(this.#bytes, options) };
  }

  inspect({ options }) {
    return this.#wasm.inspect(this.#needBytes(), options);
  }

  ingest({ options }, progress) {
    this.#dropDataset();
    return timed(() => {
      this.#dataset = this.#wasm.ingest(this.#needBytes(), options, progress);
      if (this.#products) this.#dataset.nameProducts(this.#products);
      return { report: this.#dataset.report, wasmMemoryBytes: this.#wasm.wasmMemoryBytes() };
    });
  }

  segment({ rfm, kmeans }, progress) {
    const data = this.#needDataset();
    return timed(() => data.segment(rfm, kmeans, progress));
  }

  lifetimeValue({ options }, progress) {
    const data = this.#needDataset();
    return timed(() => data.lifetimeValue(options, progress));
  }

  async loadTable({ source, options }) {
    this.#table?.free();
    this.#table = null;
    this.#table = this.#wasm.readCustomerTable(await toBytes(source), options);
    return this.#table.summary;
  }

  segmentTable({ params }, progress) {
    if (!this.#table) throw fail('invalid_option', 'load a customer table first: call loadCustomerTable()');
    return timed(() => this.#table.segment(params, progress));
  }

  async loadProducts({ source, options }) {
    this.#products?.free();
    this.#products = null;
    this.#products = this.#wasm.readProductTable(await toBytes(source), options);
    // Products are named from the table in what is made from now on (recommender, bought together, rules).
    this.#dataset?.nameProducts(this.#products);
    return this.#products.summary;
  }

  mine({ options }, progress) {
    const data = this.#needDataset();
    this.#itemsets?.free();
    this.#itemsets = null;
    const { itemColumn, ...rest } = options ?? {};
    return timed(() => {
      if (itemColumn) {
        if (!this.#products) throw fail('invalid_option', 'itemColumn needs a product table: call loadProductTable() first');
        this.#itemsets = data.mineItemsetsBy(this.#products, itemColumn, rest, progress);
      } else {
        this.#itemsets = data.mineItemsets(rest, progress);
      }
      return this.#itemsets.summary;
    });
  }

  rules({ options }) {
    if (!this.#itemsets) throw fail('invalid_option', 'find itemsets first: call mine()');
    return this.#itemsets.rules(options);
  }

  recommender({ options }, progress) {
    const data = this.#needDataset();
    this.#recommender?.free();
    this.#recommender = null;
    return timed(() => {
      this.#recommender = data.recommender(options, progress);
      return { ...this.#recommender.summary, customerIds: this.#recommender.customerIds() };
    });
  }

  recommend({ customer, options }) {
    return this.#needRecommender().recommend(String(customer), options);
  }

  similar({ product, n }) {
    return this.#needRecommender().similar(String(product), n);
  }

  exportRecommendations({ options }) {
    return this.#needRecommender().exportCsv(options);
  }

  together({ products, options }) {
    return this.#needDataset().boughtTogether(products.map(String), options);
  }

  evaluate({ options }, progress) {
    const data = this.#needDataset();
    return timed(() => data.evaluateRecommendations(options, progress));
  }

  version() {
    return this.#wasm.version();
  }

  /** Frees everything the session holds in wasm memory. */
  reset() {
    this.#dropDataset();
    this.#table?.free();
    this.#products?.free();
    this.#table = null;
    this.#products = null;
    this.#bytes = null;
  }
}
