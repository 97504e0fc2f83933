// The wasm module itself.

/** @type {import('../analyses.js').Analysis} */
export const wasmModule = {
  name: 'module',
  operations: [{ name: 'version', run: ({ wasm }) => wasm.version() }],
};
