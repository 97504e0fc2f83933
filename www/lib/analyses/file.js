// The transactions file: loaded as chunks (or records turned into CSV), inspected, and read into a dataset
// that every other transaction analysis works on.
import { toChunks } from '../bytes.js';
import { recordsToCsv } from '../records.js';

/**
 * The inspection of a file's head: only the bytes the core reads go into wasm memory.
 * @param {any} wasm @param {import('../bytes.js').Chunked} file @param {object} [options]
 */
const inspectHead = (wasm, file, options) => wasm.inspect(file.read(0, wasm.inspectBytes()), options);

/** @type {import('../analyses.js').Analysis} */
export const file = {
  name: 'file',
  operations: [
    {
      name: 'load',
      keeps: 'file',
      async run(state, { source, records, columns, options }) {
        state.file = await toChunks(records ? recordsToCsv(records, columns) : source);
        return { size: state.file.size, inspection: inspectHead(state.wasm, state.file, options) };
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
        const { read, size } = state.file;
        state.dataset = state.wasm.ingestFrom(read, size, options, progress);
        if (state.products) state.dataset.nameProducts(state.products);
        return { report: state.dataset.report, wasmMemoryBytes: state.wasm.wasmMemoryBytes() };
      },
    },
  ],
};
