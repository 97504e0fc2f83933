// The transactions file: loaded as bytes (or records turned into CSV), inspected, and read into a dataset
// that every other transaction analysis works on.
import { toBytes } from '../bytes.js';
import { recordsToCsv } from '../records.js';

/**
 * The inspection of a file's head: only the bytes the core reads go into wasm memory (a whole file would be
 * copied there, and its memory grown by the file's size, to read its first half megabyte).
 * @param {any} wasm @param {Uint8Array} bytes @param {object} [options]
 */
const inspectHead = (wasm, bytes, options) => wasm.inspect(bytes.subarray(0, wasm.inspectBytes()), options);

/** @type {import('../analyses.js').Analysis} */
export const file = {
  name: 'file',
  operations: [
    {
      name: 'load',
      keeps: 'file',
      async run(state, { source, records, columns, options }) {
        state.file = records ? new TextEncoder().encode(recordsToCsv(records, columns)) : await toBytes(source);
        return { size: state.file.length, inspection: inspectHead(state.wasm, state.file, options) };
      },
    },
    {
      name: 'inspect',
      needs: ['file'],
      run: ({ wasm, file }, { options }) => inspectHead(wasm, file, options),
    },
    {
      name: 'ingest',
      needs: ['file'],
      uses: ['products'],
      keeps: 'dataset',
      timed: true,
      run(state, { options }, progress) {
        state.dataset = state.wasm.ingest(state.file, options, progress);
        if (state.products) state.dataset.nameProducts(state.products);
        return { report: state.dataset.report, wasmMemoryBytes: state.wasm.wasmMemoryBytes() };
      },
    },
  ],
};
