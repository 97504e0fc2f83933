// The state one analysis session keeps next to the wasm module (the loaded file's bytes, the dataset, the
// fitted models and side tables), and the one runner of every operation of the registry (analyses.js). It
// runs inside the Web Worker (worker.js) or, for Node and tests, in the calling thread
// (ShopScope.inThisThread).
import { STATES, operation, withDerived } from './analyses.js';
import { fail } from './errors.js';

/** @typedef {import('./analyses.js').StateName} StateName */

export class Engine {
  /** @type {import('./analyses.js').EngineState} */
  #state;

  /** @param {any} wasm the initialised module of wasm-pack's glue (inspect, ingest, loadCustomerTable, ...) */
  constructor(wasm) {
    this.#state = { wasm, file: null, dataset: null, itemsets: null, recommender: null, products: null, customers: null };
  }

  /**
   * Runs operation `name` on the message fields of its call; `progress(stage, fraction)` cancels the run by
   * returning false.
   * @param {string} name
   * @param {any} message
   * @param {import('./analyses.js').Progress} progress
   */
  async run(name, message, progress) {
    const op = operation(name);
    for (const need of op.needs ?? []) {
      if (!this.#state[need]) throw fail('invalid_option', STATES[need].missing ?? `no ${need}`);
    }
    // What the operation makes again replaces the old one, and what was made from the old one goes too.
    if (op.keeps) this.#drop(op.keeps);
    if (!op.timed) return op.run(this.#state, message, progress);
    const started = performance.now();
    const result = await op.run(this.#state, message, progress);
    return { ...result, millis: performance.now() - started };
  }

  /** @param {StateName} state */
  #drop(state) {
    for (const s of withDerived(state)) {
      this.#state[s]?.free?.();
      this.#state[s] = null;
    }
  }

  /** Frees everything the session holds in wasm memory. */
  reset() {
    for (const s of /** @type {StateName[]} */ (Object.keys(STATES))) this.#drop(s);
  }
}
