// A products table (one row per product: category, department, brand...): its columns can be mined as
// items, and it names the products in what is made after it is loaded.
import { toBytes } from '../bytes.js';

/** @type {import('../analyses.js').Analysis} */
export const productTable = {
  name: 'product-table',
  operations: [
    {
      name: 'loadProductTable',
      keeps: 'products',
      async run(state, { source, options }) {
        state.products = state.wasm.loadProductTable(await toBytes(source), options);
        state.dataset?.nameProducts(state.products);
        return state.products.summary;
      },
    },
  ],
};
