// Association rules: frequent itemsets of the dataset's baskets (of products, or of a products table's
// column), kept for the rules filtered and sorted from them.

/** @type {import('../analyses.js').Analysis} */
export const rules = {
  name: 'rules',
  operations: [
    {
      name: 'mine',
      needs: ['dataset'],
      // Items at the level of a products table's column (`itemColumn`), and product names from it: the
      // dataset has the table from nameProducts.
      uses: ['products'],
      keeps: 'itemsets',
      timed: true,
      run(state, { options }, progress) {
        state.itemsets = state.dataset.mine(options, progress);
        return state.itemsets.summary;
      },
    },
    {
      name: 'rules',
      needs: ['itemsets'],
      run: ({ itemsets }, { options }) => itemsets.rules(options),
    },
  ],
};
