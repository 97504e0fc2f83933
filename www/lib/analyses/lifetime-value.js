// Customer lifetime value and churn of the dataset (BG/NBD + Gamma-Gamma).

/** @type {import('../analyses.js').Analysis} */
export const lifetimeValue = {
  name: 'lifetime-value',
  operations: [
    {
      name: 'lifetimeValue',
      needs: ['dataset'],
      timed: true,
      run: ({ dataset }, { options }, progress) => dataset.lifetimeValue(options, progress),
    },
  ],
};
