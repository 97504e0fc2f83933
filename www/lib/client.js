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
 * Stable error codes a UI can switch on: the core's; the environment's, with the `url` that failed and, for
 * `blocked_by_csp`, the policy's `directive`: 'worker_load' (no worker script at that URL, or one that does
 * not run), 'wasm_load' (the wasm module could not be fetched or compiled), 'blocked_by_csp' (the page's
 * Content-Security-Policy forbids the worker or the wasm), 'unsupported' (no Web Worker here, and no way to
 * run in this thread); and 'internal' (the worker failed unexpectedly: a bug, please report it with the
 * message).
 * @typedef {import('./types.js').ErrorCode | 'worker_load' | 'wasm_load' | 'blocked_by_csp' | 'unsupported' | 'internal'} ErrorCode
 */
/**
 * recommendMany()'s result: one entry per recommendation in each column, customers in the order asked,
 * each one's products best first (`rank` 1, 2, ...); `known` false: the customer has no purchase in the
 * file, so the list is the most popular products.
 * @typedef {object} ManyRecommendations
 * @property {string[]} customer
 * @property {boolean[]} known
 * @property {number[]} rank
 * @property {string[]} product
 * @property {(string | null)[]} name
 * @property {string[]} label
 * @property {number[]} score
 * @property {boolean[]} popular
 * @property {import('./types.js').Why[]} why
 */

/**
 * Rows of a result held as columns (every field an array, or a typed array, of one length), for a table:
 * `rowsOf(await scope.recommendMany('all'))` gives `[{ customer, rank, product, ... }, ...]`; `rowsOf(
 * segments.rfm.customers)` one object per customer. Fields that are not arrays of that length are left out.
 * @template {Record<string, ArrayLike<unknown>>} C
 * @param {C} columns
 * @returns {{ [K in keyof C]: C[K][number] }[]}
 */
export function rowsOf(columns) {
  const entries = Object.entries(columns).filter(([, v]) => Array.isArray(v) || ArrayBuffer.isView(v));
  const length = Math.max(0, ...entries.map(([, v]) => v.length));
  const kept = entries.filter(([, v]) => v.length === length);
  return Array.from({ length }, (_, i) => /** @type {any} */ (Object.fromEntries(kept.map(([k, v]) => [k, v[i]]))));
}

/**
 * One call waiting for, or run by, the worker; `settle` ends it with an error, or with its result.
 * @typedef {object} Call
 * @property {number} id
 * @property {string} name
 * @property {object} message
 * @property {RunOptions['onProgress']} onProgress
 * @property {(error: ShopScopeError | typeof RESTARTED | undefined, result?: any) => void} settle
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
 * @property {AbortSignal} [signal] aborting it rejects this call, and only this one, with code 'cancelled'
 *   (the signal's reason as the error's `cause`). A call still waiting for the worker is dropped; the running
 *   one stops the worker at once, and a new one takes the other calls (after making again what they need:
 *   a 'restart' event says so)
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
   * @param {{ url?: string, directive?: string, cause?: unknown }} [details] what an environment error names
   *   (the URL that failed, the blocking directive); a cancel's `cause` is its signal's reason
   */
  constructor(code, message, { url, directive, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ShopScopeError';
    /** @readonly */
    this.code = code;
    /** The URL that failed to load (environment errors). @readonly */
    this.url = url;
    /** The Content-Security-Policy directive that blocked it ('blocked_by_csp'). @readonly */
    this.directive = directive;
  }
}

/** A cancelled call's error, with `signal`'s reason as its cause. @param {AbortSignal} [signal] */
const cancelled = (signal) => new ShopScopeError('cancelled', 'cancelled', { cause: signal?.reason });

/** Thrown to a call that waited for a worker which has since been replaced: it is made again on the new one. */
const RESTARTED = Symbol('restarted');

/**
 * The glue, initialised in this thread. Without `wasm`, the module next to it: fetched, or in Node (which
 * cannot fetch a file URL) read from disk.
 * @param {BufferSource | WebAssembly.Module | URL | string | Response} [wasm]
 */
async function glueHere(wasm) {
  const glue = await import('../pkg/shopscope.js');
  const url = new URL('../pkg/shopscope_bg.wasm', import.meta.url);
  // Node's own modules reached at run time, so that no bundler tries to pack them for a browser.
  const node = /** @type {any} */ (globalThis).process?.getBuiltinModule;
  const module = wasm ?? (node && url.protocol === 'file:' ? node('fs').readFileSync(node('url').fileURLToPath(url)) : url);
  await glue.default({ module_or_path: module });
  return glue;
}

/**
 * The environment error of a Worker that could not be made.
 * @param {unknown} e what `new Worker` (or the createWorker option) threw
 * @param {string} url
 */
function workerError(e, url) {
  const { name, message } = /** @type {Error} */ (e);
  if (name === 'SecurityError' || /Trusted/.test(message ?? '')) {
    const directive = /Trusted/.test(message) ? 'require-trusted-types-for' : 'worker-src';
    const fix = directive === 'worker-src' ? `allow its origin in worker-src` : 'make the worker from a TrustedScriptURL of your policy (the createWorker option)';
    return new ShopScopeError('blocked_by_csp', `the Content-Security-Policy (${directive}) does not allow the analysis worker ${url}: ${fix}`, { url, directive });
  }
  return new ShopScopeError('worker_load', `the analysis worker ${url} could not be started: ${message ?? e}`, { url });
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
export class ShopScope extends EventTarget {
  /** @type {string | URL | undefined} */
  #workerUrl;
  /** @type {string | URL | undefined} */
  #wasmUrl;
  /** @type {(() => Worker) | undefined} */
  #createWorker;
  /** @type {Worker | null} */
  #worker = null;
  /** Whether the current worker has answered: a failure before that is its script failing to load. */
  #answered = false;
  /** The in-thread engine, when made by inThisThread() (or where there is no Worker). @type {Engine | null} */
  #engine = null;
  /** The in-thread engine being made, for the first calls where there is no Worker. @type {Promise<Engine> | null} */
  #loadingHere = null;
  /** Calls waiting for the worker, in order. @type {Call[]} */
  #queue = [];
  /** The call the worker runs (one at a time, so that cancelling one can leave the others). @type {Call | null} */
  #running = null;
  #nextId = 1;
  /**
   * The call that made each state the session holds, so that a new worker (after a cancel) can be given it
   * again. @type {Map<import('./analyses.js').StateName, {name: string, message: object}>}
   */
  #made = new Map();
  /** The states the current worker (or engine) holds. @type {Set<import('./analyses.js').StateName>} */
  #held = new Set();

  /**
   * @param {{ workerUrl?: string | URL, wasmUrl?: string | URL, createWorker?: () => Worker }} [options]
   *   `workerUrl`: where worker.js is served, if not next to this module; `createWorker`: makes the worker
   *   yourself (a bundler's worker import, a Worker of your own URL); `wasmUrl`: where the worker finds
   *   shopscope_bg.wasm, if not next to the glue. Where there is no Worker (Node), calls run in this thread.
   */
  constructor({ workerUrl, wasmUrl, createWorker } = {}) {
    super();
    this.#workerUrl = workerUrl;
    this.#wasmUrl = wasmUrl;
    this.#createWorker = createWorker;
  }

  /**
   * The same API without a worker, for a worker of your own or tests: calls block the thread they run in.
   * `wasm`: the module's bytes, a WebAssembly.Module, a URL or a Response (default: next to the glue,
   * fetched, or read from disk in Node).
   * @param {{ wasm?: BufferSource | WebAssembly.Module | URL | string | Response }} [options]
   * @returns {Promise<ShopScope>}
   */
  static async inThisThread({ wasm } = {}) {
    const scope = new ShopScope();
    scope.#engine = new Engine(await glueHere(wasm));
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
   * null/undefined (empty). Resolves as load(). `columns` and `mapping` name keys of the records (a
   * misspelled one does not type-check).
   * @template {object} R
   * @param {readonly R[]} records
   * @param {Omit<import('./types.js').IngestOptions, 'mapping'> & { columns?: (keyof R & string)[], mapping?: { [role in import('./types.js').Role]?: (keyof R & string) | null } }} [options]
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
   * `kmeans` of the result is null exactly when `kmeans: false` was asked.
   * @template {import('./types.js').KMeansParams | false | undefined} [K=undefined]
   * @param {{ rfm?: import('./types.js').RfmParams, kmeans?: K }} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<Timed<Omit<import('./types.js').SegmentResult, 'kmeans'> & { kmeans: K extends false ? null : import('./types.js').Segmentation }>>}
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
   * Top-N for many customers in one call, as columns with a row per recommendation (customer `customer[i]`,
   * its `rank[i]`-th product `product[i]`...): what a table of every customer needs, without a round trip
   * per row. `rowsOf(result)` turns it into row objects.
   * @param {(string | number)[] | 'all'} customers  ids, or every customer the recommender knows
   * @param {import('./types.js').RecommendParams} [options]
   * @param {RunOptions} [run]
   * @returns {Promise<ManyRecommendations>}
   */
  recommendMany(customers, options, run) {
    return this.#run('recommendMany', { customers, options }, run);
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
    if (!this.#engine && typeof Worker === 'undefined') this.#engine = await (this.#loadingHere ??= this.#engineHere());
    for (;;) {
      try {
        await this.#restore(op, signal);
        if (op.keeps) this.#forget(op.keeps);
        const result = await this.#call(name, message, { onProgress, signal });
        if (op.keeps) {
          this.#made.set(op.keeps, { name, message });
          this.#held.add(op.keeps);
        }
        return result;
      } catch (e) {
        // Another call was cancelled while this one waited: the new worker is given what it needs first.
        if (e !== RESTARTED) throw e;
      }
    }
  }

  /** This thread's engine, for where there is no Worker (Node, a server render). */
  async #engineHere() {
    try {
      return new Engine(await glueHere(this.#wasmUrl));
    } catch (e) {
      throw new ShopScopeError('unsupported', `no Web Worker here, and the analysis module could not be loaded in this thread: ${/** @type {Error} */ (e).message ?? e}`);
    }
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

  /**
   * Stops the worker and forgets what it held; returns the call it ran and those waiting, for the caller to
   * settle.
   * @returns {[Call | null, Call[]]}
   */
  #dropWorker() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#held.clear();
    const running = this.#running;
    this.#running = null;
    return [running, this.#queue.splice(0)];
  }

  /** Stops the worker: the running call and the waiting ones get `error`. @param {ShopScopeError} error */
  #stop(error) {
    this.#engine?.reset();
    const [running, waiting] = this.#dropWorker();
    for (const call of [...(running ? [running] : []), ...waiting]) call.settle(error);
  }

  /**
   * Stops the worker that runs a cancelled call: that call gets `error`; the waiting ones go back to #run,
   * which makes their state again on a new worker.
   * @param {ShopScopeError} error
   */
  #restart(error) {
    const [running, waiting] = this.#dropWorker();
    for (const call of waiting) call.settle(RESTARTED);
    running?.settle(error);
    this.dispatchEvent(new Event('restart'));
  }

  #spawn() {
    if (this.#worker) return this.#worker;
    const url = String(this.#workerUrl ?? new URL('./worker.js', import.meta.url));
    let worker;
    try {
      // Written out in full so that bundlers (webpack 5, Vite, Parcel) see the worker and bundle it.
      worker = this.#createWorker
        ? this.#createWorker()
        : this.#workerUrl
          ? new Worker(this.#workerUrl, { type: 'module' })
          : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    } catch (e) {
      throw workerError(e, url);
    }
    this.#answered = false;
    worker.onmessage = ({ data }) => {
      this.#answered = true;
      const call = this.#running;
      if (!call || data.id !== call.id) return;
      if (data.type === 'progress') {
        call.onProgress?.(data.fraction, data.stage);
        return;
      }
      this.#running = null;
      const { code, message, ...details } = data.error ?? {};
      call.settle(data.type === 'result' ? undefined : new ShopScopeError(code, message, details), data.result);
      this.#pump();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#stop(this.#answered
        ? new ShopScopeError('internal', `the analysis worker failed: ${event.message || 'unknown error'}`)
        : new ShopScopeError('worker_load', `the analysis worker could not be loaded from ${url}: ${event.message || 'nothing runnable there'}. ` +
          "Serve lib/worker.js there or give its URL (workerUrl, createWorker); Vite's dev server needs optimizeDeps: { exclude: ['shopscope'] }", { url }));
    };
    this.#worker = worker;
    return worker;
  }

  /** Posts the next waiting call, when none runs. */
  #pump() {
    if (this.#running || this.#queue.length === 0) return;
    const call = /** @type {Call} */ (this.#queue.shift());
    let worker;
    try {
      worker = this.#spawn();
    } catch (e) {
      call.settle(/** @type {ShopScopeError} */ (e));
      this.#pump();
      return;
    }
    this.#running = call;
    worker.postMessage({ id: call.id, name: call.name, message: call.message, wasmUrl: this.#wasmUrl && String(this.#wasmUrl) });
  }

  /**
   * Sends one operation to the worker (or runs it here).
   * @param {string} name
   * @param {object} message
   * @param {RunOptions} run
   * @returns {Promise<any>}
   */
  #call(name, message, { onProgress, signal }) {
    if (signal?.aborted) return Promise.reject(cancelled(signal));
    if (this.#engine) return this.#callHere(this.#engine, name, message, onProgress, signal);
    return new Promise((resolve, reject) => {
      /** @type {Call} */
      const call = {
        id: this.#nextId++,
        name,
        message,
        onProgress,
        settle: (error, result) => {
          signal?.removeEventListener('abort', onAbort);
          if (error === undefined) resolve(result);
          else reject(error);
        },
      };
      // A worker busy in wasm cannot read messages, so cancelling the running call means stopping it.
      const onAbort = () => {
        if (this.#running === call) this.#restart(cancelled(signal));
        else if (this.#queue.includes(call)) {
          this.#queue.splice(this.#queue.indexOf(call), 1);
          call.settle(cancelled(signal));
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(call);
      this.#pump();
    });
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
      const { code, message: text, ...details } = describeError(e);
      throw code === 'cancelled' ? cancelled(signal) : new ShopScopeError(code, text, details);
    }
  }
}
