// The JS API of shopscope (the npm package's main entry; its types are generated from this file's JSDoc,
// with the result types of types.d.ts). Every call runs in a Web Worker, so the page never freezes; the demo
// page uses exactly this API, as an embedding CRM would. `ShopScope.inThisThread()` gives the same API
// without a worker (Node, tests). Each method is one operation of the registry (analyses.js), under the
// same name in the worker and the wasm.
//
//   import { ShopScope } from 'shopscope';
//   const scope = new ShopScope();
//   const { inspection } = await scope.load(file);          // File, Blob, buffer, stream or CSV text
//   const { report } = await scope.ingest({ dateOrder: 'dmy' }, { onProgress: (f) => bar.value = f, signal });
import { operation, withDerived } from './analyses.js';
import { Engine } from './engine.js';
import { describeError } from './errors.js';

// The core's shapes, named after its Rust types; what this API adds to them is declared here.
export * from './types.js';

/**
 * Stable error codes a UI can switch on: the core's, and 'internal' (the worker failed unexpectedly: a bug,
 * please report it with the message).
 * @typedef {import('./types.js').ErrorCode | 'internal'} ErrorCode
 */
/**
 * What load() and the table loads read.
 * @typedef {File | Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | Response | string} Source
 */
/**
 * The values a record given to loadRecords() may hold (others are written with String() or as JSON).
 * @typedef {string | number | boolean | Date | null | undefined} RecordValue
 */
/**
 * Progress and cancellation for long calls.
 * @typedef {object} RunOptions
 * @property {(fraction: number, stage: string) => void} [onProgress] called as the work goes: `fraction` in
 *   0..1, `stage` names the step ("reading", "k = 4"...)
 * @property {AbortSignal} [signal] aborting it rejects the call with code 'cancelled' (in a worker: stops the
 *   worker at once)
 */
/**
 * @typedef {object} LoadResult
 * @property {number} size bytes of CSV text loaded
 * @property {import('./types.js').Inspection} inspection
 */
/**
 * @typedef {object} IngestResult
 * @property {import('./types.js').IngestReport} report
 * @property {number} millis
 * @property {number} wasmMemoryBytes the wasm module's linear memory after reading (it only grows)
 */
/**
 * A result with the time its run took, in milliseconds.
 * @template T
 * @typedef {T & { millis: number }} Timed
 */
/**
 * The fitted recommender, with every customer it knows.
 * @typedef {Timed<import('./types.js').ModelSummary & { customerIds: string[] }>} RecommenderSummary
 */

/** An error with a stable `code` (e.g. 'empty', 'binary', 'mapping', 'no_usable_rows', 'cancelled'). */
export class ShopScopeError extends Error {
  /**
   * @param {ErrorCode} code
   * @param {string} message meant for people
   */
  constructor(code, message) {
    super(message);
    this.name = 'ShopScopeError';
    /** @readonly */
    this.code = code;
  }
}

/**
 * Reads a stream or a fetch Response to bytes here: neither can be posted to a worker.
 * @param {Source} source
 */
async function postable(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source;
  if (typeof (/** @type {any} */ (source))?.getReader === 'function') source = new Response(/** @type {ReadableStream} */ (source));
  if (typeof (/** @type {any} */ (source))?.arrayBuffer === 'function') return new Uint8Array(await /** @type {Response} */ (source).arrayBuffer());
  return source;
}

/**
 * One analysis session: a transactions file (plus optional product and customer tables) and the models
 * fitted on it. Calls run in a Web Worker and resolve to plain data.
 */
export class ShopScope {
  /** @type {string | URL | undefined} */
  #workerUrl;
  /** @type {Worker | null} */
  #worker = null;
  /** The in-thread engine, when made by inThisThread(). @type {Engine | null} */
  #engine = null;
  /** @type {Map<number, {resolve: (value: any) => void, reject: (error: ShopScopeError) => void, onProgress?: RunOptions['onProgress']}>} */
  #pending = new Map();
  #nextId = 1;
  /**
   * The call that made each state the session holds, so that a new worker (after a cancel) can be given it
   * again. @type {Map<import('./analyses.js').StateName, {name: string, message: object}>}
   */
  #made = new Map();
  /** The states the current worker (or engine) holds. @type {Set<import('./analyses.js').StateName>} */
  #held = new Set();

  /** @param {{ workerUrl?: string | URL }} [options] `workerUrl`: where worker.js is served, if not next to this module. */
  constructor({ workerUrl } = {}) {
    this.#workerUrl = workerUrl;
  }

  /**
   * The same API without a worker, for Node or a worker of your own: calls block the thread they run in.
   * `wasm`: the module's bytes, a WebAssembly.Module, a URL or a Response (default: fetched next to the
   * glue, which Node cannot do: pass the bytes of `shopscope/shopscope_bg.wasm` there).
   * @param {{ wasm?: BufferSource | WebAssembly.Module | URL | string | Response }} [options]
   * @returns {Promise<ShopScope>}
   */
  static async inThisThread({ wasm } = {}) {
    const glue = await import('../pkg/shopscope.js');
    await glue.default({ module_or_path: wasm ?? new URL('../pkg/shopscope_bg.wasm', import.meta.url) });
    const scope = new ShopScope();
    scope.#engine = new Engine(glue);
    return scope;
  }

  /**
   * Loads a file and detects how to read it. `source`: File, Blob, ArrayBuffer, typed array, ReadableStream,
   * fetch Response or CSV text.
   * @param {Source} source
   * @param {import('./types.js').IngestOptions} [options]
   * @returns {Promise<LoadResult>}
   */
  async load(source, options) {
    return this.#run('load', { source: await postable(source), options });
  }

  /**
   * Loads an array of records (plain objects, e.g. from your own API) as if it were a CSV file with their
   * keys as columns (or `columns`, in that order). Values: strings, numbers, booleans, Dates (as ISO 8601),
   * null/undefined (empty). Resolves as load().
   * @param {readonly object[]} records
   * @param {import('./types.js').IngestOptions & { columns?: string[] }} [options]
   * @returns {Promise<LoadResult>}
   */
  loadRecords(records, { columns, ...options } = {}) {
    return this.#run('load', { records, columns, options });
  }

  /**
   * Re-detects the layout of the loaded file with other options (delimiter, header, mapping...).
   * @param {import('./types.js').IngestOptions} [options]
   * @returns {Promise<import('./types.js').Inspection>}
   */
  inspect(options) {
    return this.#run('inspect', { options });
  }

  /**
   * Reads the whole loaded file, with the options given to load() unless `options` overrides them.
   * `onProgress(fraction, stage)` is called as it goes; aborting `signal` stops the worker at once.
   * @param {import('./types.js').IngestOptions} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<IngestResult>}
   */
  ingest(options, run) {
    return this.#run('ingest', { options: this.#withLoadOptions(options) }, run);
  }

  /**
   * Customer segments of the last ingested file: RFM scores and named segments, plus k-means clusters
   * (pass `kmeans: false` to skip them). Per-customer results are typed-array columns:
   * rfm.customers.{recencyDays, frequency, monetary, ..., r, f, m, segment}, kmeans.labels (Uint32Array).
   * @param {{ rfm?: import('./types.js').RfmParams, kmeans?: import('./types.js').KMeansParams | false }} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<Timed<import('./types.js').SegmentResult>>}
   */
  segment({ rfm, kmeans } = {}, run) {
    return this.#run('segment', { rfm, kmeans }, run);
  }

  /**
   * Lifetime value and churn of the last ingested file's customers: BG/NBD (future purchases, P(alive)) and
   * Gamma-Gamma (spend per purchase), discounted over a horizon with parameter-uncertainty intervals; one
   * typed array per field of `customers` (customer i is customerIds[i]).
   * @param {import('./types.js').ClvParams} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<Timed<import('./types.js').Clv>>}
   */
  lifetimeValue(options, run) {
    return this.#run('lifetimeValue', { options }, run);
  }

  /**
   * Frequent itemsets of the last ingested file's baskets, kept in the worker for rules(). With
   * `itemColumn` (a column of the table given to loadProductTable, e.g. 'product_category') items are that
   * column's values instead of products.
   * @param {import('./types.js').MiningParams} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<Timed<import('./types.js').ItemsetSummary>>}
   */
  mine(options, run) {
    return this.#run('mine', { options }, run);
  }

  /**
   * Rules from the last mined itemsets, with item names and every metric (support, confidence, lift,
   * leverage, conviction: null when infinite, zhang), filtered and sorted.
   * @param {import('./types.js').RuleParams} [options]
   * @returns {Promise<import('./types.js').RulesResult>}
   */
  rules(options) {
    return this.#run('rules', { options });
  }

  /**
   * Fits the recommender on every purchase of the last ingested file, kept in the worker for the calls
   * below. By default (`model: 'auto'`) it compares the next-basket models and the baselines on each
   * customer's second-to-last basket and keeps the best, scored beside the baselines on the last basket
   * (`test`); `model: 'itemKnn'` (or a file with too few repeat customers) fits item-kNN.
   * @param {import('./types.js').RecommenderParams} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<RecommenderSummary>}
   */
  recommender(options, run) {
    return this.#run('recommender', { options }, run);
  }

  /**
   * Top-N for one customer id. An unknown customer (known: false) gets the most popular products.
   * @param {string | number} customer
   * @param {import('./types.js').RecommendParams} [options]
   * @returns {Promise<import('./types.js').ForCustomer>}
   */
  recommend(customer, options) {
    return this.#run('recommend', { customer, options });
  }

  /**
   * The products most like one, by who bought them (item-kNN's similarities: fit `recommender({ model:
   * 'itemKnn' })` first; the next-basket models refuse with invalid_option).
   * @param {string | number} product
   * @param {number} [n]
   * @returns {Promise<import('./types.js').Related[]>}
   */
  similarProducts(product, n = 10) {
    return this.#run('similarProducts', { product, n });
  }

  /**
   * Top-N for every customer as CSV text (customer, rank, product_id, product_name, score, popular,
   * because: item-kNN's reasons' labels, or the next-basket reason in words).
   * @param {import('./types.js').RecommendParams} [options]
   * @returns {Promise<string>}
   */
  exportRecommendations(options) {
    return this.#run('exportRecommendations', { options });
  }

  /**
   * Products bought with any of `products` (ids) more often than chance, most often first.
   * @param {(string | number)[]} products
   * @param {import('./types.js').TogetherParams} [options]
   * @returns {Promise<import('./types.js').TogetherResult>}
   */
  boughtTogether(products, options) {
    return this.#run('boughtTogether', { products, options });
  }

  /**
   * Offline evaluation of the recommender beside popularity (and "what they bought most" when
   * excludeBought is false).
   * @param {import('./types.js').EvaluationParams} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<Timed<import('./types.js').Evaluation>>}
   */
  evaluateRecommendations(options, run) {
    return this.#run('evaluateRecommendations', { options }, run);
  }

  /**
   * Loads a products table (one row per product: category, department, brand...), whose columns mine()
   * can use as items, and whose nameColumn names products in the recommender, bought-together lists and
   * product-level rules made after it.
   * @param {Source} source
   * @param {import('./types.js').TableOptions} [options]
   * @returns {Promise<import('./types.js').ProductTableSummary>}
   */
  loadProductTable(source, options) {
    return this.#run('loadProductTable', { source, options });
  }

  /**
   * Loads a customer table (one row per customer: age, income, spend...), for clustering on its numeric
   * columns.
   * @param {Source} source
   * @param {import('./types.js').TableOptions} [options]
   * @returns {Promise<import('./types.js').TableSummary>}
   */
  loadCustomerTable(source, options) {
    return this.#run('loadCustomerTable', { source, options });
  }

  /**
   * k-means on the customer table's numeric columns.
   * @param {import('./types.js').TableParams} [params]
   * @param {RunOptions} [run]
   * @returns {Promise<Timed<import('./types.js').TableSegmentation>>}
   */
  segmentCustomerTable(params, run) {
    return this.#run('segmentCustomerTable', { params }, run);
  }

  /**
   * The wasm module's version.
   * @returns {Promise<string>}
   */
  version() {
    return this.#run('version', {});
  }

  /** Stops the worker (rejecting pending calls with 'cancelled') and frees its memory; the next call starts a fresh one. */
  terminate() {
    this.#stop(new ShopScopeError('cancelled', 'cancelled'));
  }

  /**
   * What was given to load() holds for ingest() too, unless overridden.
   * @param {import('./types.js').IngestOptions} [options]
   */
  #withLoadOptions(options) {
    const given = /** @type {{options?: import('./types.js').IngestOptions} | undefined} */ (this.#made.get('file')?.message)?.options;
    return given ? { ...given, ...options } : options;
  }

  /**
   * Runs operation `name`: first makes again, in a new worker, what it needs or uses; then keeps the call
   * that made its state (a failed or cancelled call keeps none: the engine dropped the old state too).
   * @param {string} name
   * @param {object} message
   * @param {RunOptions} [run]
   * @returns {Promise<any>}
   */
  async #run(name, message, { onProgress, signal } = {}) {
    const op = operation(name);
    await this.#restore(op, signal);
    if (op.keeps) this.#forget(op.keeps);
    const result = await this.#call(name, message, { onProgress, signal });
    if (op.keeps) {
      this.#made.set(op.keeps, { name, message });
      this.#held.add(op.keeps);
    }
    return result;
  }

  /**
   * After a cancel the worker is new: what `op` needs or uses is made again, once, by the call that made it
   * before. A state never made is left for the engine to say which call makes it.
   * @param {import('./analyses.js').Operation} op
   * @param {AbortSignal} [signal]
   */
  async #restore(op, signal) {
    for (const state of [...(op.needs ?? []), ...(op.uses ?? [])]) {
      const made = this.#made.get(state);
      if (this.#held.has(state) || !made) continue;
      await this.#restore(operation(made.name), signal);
      await this.#call(made.name, made.message, { signal });
      this.#held.add(state);
    }
  }

  /** @param {import('./analyses.js').StateName} state made again: it and what was made from it are no longer kept. */
  #forget(state) {
    for (const s of withDerived(state)) {
      this.#made.delete(s);
      this.#held.delete(s);
    }
  }

  /** @param {ShopScopeError} error */
  #stop(error) {
    this.#engine?.reset();
    if (this.#worker) this.#worker.terminate();
    this.#worker = null;
    this.#held.clear();
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of calls) call.reject(error);
  }

  #spawn() {
    if (this.#worker) return this.#worker;
    // Written out in full so that bundlers (webpack 5, Vite, Parcel) see the worker and bundle it.
    const worker = this.#workerUrl
      ? new Worker(this.#workerUrl, { type: 'module' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const call = this.#pending.get(data.id);
      if (!call) return;
      if (data.type === 'progress') {
        call.onProgress?.(data.fraction, data.stage);
        return;
      }
      this.#pending.delete(data.id);
      if (data.type === 'result') call.resolve(data.result);
      else call.reject(new ShopScopeError(data.error.code, data.error.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#stop(new ShopScopeError('internal', `the analysis worker failed: ${event.message || 'unknown error'}`));
    };
    this.#worker = worker;
    return worker;
  }

  /**
   * Sends one operation to the worker (or runs it here).
   * @param {string} name
   * @param {object} message
   * @param {RunOptions} run
   * @returns {Promise<any>}
   */
  #call(name, message, { onProgress, signal }) {
    if (signal?.aborted) return Promise.reject(new ShopScopeError('cancelled', 'cancelled'));
    if (this.#engine) return this.#callHere(this.#engine, name, message, onProgress, signal);
    const worker = this.#spawn();
    const id = this.#nextId++;
    // A worker busy in wasm cannot read messages, so cancelling means stopping it.
    const onAbort = () => this.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, name, message });
    }).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /**
   * In this thread, the run stops at its next progress report once `signal` is aborted.
   * @param {Engine} engine
   * @param {string} name
   * @param {object} message
   * @param {RunOptions['onProgress']} onProgress
   * @param {AbortSignal} [signal]
   */
  async #callHere(engine, name, message, onProgress, signal) {
    /** @type {import('./analyses.js').Progress} */
    const progress = (stage, fraction) => {
      onProgress?.(fraction, stage);
      return !signal?.aborted;
    };
    try {
      return await engine.run(name, message, progress);
    } catch (e) {
      const { code, message: text } = describeError(e);
      throw new ShopScopeError(code, text);
    }
  }
}
