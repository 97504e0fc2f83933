// The Web Worker that runs the wasm core off the main thread: one Engine, driven by messages from client.js:
// {id, name, message} -> {id, type: 'progress'|'result'|'error'}.
import init, * as wasm from '../pkg/shopscope.js';
import { Engine } from './engine.js';
import { describeError } from './errors.js';

// Defence in depth beside the Content-Security-Policy header, which a static host without headers does not
// send (a <meta> policy does not reach a worker): once its wasm is loaded the worker needs no network, so it
// gives its network functions away before it sees any data.
const NETWORK = ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts', 'Worker'];
const ready = init({ module_or_path: new URL('../pkg/shopscope_bg.wasm', import.meta.url) }).then(() => {
  for (const name of NETWORK) {
    if (name in self) Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
  }
});
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

self.onmessage = async ({ data: { id, name, message } }) => {
  try {
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
