// Customer segments of the dataset: RFM scores and named segments, and k-means clusters on behaviour.

/** @type {import('../analyses.js').Analysis} */
export const segments = {
  name: 'segments',
  operations: [
    {
      name: 'segment',
      needs: ['dataset'],
      timed: true,
      // serde-wasm-bindgen reads a key set to undefined as a value (and refuses it for the rfm options),
      // so only the options given are passed.
      run: ({ dataset }, { rfm, kmeans }, progress) =>
        dataset.segment({ ...(rfm != null && { rfm }), ...(kmeans !== undefined && { kmeans }) }, progress),
    },
  ],
};
