// What a file given to load() or to a table load becomes before the wasm reads it: its bytes, refused early
// when they cannot fit the module's memory.
import { fail } from './errors.js';

// The file's bytes are copied into the wasm module's memory, which cannot pass 4 GB; past this size there is
// no room left for the model. Files just under it are refused by the reader's own memory estimate.
const MAX_FILE_BYTES = 3 * 2 ** 30;

/** @param {number} bytes */
function checkSize(bytes) {
  if (bytes > MAX_FILE_BYTES) {
    /** @param {number} n */
    const gb = (n) => (n / 2 ** 30).toFixed(1);
    throw fail('too_large', `this file is ${gb(bytes)} GB; a page can read files up to ${gb(MAX_FILE_BYTES)} GB ` +
      '(a browser gives it 4 GB of memory for the data and the results). Split it into smaller files, by date range for example');
  }
}

/**
 * The bytes of a Blob, buffer, typed array or CSV text.
 * @param {any} source
 * @returns {Promise<Uint8Array>}
 */
export async function toBytes(source) {
  checkSize(source?.size ?? source?.byteLength ?? 0);
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof source === 'string') return new TextEncoder().encode(source);
  if (source && typeof source.arrayBuffer === 'function') return new Uint8Array(await source.arrayBuffer());
  throw fail('invalid_option', 'load() takes a File, Blob, ArrayBuffer, typed array, ReadableStream or CSV text');
}
