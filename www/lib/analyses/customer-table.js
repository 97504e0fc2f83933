// A customer table (one row per customer: age, income, spend...), clustered by k-means on its numeric columns.
import { toBytes } from '../bytes.js';

/** @type {import('../analyses.js').Analysis} */
export const customerTable = {
  name: 'customer-table',
  operations: [
    {
      name: 'loadCustomerTable',
      keeps: 'customers',
      async run(state, { source, options }) {
        state.customers = state.wasm.loadCustomerTable(await toBytes(source), options);
        return state.customers.summary;
      },
    },
    {
      name: 'segmentCustomerTable',
      needs: ['customers'],
      timed: true,
      run: ({ customers }, { params }, progress) => customers.segmentCustomerTable(params, progress),
    },
  ],
};
