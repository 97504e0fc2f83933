// What a file given to load() or to a table load becomes before the wasm reads it: its bytes, refused early
// when they cannot fit the module's memory; or, for a transactions file in a worker, a reader of its chunks,
// so that the file itself is never copied whole into memory.
import { fail } from './errors.js';

// Bytes read whole are copied into the wasm module's memory, which cannot pass 4 GB; past this size there is
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

const SLICE_BYTES = 16 * 2 ** 20;

/**
 * A file the wasm reads a chunk at a time: `read(offset, length)` gives its bytes from `offset`.
 * @typedef {{ size: number, read: (offset: number, length: number) => Uint8Array }} Chunked
 */

/**
 * A transactions file as chunks: a File or Blob is read a slice at a time where the thread can read
 * synchronously (a worker's FileReaderSync), so that a file of gigabytes never sits whole in memory;
 * anything else is read to bytes first.
 * @param {any} source
 * @returns {Promise<Chunked>}
 */
export async function toChunks(source) {
  // Only workers have it (and the DOM's types do not).
  const Sync = /** @type {any} */ (globalThis).FileReaderSync;
  if (Sync && source instanceof Blob) {
    const reader = new Sync();
    // Slices of 16 MB, handed out in the core's smaller chunks: each FileReaderSync call costs a few
    // milliseconds beyond its bytes.
    let start = 0, held = new Uint8Array(0);
    return {
      size: source.size,
      read: (/** @type {number} */ offset, /** @type {number} */ length) => {
        if (offset < start || offset + length > start + held.length) {
          start = offset;
          held = new Uint8Array(reader.readAsArrayBuffer(source.slice(offset, offset + Math.max(length, SLICE_BYTES))));
        }
        return held.subarray(offset - start, offset - start + length);
      },
    };
  }
  const bytes = await toBytes(source);
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}
