// Product recommendations: a model fitted on the dataset (kept for the per-customer calls, one customer or
// many at once), bought-together lists and an offline evaluation beside popularity.
import { fail } from '../errors.js';

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
      name: 'recommendMany',
      needs: ['recommender'],
      run({ recommender }, { customers, options }, progress) {
        const ids = customers === 'all' ? recommender.customerIds() : customers.map(String);
        /** @type {import('../client.js').ManyRecommendations} */
        const out = { customer: [], known: [], rank: [], product: [], name: [], label: [], score: [], popular: [], why: [] };
        const step = Math.max(1, Math.floor(ids.length / 100));
        for (const [i, id] of ids.entries()) {
          if (i % step === 0 && !progress('recommendations', i / ids.length)) throw fail('cancelled', 'cancelled');
          /** @type {import('../types.js').ForCustomer} */
          const found = recommender.recommend(id, options);
          for (const [rank, r] of found.recommendations.entries()) {
            out.customer.push(id);
            out.known.push(found.known);
            out.rank.push(rank + 1);
            out.product.push(r.product);
            out.name.push(r.name);
            out.label.push(r.label);
            out.score.push(r.score);
            out.popular.push(r.popular);
            out.why.push(r.why);
          }
        }
        return out;
      },
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
