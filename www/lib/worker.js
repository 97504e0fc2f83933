// The Web Worker that runs the wasm core off the main thread: one Engine, driven by messages from client.js:
// {id, op, ...fields} -> {id, type: 'progress'|'result'|'error'}.
import init, * as wasm from '../pkg/shopscope.js';
import { Engine } from './engine.js';
import { describeError, fail } from './errors.js';

const ready = init({ module_or_path: new URL('../pkg/shopscope_bg.wasm', import.meta.url) });
const engine = new Engine(wasm);
const operations = new Set(Object.getOwnPropertyNames(Engine.prototype).filter((n) => n !== 'constructor' && n !== 'reset'));

/** The buffers of a result's typed arrays (its per-customer columns): moved to the page, not copied. */
function buffersOf(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (value && typeof value === 'object' && !(Array.isArray(value) && typeof value[0] !== 'object')) {
    for (const inner of Object.values(value)) buffersOf(inner, found);
  }
  return [...found];
}

self.onmessage = async ({ data: msg }) => {
  try {
    await ready;
    if (!operations.has(msg.op)) {
      throw fail('invalid_option', `unknown operation ${msg.op}`);
    }
    const progress = (stage, fraction) => {
      self.postMessage({ id: msg.id, type: 'progress', stage, fraction });
      return true;
    };
    const result = await engine[msg.op](msg, progress);
    self.postMessage({ id: msg.id, type: 'result', result }, buffersOf(result));
  } catch (e) {
    self.postMessage({ id: msg.id, type: 'error', error: describeError(e) });
  }
};
