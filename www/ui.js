// DOM helpers shared by the page's modules.

export const $ = (id) => document.getElementById(id);

/** Creates an element with properties and children (null children are skipped). */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/**
 * Runs one analysis call with the page's progress bar and cancel button: `call(signal, onProgress)` returns
 * the promise; `onBusy(text, controller, fraction)` drives the status line, `onError` shows failures.
 */
export async function runWithProgress(label, call, { onBusy, onError }) {
  const controller = new AbortController();
  onBusy(`${label}…`, controller);
  try {
    return await call(controller.signal, (f) => onBusy(`${label}… ${Math.round(f * 100)}%`, controller, f));
  } catch (e) {
    onError(e);
    return null;
  } finally {
    onBusy(null);
  }
}
