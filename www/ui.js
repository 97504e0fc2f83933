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

/** Fills table `id`: head is [[label, numeric]], rows are [[text or node, numeric]] per cell. */
export function table(id, head, rows) {
  $(id).replaceChildren(
    el('thead', {}, el('tr', {}, ...head.map(([text, num]) => el('th', { scope: 'col', className: num ? 'num' : '', textContent: text })))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map(([text, num]) => {
      const td = el('td', { className: num ? 'num' : '' });
      td.append(text);
      return td;
    })))),
  );
}

const charts = {};

/** (Re)draws the Chart.js chart on canvas `id` (Chart.js is loaded as a classic script: global `Chart`). */
export function draw(id, config) {
  charts[id]?.destroy();
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  Chart.defaults.color = dark ? '#c9d1dc' : '#4a5363';
  Chart.defaults.borderColor = dark ? '#333b47' : '#e3e6eb';
  charts[id] = new Chart($(id), { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
}
