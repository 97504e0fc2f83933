// Every operation of the JS API, by analysis: one registry that the engine (engine.js) dispatches on and
// the client (client.js) reads to replay, after a restarted worker, what an operation needs. Each analysis
// module under analyses/ declares its operations:
//   name    the one name of the call: the client method, the worker message and the engine's dispatch;
//   needs   states that must exist (the engine refuses without them, saying which call makes them);
//   uses    states used when they exist (a products table names the products);
//   keeps   the state it makes, kept in the engine (and, for a new worker, the call that made it, in the client);
//   timed   its result gets `millis`;
//   run(state, message, progress)   the work against the wasm; `progress(stage, fraction)` returns false to stop.
import { fail } from './errors.js';
import { customerTable } from './analyses/customer-table.js';
import { file } from './analyses/file.js';
import { lifetimeValue } from './analyses/lifetime-value.js';
import { wasmModule } from './analyses/module.js';
import { productTable } from './analyses/product-table.js';
import { recommendations } from './analyses/recommendations.js';
import { rules } from './analyses/rules.js';
import { segments } from './analyses/segments.js';

/**
 * @typedef {'file' | 'dataset' | 'itemsets' | 'recommender' | 'products' | 'customers'} StateName
 * @typedef {{ wasm: any } & Record<StateName, any>} EngineState  the wasm module and what the session holds
 * @typedef {(stage: string, fraction: number) => boolean} Progress
 * @typedef {object} Operation
 * @property {string} name
 * @property {StateName[]} [needs]
 * @property {StateName[]} [uses]
 * @property {StateName} [keeps]
 * @property {boolean} [timed]
 * @property {(state: EngineState, message: any, progress: Progress) => any} run
 * @typedef {{ name: string, operations: Operation[] }} Analysis
 */

/**
 * What a session holds: `from` is the state it is made from (making that again drops it), `missing` what
 * an operation needing it says when it is not there.
 * @type {Record<StateName, { from?: StateName, missing?: string }>}
 */
export const STATES = {
  file: { missing: 'no file is loaded: call load() first' },
  dataset: { from: 'file', missing: 'no file is read: call ingest() first' },
  itemsets: { from: 'dataset', missing: 'no itemsets: call mine() first' },
  recommender: { from: 'dataset', missing: 'no recommender: call recommender() first' },
  // No operation needs it (only uses it): the core says what itemColumn lacks without it.
  products: {},
  customers: { missing: 'no customer table is loaded: call loadCustomerTable() first' },
};

/** @type {Analysis[]} */
export const ANALYSES = [file, segments, lifetimeValue, rules, recommendations, productTable, customerTable, wasmModule];

const OPERATIONS = new Map(ANALYSES.flatMap((a) => a.operations.map((op) => [op.name, op])));

/** @param {string} name */
export function operation(name) {
  const op = OPERATIONS.get(name);
  if (!op) throw fail('invalid_option', `unknown operation ${name}`);
  return op;
}

/**
 * `state` and every state made from it, those made from it first.
 * @param {StateName} state
 * @returns {StateName[]}
 */
export function withDerived(state) {
  const names = /** @type {StateName[]} */ (Object.keys(STATES));
  return [...names.filter((s) => STATES[s].from === state).flatMap(withDerived), state];
}
