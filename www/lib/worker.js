// The Web Worker that runs the wasm core off the main thread: one Engine, driven by messages from client.js:
// {id, op, ...fields} -> {id, type: 'progress'|'result'|'error'}.
import init, * as wasm from '../pkg/shopscope.js';
import { Engine } from './engine.js';
import { describeError, fail } from './errors.js';

const ready = init({ module_or_path: new URL('../pkg/shopscope_bg.wasm', import.meta.url) });
const engine = new Engine(wasm);
const operations = new Set(Object.getOwnPropertyNames(Engine.prototype).filter((n) => n !== 'constructor' && n !== 'reset'));

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
    self.postMessage({ id: msg.id, type: 'result', result: await engine[msg.op](msg, progress) });
  } catch (e) {
    self.postMessage({ id: msg.id, type: 'error', error: describeError(e) });
  }
};
