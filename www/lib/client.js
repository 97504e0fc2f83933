// The JS API of shopscope (the npm package's main entry; types in client.d.ts). Every call runs in a Web
// Worker, so the page never freezes; the demo page uses exactly this API, as an embedding CRM would.
// `ShopScope.inThisThread()` gives the same API without a worker (Node, tests).
//
//   import { ShopScope } from 'shopscope';
//   const scope = new ShopScope();
//   const { inspection } = await scope.load(file);          // File, Blob, buffer, stream or CSV text
//   const { report } = await scope.ingest({ dateOrder: 'dmy' }, { onProgress: (f) => bar.value = f, signal });
import { Engine } from './engine.js';
import { describeError } from './errors.js';

/** An error with a stable `code` (e.g. 'empty', 'binary', 'mapping', 'no_usable_rows', 'cancelled'). */
export class ShopScopeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ShopScopeError';
    this.code = code;
  }
}

/** Reads a stream or a fetch Response to bytes here: neither can be posted to a worker. */
async function postable(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source;
  if (typeof source?.getReader === 'function') source = new Response(source);
  if (typeof source?.arrayBuffer === 'function') return new Uint8Array(await source.arrayBuffer());
  return source;
}

export class ShopScope {
  #workerUrl;
  #worker = null;
  /** The in-thread engine, when made by inThisThread(). */
  #engine = null;
  #pending = new Map();
  #nextId = 1;
  #source = null;
  #loadOptions = undefined;
  #loaded = false;
  #ingestOptions = null;
  #mineOptions = null;
  /** Side tables kept for a worker restart: {customers, products} -> {source, options, loaded}. */
  #tables = { customers: null, products: null };
  #recommenderOptions = null;

  /** `workerUrl`: where worker.js is served, if not next to this module. */
  constructor({ workerUrl } = {}) {
    this.#workerUrl = workerUrl;
  }

  /**
   * The same API without a worker, for Node or a worker of your own: calls block the thread they run in.
   * `wasm`: the module's bytes, a WebAssembly.Module, a URL or a Response (default: fetched next to the
   * glue, which Node cannot do: pass the bytes of `shopscope/shopscope_bg.wasm` there).
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
   * fetch Response or CSV text. Resolves to {size, inspection}.
   */
  async load(source, options) {
    return this.#loadFrom({ source: await postable(source) }, options);
  }

  /**
   * Loads an array of records (plain objects, e.g. from your own API) as if it were a CSV file with their
   * keys as columns (or `columns`, in that order). Values: strings, numbers, booleans, Dates (as ISO 8601),
   * null/undefined (empty). Resolves to {size, inspection}, as load().
   */
  async loadRecords(records, { columns, ...options } = {}) {
    return this.#loadFrom({ records, columns }, options);
  }

  async #loadFrom(what, options) {
    this.#source = what;
    this.#loadOptions = options;
    this.#ingestOptions = null;
    return this.#reload();
  }

  async #reload() {
    this.#loaded = false;
    const result = await this.#call('load', { ...this.#source, options: this.#loadOptions });
    this.#loaded = true;
    return result;
  }

  /** Re-detects the layout of the loaded file with other options (delimiter, header, mapping...). */
  async inspect(options) {
    await this.#ensureLoaded();
    return this.#call('inspect', { options });
  }

  /**
   * Reads the whole loaded file, with the options given to load() unless `options` overrides them. Resolves
   * to {report, millis, wasmMemoryBytes}.
   * `onProgress(fraction, stage)` is called as it goes; aborting `signal` stops the worker at once.
   */
  async ingest(options, { onProgress, signal } = {}) {
    await this.#ensureLoaded();
    this.#ingestOptions = null;
    this.#mineOptions = null;
    this.#recommenderOptions = null;
    // What was given to load() holds here too, unless overridden.
    if (this.#loadOptions) options = { ...this.#loadOptions, ...options };
    const result = await this.#call('ingest', { options }, { onProgress, signal });
    this.#ingestOptions = { options };
    return result;
  }

  /**
   * Customer segments of the last ingested file: RFM scores and named segments, plus k-means clusters
   * (pass `kmeans: false` to skip them). Resolves to
   * {rfm, summary, kmeans, customerIds, exportCsv, millis}; per-customer results are typed-array columns:
   * rfm.customers.{recencyDays, frequency, monetary, ..., r, f, m, segment}, kmeans.labels (Uint32Array).
   * rfm options: {analysisDate: 'YYYY-MM-DD'}; kmeans options: {features, k, minK, maxK, seed, runs, ...}.
   */
  async segment({ rfm, kmeans } = {}, { onProgress, signal } = {}) {
    await this.#ensureIngested(signal);
    return this.#call('segment', { rfm, kmeans }, { onProgress, signal });
  }

  /**
   * Lifetime value and churn of the last ingested file's customers: BG/NBD (future purchases, P(alive)) and
   * Gamma-Gamma (spend per purchase), discounted over a horizon with parameter-uncertainty intervals.
   * options: {calibrationEnd: 'YYYY-MM-DD' (later purchases are the holdout check; default: none),
   * timeUnitDays (7), horizonDays (365), annualDiscountRate (0.1), intervalDraws (100), intervalLevel (0.9),
   * seed (42), atRiskBelow (0.5)}. Resolves to {calibrationEnd, purchaseModel: {r, alpha, a, b},
   * purchaseFit: {logLikelihood, converged, message, limit, standardErrors, ...}, spendModel: {p, q, gamma} | null,
   * spendFit, spendNote, valueUnit: 'money'|'purchases', customers: {repeatPurchases, daysSinceLast, ageDays,
   * spend, pAlive, expectedPurchases, expectedSpend, value, valueLow, valueHigh, atRisk, holdoutPurchases}
   * (one typed array per field; customer i is customerIds[i]), customerIds, totals, holdout: {days,
   * actualTotal, predictedTotal, buckets} | null, aliveGrid, atRisk (indexes into the columns), exportCsv,
   * millis}.
   */
  async lifetimeValue(options, { onProgress, signal } = {}) {
    await this.#ensureIngested(signal);
    return this.#call('lifetimeValue', { options }, { onProgress, signal });
  }

  /**
   * Frequent itemsets of the last ingested file's baskets, kept in the worker for rules().
   * options: {minSupport (share; default: chosen from the data), minCount, maxLength, maxItemsets,
   * itemsetBudget, minBaskets, itemColumn}; with `itemColumn` (a column of the table given to
   * loadProductTable, e.g. 'product_category') items are that column's values instead of products. Resolves to
   * {baskets, items, minSupport, minCount, supportChosenBy: 'given'|'data', itemsets, bySize, coverage, millis};
   * coverage (with itemColumn): {column, products, productsWithoutValue, basketsWithoutValue}.
   */
  async mine(options, { onProgress, signal } = {}) {
    await this.#ensureIngested(signal);
    if (options?.itemColumn) await this.#ensureProducts();
    else await this.#ensureNames();
    this.#mineOptions = null;
    const result = await this.#call('mine', { options }, { onProgress, signal });
    this.#mineOptions = { options };
    return result;
  }

  /**
   * Rules from the last mined itemsets, with item names and every metric (support, confidence, lift,
   * leverage, conviction: null when infinite, zhang). options: {minConfidence, minLift, maxAntecedent,
   * maxConsequent, antecedentHas, consequentHas, anySideHas, antecedentLacks, consequentLacks,
   * sortBy: 'lift'|'confidence'|'support'|'leverage'|'conviction'|'zhang', top}. Resolves to {rules, exportCsv}.
   */
  async rules(options) {
    if (!this.#mineOptions) throw new ShopScopeError('invalid_option', 'no itemsets: call mine() first');
    if (!this.#loaded) {
      const again = this.#mineOptions;
      await this.#ensureIngested();
      if (again.options?.itemColumn) await this.#ensureProducts();
      else await this.#ensureNames();
      await this.#call('mine', again);
    }
    return this.#call('rules', { options });
  }

  /**
   * Fits the recommender (item-kNN) on every purchase of the last ingested file, kept in the worker.
   * options: {neighbours: 200, weighting: 'rp3Beta'|'bm25'|'tfIdf'|'cosine', alpha, beta, bm25K1, bm25B}.
   * Resolves to {customers, products, pairs, similarities, customerIds, millis}.
   */
  async recommender(options, { onProgress, signal } = {}) {
    await this.#ensureIngested(signal);
    await this.#ensureNames();
    this.#recommenderOptions = null;
    const result = await this.#call('recommender', { options }, { onProgress, signal });
    this.#recommenderOptions = { options };
    return result;
  }

  async #ensureRecommender() {
    if (!this.#recommenderOptions) throw new ShopScopeError('invalid_option', 'no recommender: call recommender() first');
    if (!this.#loaded) {
      const again = this.#recommenderOptions;
      await this.#ensureIngested();
      await this.#ensureNames();
      await this.#call('recommender', again);
    }
  }

  /**
   * Top-N for one customer id: {customer, known, bought, recommendations: [{product, name, label, score, popular,
   * repeatShare, because: [{product, name, label, share}]}]}. options: {n: 10, excludeBought: true, explain: 3,
   * repeatWeight: 2}. An unknown customer (known: false) gets the most popular products.
   */
  async recommend(customer, options) {
    await this.#ensureRecommender();
    return this.#call('recommend', { customer, options });
  }

  /** The products most like one, by who bought them: [{product, name, label, similarity}]. */
  async similarProducts(product, n = 10) {
    await this.#ensureRecommender();
    return this.#call('similar', { product, n });
  }

  /** Top-N for every customer as CSV text (customer, rank, product_id, product_name, score, popular, because). */
  async exportRecommendations(options) {
    await this.#ensureRecommender();
    return this.#call('exportRecommendations', { options });
  }

  /**
   * Products bought with any of `products` (ids) more often than chance, most often first:
   * {cartBaskets, items: [{product, name, label, count, confidence, lift}]}. options: {n: 10, minCount: 2}.
   */
  async boughtTogether(products, options) {
    await this.#ensureIngested();
    await this.#ensureNames();
    return this.#call('together', { products, options });
  }

  /**
   * Offline evaluation beside popularity: {k, users, trainPairs, testPairs, split, model: {precision, recall,
   * ndcg, map, hitRate, coverage}, popularity: {...}, buyAgain: {...} (when excludeBought is false) | null,
   * millis}. options: {split: 'lastOrder'|'random',
   * testShare: 0.2, seed: 42, k: 10, excludeBought: true, knn: {...}}.
   */
  async evaluateRecommendations(options, { onProgress, signal } = {}) {
    await this.#ensureIngested(signal);
    return this.#call('evaluate', { options }, { onProgress, signal });
  }

  /** After a cancel the worker is new: load and read the file again as it was read before. */
  async #ensureIngested(signal) {
    if (!this.#ingestOptions) throw new ShopScopeError('invalid_option', 'no file is read: call ingest() first');
    if (!this.#loaded) {
      const again = this.#ingestOptions;
      await this.#ensureLoaded();
      await this.#call('ingest', again, { signal });
    }
  }

  /**
   * Loads a products table (one row per product: category, department, brand...), whose columns mine()
   * can use as items, and whose nameColumn names products in the recommender, bought-together lists and
   * product-level rules made after it. Resolves to {idColumn, nameColumn, rows, columns: [{name, distinct,
   * missing}], duplicateIds}. options: {idColumn, delimiter}.
   */
  async loadProductTable(source, options) {
    return this.#loadTable('products', 'loadProducts', source, options);
  }

  async #ensureProducts() {
    await this.#ensureTable('products', 'loadProducts', 'itemColumn needs a product table: call loadProductTable() first');
  }

  /** A loaded products table names the products (after a restarted worker, it is sent again). */
  async #ensureNames() {
    if (this.#tables.products) await this.#ensureProducts();
  }

  /** Sends a side table to the worker (`op`) and keeps it, so that a new worker can be given it again. */
  async #loadTable(kind, op, source, options) {
    const kept = { source, options, loaded: false };
    this.#tables[kind] = kept;
    try {
      const summary = await this.#call(op, { source, options });
      kept.loaded = true;
      return summary;
    } catch (e) {
      // A table that cannot be read is not kept (the worker dropped its previous one), so that later calls
      // do not fail on it again; a cancelled load is sent again when needed.
      if (e.code !== 'cancelled' && this.#tables[kind] === kept) this.#tables[kind] = null;
      throw e;
    }
  }

  async #ensureTable(kind, op, missing) {
    const kept = this.#tables[kind];
    if (kept?.loaded) return;
    if (!kept) throw new ShopScopeError('invalid_option', missing);
    await this.#loadTable(kind, op, kept.source, kept.options);
  }

  /**
   * Loads a customer table (one row per customer: age, income, spend...). Resolves to
   * {idColumn, rows, numeric: [{name, banded, missing, keeps, byDefault}], otherColumns, duplicateIds}.
   * options: {idColumn, delimiter}.
   */
  async loadCustomerTable(source, options) {
    return this.#loadTable('customers', 'loadTable', source, options);
  }

  /**
   * k-means on the customer table's numeric columns. params: {columns, log, kmeans: {k, minK, maxK, seed, ...}}.
   * Resolves to {rows (Uint32Array), rowsMissingValues, kNote, segmentation, customerIds, values (a Float64Array
   * per chosen column), exportCsv, millis}.
   */
  async segmentCustomerTable(params, { onProgress, signal } = {}) {
    await this.#ensureTable('customers', 'loadTable', 'no customer table is loaded: call loadCustomerTable() first');
    return this.#call('segmentTable', { params }, { onProgress, signal });
  }

  /** The wasm module's version. */
  version() {
    return this.#call('version', {});
  }

  /** Stops the worker and frees its memory; the next call starts a fresh one. */
  terminate() {
    this.#stop(new ShopScopeError('cancelled', 'cancelled'));
  }

  #stop(error) {
    this.#engine?.reset();
    if (this.#worker) this.#worker.terminate();
    this.#worker = null;
    this.#loaded = false;
    for (const kept of Object.values(this.#tables)) if (kept) kept.loaded = false;
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of calls) call.reject(error);
  }

  async #ensureLoaded() {
    if (this.#loaded) return;
    if (this.#source === null) throw new ShopScopeError('invalid_option', 'no file is loaded: call load() first');
    // The worker was restarted (after a cancel): give it the file again.
    await this.#reload();
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

  #call(op, payload, { onProgress, signal } = {}) {
    if (signal?.aborted) return Promise.reject(new ShopScopeError('cancelled', 'cancelled'));
    if (this.#engine) return this.#callHere(op, payload, onProgress, signal);
    const worker = this.#spawn();
    const id = this.#nextId++;
    // A worker busy in wasm cannot read messages, so cancelling means stopping it.
    const onAbort = () => this.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, op, ...payload });
    }).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /** In this thread, the run stops at its next progress report once `signal` is aborted. */
  async #callHere(op, payload, onProgress, signal) {
    const progress = (stage, fraction) => {
      onProgress?.(fraction, stage);
      return !signal?.aborted;
    };
    try {
      return await this.#engine[op](payload, progress);
    } catch (e) {
      const { code, message } = describeError(e);
      throw new ShopScopeError(code, message);
    }
  }
}
