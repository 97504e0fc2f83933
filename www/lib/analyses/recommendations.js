// Product recommendations: an item-kNN model fitted on the dataset (kept for the per-customer calls),
// bought-together lists and an offline evaluation beside popularity.

/** @type {import('../analyses.js').Analysis} */
export const recommendations = {
  name: 'recommendations',
  operations: [
    {
      name: 'recommender',
      needs: ['dataset'],
      uses: ['products'],
      keeps: 'recommender',
      timed: true,
      run(state, { options }, progress) {
        state.recommender = state.dataset.recommender(options, progress);
        return { ...state.recommender.summary, customerIds: state.recommender.customerIds() };
      },
    },
    {
      name: 'recommend',
      needs: ['recommender'],
      run: ({ recommender }, { customer, options }) => recommender.recommend(String(customer), options),
    },
    {
      name: 'similarProducts',
      needs: ['recommender'],
      run: ({ recommender }, { product, n }) => recommender.similarProducts(String(product), n),
    },
    {
      name: 'exportRecommendations',
      needs: ['recommender'],
      run: ({ recommender }, { options }) => recommender.exportRecommendations(options),
    },
    {
      name: 'boughtTogether',
      needs: ['dataset'],
      uses: ['products'],
      run: ({ dataset }, { products, options }) => dataset.boughtTogether(products.map(String), options),
    },
    {
      name: 'evaluateRecommendations',
      needs: ['dataset'],
      timed: true,
      run: ({ dataset }, { options }, progress) => dataset.evaluateRecommendations(options, progress),
    },
  ],
};
