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

const downloads = new Map();

/** Points download link `id` at a file of `text` (the link's previous file is released). */
export function offerDownload(id, text, type) {
  if (downloads.has(id)) URL.revokeObjectURL(downloads.get(id));
  downloads.set(id, URL.createObjectURL(new Blob([text], { type })));
  $(id).href = downloads.get(id);
}

/** A result's CSV export on link `id`, and the whole result (but the CSV) as JSON on link `id-json`. */
export function offerExports(id, { exportCsv, ...result }) {
  offerDownload(id, exportCsv, 'text/csv');
  // Typed arrays (the per-customer columns) as JSON arrays, not {"0": ..., "1": ...}.
  const plain = (_, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
  offerDownload(`${id}-json`, JSON.stringify(result, plain, 1), 'application/json');
}

const charts = {};
const darkScheme = matchMedia('(prefers-color-scheme: dark)');

function chartTheme() {
  Chart.defaults.color = darkScheme.matches ? '#c9d1dc' : '#4a5363';
  Chart.defaults.borderColor = darkScheme.matches ? '#333b47' : '#e3e6eb';
}

// Charts drawn before the system theme changed are drawn again in its colours (Chart.js keeps the colours
// it resolved when a chart was made).
darkScheme.addEventListener('change', () => {
  for (const [id, { config }] of Object.entries(charts)) draw(id, config);
});

/** (Re)draws the Chart.js chart on canvas `id` (Chart.js is loaded as a classic script: global `Chart`). */
export function draw(id, config) {
  charts[id]?.chart.destroy();
  chartTheme();
  const chart = new Chart($(id), { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
  charts[id] = { chart, config };
}
