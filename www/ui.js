// DOM helpers shared by the page's modules, and what a tab module declares for app.js.

/**
 * @typedef {{ onBusy: (text: string | null, controller?: AbortController | null, fraction?: number) => void, onError: (e: any) => void }} Handlers
 *   the page's progress bar and cancel button, and the tab's error box, for one run
 * @typedef {(scope: import('./lib/client.js').ShopScope, handlers: Handlers) => unknown} TabRun
 * @typedef {object} TabAction  a control of the tab that runs something
 * @property {string} on  the element's id
 * @property {'submit' | 'change' | 'click'} [event]  default 'submit' (a form: no navigation, the last error cleared)
 * @property {TabRun} [run]  default: the tab's analysis, as when the tab is shown
 * @property {string} [failed]  the heading of its error in the tab (default: the tab's `failed`)
 * @property {string} [cancelled]  what a cancelled run says (default: that nothing changed)
 * @typedef {object} Tab  one result tab of the page (button tab-<name>, panel `panel`)
 * @property {string} name
 * @property {string} panel
 * @property {string | null} analysis  the capability of the ingest report it needs; null: a customer table's tab
 * @property {string} label  how its refusal names it
 * @property {string} failed  the heading of its analysis's error, in the tab (what could not be done)
 * @property {TabRun} run  its analysis, run when the tab is first shown after a read
 * @property {string} cancelled  what a cancelled run says
 * @property {(report: any) => void} [reset]  after each read of a transactions file
 * @property {'run' | 'later'} [onProducts]  a products table names products in its results: run again now, or when next shown
 * @property {() => void} [clear]  clears its results before they are made again later
 * @property {string[]} controls  buttons disabled while anything runs
 * @property {TabAction[]} actions
 */

const TWO_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Money everywhere on the page, in the currency of the last file read (`useCurrency`).
 * @type {{ format: (v: number) => string }}
 */
export let money = TWO_DECIMALS;

/**
 * Table cells shown only when `shown` (a column a file may lack, e.g. spend without prices): spread into a row.
 * @param {boolean} shown @param {any[]} cells
 */
export const cellsIf = (shown, cells) => (shown ? cells : []);

/** The currency of the last file read as the ingest report names it (`USD`, `€`, `元`), '' when unknown. */
export let currencyName = '';

/**
 * Money in `currency` from now on, as the ingest report names it: an ISO code (`USD`) as Intl writes it
 * (`$12.50`, `¥1,250`), a sign (`R$`, `¥`) before two decimals, a word (`руб.`, `元`) after them; none: two
 * decimals alone.
 * @param {string | null} currency
 */
export function useCurrency(currency) {
  currencyName = currency ?? '';
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    money = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  } else if (currency) {
    const sign = /\p{Sc}/u.test(currency);
    money = { format: (v) => `${v < 0 ? '-' : ''}${sign ? currency : ''}${TWO_DECIMALS.format(Math.abs(v))}${sign ? '' : ` ${currency}`}` };
  } else {
    money = TWO_DECIMALS;
  }
}

/**
 * The element of an id index.html has; which kind it is (input, select, canvas...) the caller knows.
 * @type {(id: string) => any}
 */
export const $ = (id) => document.getElementById(id);

/** Creates an element with properties and children (null children are skipped). */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/**
 * ", about 12 s left", from the time since `started` for the share `fraction` done; nothing while too little
 * is done to tell (under 5% or 1 s) or under a second is left.
 * @param {number} started  a `performance.now()`
 * @param {number} fraction
 */
export function timeLeft(started, fraction) {
  const elapsed = (performance.now() - started) / 1000;
  if (fraction < 0.05 || elapsed < 1) return '';
  const left = (elapsed * (1 - fraction)) / fraction;
  if (left < 1) return '';
  return `, about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left`;
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A share (0 to 1) as a percentage; one too small to show at one decimal reads "<0.1%", not "0%". */
export function share(/** @type {number} */ x) {
  return x > 0 && x < 0.0005 ? '<0.1%' : percent.format(x);
}

/**
 * Runs one analysis call with the page's progress bar and cancel button: `call(signal, onProgress)` returns
 * the promise; `onBusy(text, controller, fraction)` drives the status line, `onError` shows failures. A run
 * that is part `part[0]` of `part[1]` (from 0) shows the progress of all the parts, timed from `started`.
 * @param {string} label
 * @param {(signal: AbortSignal, onProgress: (f: number) => void) => Promise<any>} call
 * @param {Handlers} handlers
 * @param {{ part?: [number, number], started?: number }} [of]
 */
export async function runWithProgress(label, call, { onBusy, onError }, { part = [0, 1], started = performance.now() } = {}) {
  const controller = new AbortController();
  const overall = (/** @type {number} */ f) => (part[0] + f) / part[1];
  onBusy(`${label}…`, controller, overall(0));
  try {
    return await call(controller.signal, (f) =>
      onBusy(`${label}… ${Math.round(overall(f) * 100)}%${timeLeft(started, overall(f))}`, controller, overall(f)));
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

/**
 * Points download link `id` at a file of `text` (the link's previous file is released). A CSV file starts
 * with a UTF-8 byte-order mark: without it Excel reads it as the system's legacy encoding, and every
 * accented or CJK name comes out garbled.
 */
export function offerDownload(id, text, type) {
  if (downloads.has(id)) URL.revokeObjectURL(downloads.get(id));
  const bom = type === 'text/csv' ? '\uFEFF' : '';
  downloads.set(id, URL.createObjectURL(new Blob([bom + text], { type })));
  $(id).href = downloads.get(id);
}

/** A result's CSV export on link `id`, and the whole result (but the CSV) as JSON on link `id-json`. */
export function offerExports(id, { exportCsv, ...result }) {
  offerDownload(id, exportCsv, 'text/csv');
  // Typed arrays (the per-customer columns) as JSON arrays, not {"0": ..., "1": ...}.
  const plain = (_, value) => (ArrayBuffer.isView(value) ? Array.from(/** @type {Float64Array} */ (value)) : value);
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
