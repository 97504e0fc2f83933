// Customer segments of the dataset: RFM scores and named segments, and k-means clusters on behaviour.

/** @type {import('../analyses.js').Analysis} */
export const segments = {
  name: 'segments',
  operations: [
    {
      name: 'segment',
      needs: ['dataset'],
      timed: true,
      run: ({ dataset }, { rfm, kmeans }, progress) => dataset.segment({ rfm, kmeans }, progress),
    },
  ],
};
