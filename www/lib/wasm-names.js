// TEMPORARY (issue 21): the wasm binding under the names the JS calls it by, mapped onto today's exports.
// This file goes when the Rust binding is renamed to these names; it is the only place that knows the old
// ones (readCustomerTable, readProductTable, segment(rfm, kmeans), mineItemsets/mineItemsetsBy, similar,
// exportCsv, CustomerTable.segment).
import { fail } from './errors.js';

/** The glue modules whose classes already answer to the new names (the worker and a page may share one). */
const renamed = new WeakSet();

/**
 * @param {any} wasm the initialised module of wasm-pack's glue
 * @returns {any} the same module, with the new names
 */
export function withNewNames(wasm) {
  const { Dataset, RecommenderModel, CustomerTable } = wasm;
  if (!renamed.has(Dataset)) {
    renamed.add(Dataset);
    const segment = Dataset.prototype.segment;
    Object.assign(Dataset.prototype, {
      /** @this {any} @param {{rfm?: object, kmeans?: object | false}} options @param {Function} [progress] */
      segment({ rfm, kmeans } = {}, progress) {
        return segment.call(this, rfm, kmeans, progress);
      },
      /** @this {any} @param {any} options @param {any} products @param {Function} [progress] */
      mine(options, products, progress) {
        const { itemColumn, ...rest } = options ?? {};
        if (!itemColumn) return this.mineItemsets(rest, progress);
        if (!products) throw fail('invalid_option', 'itemColumn needs a product table: call loadProductTable() first');
        return this.mineItemsetsBy(products, itemColumn, rest, progress);
      },
    });
    RecommenderModel.prototype.similarProducts = RecommenderModel.prototype.similar;
    RecommenderModel.prototype.exportRecommendations = RecommenderModel.prototype.exportCsv;
    CustomerTable.prototype.segmentCustomerTable = CustomerTable.prototype.segment;
  }
  return { ...wasm, loadCustomerTable: wasm.readCustomerTable, loadProductTable: wasm.readProductTable };
}
