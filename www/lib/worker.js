// The Web Worker that runs the wasm core off the main thread: one Engine, driven by messages from client.js:
// {id, name, message, wasmUrl} -> {id, type: 'progress'|'result'|'error'}. It loads the wasm with its first
// message, from the URL that message gives (or next to the glue).
import init, * as wasm from '../pkg/shopscope.js';
import { Engine } from './engine.js';
import { describeError, fail } from './errors.js';

// Defence in depth beside the Content-Security-Policy header, which a static host without headers does not
// send (a <meta> policy does not reach a worker): once its wasm is loaded the worker needs no network, so it
// gives its network functions away before it sees any data.
const NETWORK = ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts', 'Worker'];
/** The directive of the last Content-Security-Policy violation here: what blocked the wasm, if anything did. */
let violated = '';
self.addEventListener('securitypolicyviolation', (e) => { violated = e.effectiveDirective; });

/**
 * Loads the wasm module (from `wasmUrl`, the client's `wasmUrl` option, or next to the glue); its failure
 * says which URL and, when the page's policy blocked it, which directive.
 * @param {string | undefined} wasmUrl
 */
async function start(wasmUrl) {
  // The literal `new URL('…', import.meta.url)` is what bundlers see as an asset to ship.
  const url = wasmUrl ? new URL(wasmUrl, self.location.href) : new URL('../pkg/shopscope_bg.wasm', import.meta.url);
  try {
    await init({ module_or_path: url });
  } catch (e) {
    // A violation is reported as an event of its own, after the failure it caused.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const message = /** @type {Error} */ (e).message ?? String(e);
    const directive = violated || (/Content Security Policy/i.test(message) ? 'script-src' : '');
    if (directive) {
      const fix = directive.startsWith('script') ? ": add 'wasm-unsafe-eval' to script-src" : `: allow ${url.origin} in ${directive}`;
      throw fail('blocked_by_csp', `the Content-Security-Policy (${directive}) blocked the analysis module ${url}${fix}`, { url: String(url), directive });
    }
    throw fail('wasm_load', `the analysis module could not be loaded from ${url}: ${message} (give its URL as the wasmUrl option where it is served elsewhere)`, { url: String(url) });
  }
  for (const name of NETWORK) {
    if (name in self) Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
  }
}
/** @type {Promise<void> | null} */
let ready = null;
const engine = new Engine(wasm);

/**
 * The buffers of a result's typed arrays (its per-customer columns): moved to the page, not copied.
 * @param {unknown} value
 * @param {Set<ArrayBufferLike>} [found]
 * @returns {ArrayBuffer[]}
 */
function buffersOf(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (value && typeof value === 'object' && !(Array.isArray(value) && typeof value[0] !== 'object')) {
    for (const inner of Object.values(value)) buffersOf(inner, found);
  }
  return /** @type {ArrayBuffer[]} */ ([...found]);
}

self.onmessage = async ({ data: { id, name, message, wasmUrl } }) => {
  try {
    ready ??= start(wasmUrl);
    await ready;
    /** @type {import('./analyses.js').Progress} */
    const progress = (stage, fraction) => {
      self.postMessage({ id, type: 'progress', stage, fraction });
      return true;
    };
    const result = await engine.run(name, message, progress);
    self.postMessage({ id, type: 'result', result }, { transfer: buffersOf(result) });
  } catch (e) {
    self.postMessage({ id, type: 'error', error: describeError(e) });
  }
};
