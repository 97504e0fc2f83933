// The demo page: wires the DOM to the same ShopScope API an embedding CRM uses (lib/client.js).
import { ShopScope } from './lib/client.js';
import { tab as segmentsTab } from './segments.js';
import { showTable, tab as tableTab } from './table.js';
import { showProducts, tab as rulesTab } from './rules.js';
import { tab as lifetimeTab } from './lifetime.js';
import { tab as recommendTab } from './recommend.js';
import { $, el, money, useCurrency } from './ui.js';

/** @typedef {import('./ui.js').Tab} Tab */

/** The result tabs of the analyses, in the tab bar's order (after Overview); each module declares its own. */
const ANALYSIS_TABS = [segmentsTab, rulesTab, recommendTab, lifetimeTab, tableTab];

const ROLES = [
  ['customer', 'Customer id'],
  ['order', 'Order / basket id'],
  ['date', 'Date / time'],
  ['productId', 'Product id'],
  ['productName', 'Product name'],
  ['quantity', 'Quantity'],
  ['unitPrice', 'Unit price'],
  ['lineAmount', 'Line amount'],
  ['status', 'Order status'],
  ['currency', 'Currency'],
];
const ANALYSES = {
  segmentation: 'Customer segments (RFM, k-means)',
  rules: 'Products bought together (association rules)',
  recommendations: 'Product recommendations',
  lifetime_value: 'Customer lifetime value and churn',
};
const SAMPLE_URL = new URL('./sample/complete_journey_sample.csv', import.meta.url);
const TABLE_SAMPLE_URL = new URL('./sample/complete_journey_demographics.csv', import.meta.url);
const PRODUCTS_SAMPLE_URL = new URL('./sample/complete_journey_products.csv', import.meta.url);

const fmt = new Intl.NumberFormat('en-US');
const scope = new ShopScope();
let inspection = null;
let lastName = '';
let lastSize = 0;
let running = null;
let lastReport = null;
/** Tabs whose analysis is run when next shown (the file or the products table changed since). */
const stale = new Set();

/** @param {unknown} e a rejection: a ShopScopeError, or anything a fetch or the page threw */
const isCancelled = (e) => /** @type {{code?: string}} */ (e)?.code === 'cancelled';

function show(id, visible) {
  $(id).hidden = !visible;
}

/** Shows `box` (an error or, neutral, a cancelled run) in view and announced; its heading `h2`/`h3`, then `p`. */
function notify(box, title, { message, code }) {
  const cancelled = code === 'cancelled';
  box.classList.toggle('error', !cancelled);
  box.setAttribute('role', cancelled ? 'status' : 'alert');
  box.querySelector('h2, h3').textContent = cancelled ? 'Cancelled' : title;
  box.querySelector('p').textContent = message;
  box.dataset.code = code ?? '';
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
  box.focus({ preventScroll: true });
}

/** The box above the tabs, for reading a file: the transactions or a customer table. */
function showError(error, title = 'This file could not be read') {
  notify($('error'), title, error);
}

/** Tab `tab`'s own box, under its heading, or right after the form `after` of one of its actions (made on first use). */
function noticeBox(/** @type {Tab} */ tab, /** @type {HTMLElement | null} */ after = null) {
  const anchor = after ?? $(tab.panel).querySelector(':scope > h2');
  let box = anchor.nextElementSibling;
  if (!box?.classList.contains('notice')) {
    box = el('div', { className: 'notice', tabIndex: -1, hidden: true }, el('h3'), el('p'));
    anchor.after(box);
  }
  return box;
}

/** A message as a sentence: the core's end without a full stop. */
const sentence = (/** @type {string} */ m) => (/[.!?]$/.test(m) ? m : `${m}.`);

/**
 * Says in `tab` what failed (`title`), or that a run of it was cancelled. The tab's own run: under its heading,
 * results already shown marked as left from before. One of its actions (`after`: its form): right there, the
 * tab's results untouched (they did not fail).
 */
function showTabError(/** @type {Tab} */ tab, title, error, /** @type {HTMLElement | null} */ after = null) {
  const panel = $(tab.panel);
  const stale = !after && error.code !== 'cancelled' && [...panel.querySelectorAll('tbody tr')].some((row) => row.offsetParent !== null);
  panel.toggleAttribute('data-stale', stale);
  const message = stale ? `${sentence(error.message)} The results below (marked) are from the last run that worked.` : sentence(error.message);
  notify(noticeBox(tab, after), title, { code: error.code, message });
}

function clearTabError(/** @type {Tab} */ tab) {
  for (const box of $(tab.panel).querySelectorAll('.notice')) /** @type {HTMLElement} */ (box).hidden = true;
  $(tab.panel).removeAttribute('data-stale');
}

/** What had focus when the page became busy: its control is disabled meanwhile, which drops the focus. */
let focusBefore = null;

function setBusy(text, controller = null, fraction = 0) {
  if (text && $('status').hidden) focusBefore = document.activeElement;
  show('status', Boolean(text));
  $('status-text').textContent = text ?? '';
  $('progress').value = fraction;
  if (controller) running = controller;
  for (const id of ['sample-button', 'reread-button', 'table-sample-button', ...ANALYSIS_TABS.flatMap((t) => t.controls)]) {
    $(id).disabled = Boolean(text);
  }
  // Back where the person was (the button they pressed), unless the run moved focus on purpose.
  if (!text && document.activeElement === document.body && focusBefore?.checkVisibility()) focusBefore.focus({ preventScroll: true });
}

async function loadSource(source, name) {
  show('error', false);
  show('layout-card', false);
  setTransactionTabs(false);
  setBusy(`Opening ${name}…`);
  try {
    const loaded = await scope.load(source);
    inspection = loaded.inspection;
    [lastName, lastSize] = [name, loaded.size];
    renderLayout(name, loaded.size);
    // A new file starts from the person's own choice, not from what the last file's read did.
    $('mask-pii').checked = maskChosen;
    unmaskedThisFile = false;
    await read(maskOption(false));
  } catch (e) {
    setBusy(null);
    if (!isCancelled(e)) showError(e);
  }
}

async function read(options) {
  show('error', false);
  running = new AbortController();
  setBusy('Reading all rows…');
  try {
    const result = await scope.ingest(options, {
      signal: running.signal,
      onProgress: (fraction) => {
        $('progress').value = fraction;
        $('status-text').textContent = `Reading all rows… ${Math.round(fraction * 100)}%`;
      },
    });
    renderSummary(result);
    // The box says what the read did: ids used as e-mail addresses are masked unless asked otherwise.
    $('mask-pii').checked = result.report.idsMasked;
    // The read's preview is masked when masking is on: the mapping's example values follow it.
    inspection.preview = result.report.preview;
    // The facts name the encoding the read used, which a byte past the head can change.
    const columnsChanged = result.report.columns.join('\u0000') !== inspection.columns.join('\u0000');
    inspection = { ...inspection, columns: result.report.columns, encoding: result.report.encoding, platform: result.report.platform };
    if (columnsChanged) {
      const keep = $('encoding').value;
      renderLayout(lastName, lastSize);
      $('encoding').value = keep;
    }
    syncMapping(result.report.mapping);
    renderFacts(lastName, lastSize);
    lastReport = result.report;
    for (const tab of TRANSACTION_TABS) {
      tab.reset?.(result.report);
      stale.add(tab);
    }
    setTransactionTabs(true);
    selectTab('overview');
    // The results are what the person came for: focus goes there, not back to a button they pressed.
    $('summary-title').focus();
  } catch (e) {
    if (isCancelled(e)) {
      showError({ code: 'cancelled', message: 'Reading was cancelled. Load the file again, or change the settings and read again.' });
    } else {
      showError(e);
    }
  } finally {
    running = null;
    setBusy(null);
  }
}

/** What the file was read as; the day/month doubt only while the person has not chosen an order. */
function renderFacts(name, size) {
  const i = inspection;
  const delimiter = i.delimiter === '\t' ? 'tab' : `“${i.delimiter}”`;
  $('layout-facts').textContent =
    `${name} (${fileSize(size)})${i.platform ? `, a ${i.platform}` : ''}: ` +
    `${i.encoding}, separated by ${delimiter}, ` +
    `${i.hasHeader ? 'with a header row' : 'no header row'}` +
    `${i.decimalComma ? ', decimal commas' : ''}` +
    `${i.dateFormat ? `, dates as ${i.dateFormat}` : ''}${i.dateAmbiguous && !$('date-order').value ? ' (day/month order not certain)' : ''}.` +
    (i.personalColumns.length ? ` Columns that look personal (not used): ${i.personalColumns.join(', ')}.` : '');
}

function renderLayout(name, size) {
  const i = inspection;
  $('date-order').value = '';
  renderFacts(name, size);
  const rows = ROLES.map(([role, label]) => {
    const select = el('select', { id: `map-${role}`, name: role });
    select.setAttribute('aria-label', `Column for ${label}`);
    select.append(el('option', { value: '', textContent: '— not in this file —' }));
    i.columns.forEach((c) => select.append(el('option', { value: c, textContent: c })));
    select.value = i.mapping[role] ?? '';
    const examples = el('td', { className: 'examples' });
    const update = () => {
      const col = i.columns.indexOf(select.value);
      // The first three values the column has (empty cells, as Shopify leaves on an order's later lines, skipped).
      const values = col < 0 ? [] : i.preview.map((r) => r[col]?.trim()).filter(Boolean).slice(0, 3);
      examples.textContent = col < 0 ? '' : values.length ? values.join(' · ') : '(empty in the first rows)';
    };
    select.addEventListener('change', update);
    update();
    return el('tr', {}, el('th', { scope: 'row', textContent: label }), el('td', {}, select), examples);
  });
  $('mapping-rows').replaceChildren(...rows);
  $('encoding').value = '';
  show('layout-card', true);
}

function syncMapping(mapping) {
  for (const [role] of ROLES) {
    const select = $(`map-${role}`);
    select.value = mapping[role] ?? '';
    select.dispatchEvent(new Event('change'));
  }
}

function stat(label, value, id) {
  // A long figure (net sales of a large shop) takes two cells rather than running into the next.
  const className = value.length > 11 ? 'stat wide' : 'stat';
  return el('div', { className, id }, el('div', { className: 'value', textContent: value }), el('div', { className: 'label', textContent: label }));
}

/** A file's size as people read it: "812 KB", "103.4 MB", "2.0 GB". */
function fileSize(bytes) {
  const [unit, size] = bytes >= 2 ** 30 ? ['GB', 2 ** 30] : bytes >= 2 ** 20 ? ['MB', 2 ** 20] : ['KB', 2 ** 10];
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: unit === 'KB' ? 0 : 1, minimumFractionDigits: unit === 'KB' ? 0 : 1 }).format(bytes / size)} ${unit}`;
}

/** A duration: "640 ms" under a second, else "24.2 s". */
function duration(millis) {
  return millis < 1000 ? `${fmt.format(Math.round(millis))} ms` : `${(millis / 1000).toFixed(1)} s`;
}

/** "row 3", "rows 3, 9, 14 and 1,234 more": the group's first row numbers, then how many it has besides. */
function rowsCell(group) {
  const rows = group.firstRows.map((r) => fmt.format(r)).join(', ');
  const more = group.count - group.firstRows.length;
  return `${group.count === 1 ? 'row' : 'rows'} ${rows}${more > 0 ? ` and ${fmt.format(more)} more` : ''}`;
}

/** The report's date range; relative days (day 0 stored as 2000-01-01) as day numbers. */
function dateRange(r) {
  if (!r.firstDate) return 'none';
  if (!r.relativeDays) return `${r.firstDate} – ${r.lastDate}`;
  const day = (d) => Math.round((Date.parse(d) - Date.parse('2000-01-01')) / 86_400_000);
  return `day ${fmt.format(day(r.firstDate))} – day ${fmt.format(day(r.lastDate))}`;
}

function renderSummary({ report: r, millis, wasmMemoryBytes }) {
  useCurrency(r.currency);
  $('stats').replaceChildren(
    stat('rows read', fmt.format(r.rowsRead), 'stat-rows-read'),
    stat('rows used', fmt.format(r.rowsUsed), 'stat-rows-used'),
    stat('customers', fmt.format(r.customers), 'stat-customers'),
    stat('orders (purchases)', fmt.format(r.orders), 'stat-orders'),
    stat('orders of returns or cancellations only', fmt.format(r.returnOrders), 'stat-return-orders'),
    stat('products', fmt.format(r.products), 'stat-products'),
    stat(r.relativeDays ? 'relative days (no calendar dates)' : 'dates', dateRange(r), 'stat-dates'),
    stat('net sales', r.netAmount === null ? 'no prices' : money.format(r.netAmount), 'stat-net'),
    stat('read in', duration(millis), 'stat-time'),
    stat('memory', `${fmt.format(Math.round(wasmMemoryBytes / 2 ** 20))} MB (${Math.round(r.bytesPerRow)} B/row)`, 'stat-memory'),
  );
  const lines = r.skipped.map((s) =>
    el('tr', { className: 'skipped' },
      el('td', { textContent: s.label }),
      el('td', { className: 'num', textContent: fmt.format(s.count) }),
      el('td', { textContent: 'skipped' }),
      el('td', { textContent: s.example ? `${rowsCell(s)}. First: ${s.example}` : rowsCell(s) })));
  const kept = [
    [r.returns, 'returns and cancellations', 'kept: they reduce net sales; not counted as purchases'],
    [r.missingCustomer, 'lines without a customer id', 'kept for baskets; left out of customer analyses'],
    [r.freeItems, 'purchases with price 0', 'kept as free items'],
  ].filter(([g]) => g.count > 0).map(([g, label, done]) =>
    el('tr', {}, el('td', { textContent: label }), el('td', { className: 'num', textContent: fmt.format(g.count) }),
      el('td', { textContent: done }), el('td', { textContent: rowsCell(g) })));
  const body = [...lines, ...kept];
  if (body.length === 0) body.push(el('tr', {}, el('td', { colSpan: 4, textContent: 'Every row was used as it is.' })));
  $('cleaning-rows').replaceChildren(...body);
  const privacy = [
    r.idsMasked ? 'Customer ids are masked: pseudonyms stand for them everywhere on this page and in downloads (untick “Mask personal data” and read again to see them).' : null,
    // Never read into the analyses; the preview shows them unless masked (ids masked means the preview is).
    r.personalColumns.length
      ? `Columns that look personal were not read: ${r.personalColumns.join(', ')}.` +
        (r.idsMasked ? '' : ' The preview shows them as the file has them (tick “Mask personal data” and read again to hide them).')
      : null,
  ].filter(Boolean);
  $('warnings').replaceChildren(...[...privacy, ...r.warnings].map((w) => el('li', { textContent: w })));
  $('capabilities').replaceChildren(...r.capabilities.map((c) =>
    el('li', { className: c.available ? 'yes' : 'no' }, ANALYSES[c.analysis] ?? c.analysis,
      c.note ? el('span', { className: 'note', textContent: ` — ${c.note}` }) : null)));
  renderPreview(r);
}

/** Tab name -> its panel: Overview's, then the analyses'. */
const TABS = { overview: 'summary-card', ...Object.fromEntries(ANALYSIS_TABS.map((t) => [t.name, t.panel])) };
/** The tabs of a transactions file (those needing a capability of its report; the others are a customer table's). */
const TRANSACTION_TABS = ANALYSIS_TABS.filter((t) => t.analysis !== null);

/** Overview and the analyses with a capability belong to a transaction file; the Customer table tab to a customer table. */
function setTransactionTabs(visible) {
  for (const name of ['overview', ...TRANSACTION_TABS.map((t) => t.name)]) {
    show(`tab-${name}`, visible);
    if (!visible) show(TABS[name], false);
  }
  show('tabs', visible || !$(`tab-${tableTab.name}`).hidden);
}

async function loadTable(source, name) {
  show('error', false);
  setBusy(`Opening ${name}…`);
  try {
    // A table's options take the mask only (its ids are matched to the transactions' as they are).
    showTable(name, await scope.loadCustomerTable(source, maskChecked() ?? {}));
    show(`tab-${tableTab.name}`, true);
    show('tabs', true);
    setBusy(null);
    selectTab(tableTab.name);
    await runTab(tableTab);
  } catch (e) {
    setBusy(null);
    if (!isCancelled(e)) showError(e);
  }
}

function selectTab(name) {
  for (const [tab, panel] of Object.entries(TABS)) {
    const button = $(`tab-${tab}`);
    button.setAttribute('aria-selected', String(tab === name));
    button.tabIndex = tab === name ? 0 : -1;
    show(panel, tab === name);
  }
  const tab = ANALYSIS_TABS.find((t) => t.name === name);
  if (tab && stale.delete(tab)) runTab(tab);
}

/** Runs a tab's analysis when the file has what it needs; otherwise says, in the tab, what the file lacks. */
async function runTab(/** @type {Tab} */ tab) {
  clearTabError(tab);
  const capability = tab.analysis && lastReport?.capabilities.find((/** @type {any} */ c) => c.analysis === tab.analysis);
  if (capability && !capability.available) {
    showTabError(tab, 'Not possible with this file', { code: 'missing_column', message: `${tab.label}: this file ${capability.note}.` });
    return;
  }
  await tab.run(scope, progressHandlers(tab, tab.failed, tab.cancelled));
}

/** Progress bar and cancel button for a run in `tab`; its failure (`failed`) or cancellation said in the tab (after `after`, an action's form). */
function progressHandlers(/** @type {Tab} */ tab, failed, cancelledMessage, /** @type {HTMLElement | null} */ after = null) {
  return {
    onBusy: (text, controller, fraction) => setBusy(text, controller, fraction),
    onError: (e) => showTabError(tab, failed, e.code === 'cancelled' ? { code: 'cancelled', message: cancelledMessage } : e, after),
  };
}

// A table wider than its box scrolls sideways: the box takes keyboard focus then, so that the arrow keys
// scroll it (it leaves the tab order again when everything fits).
const scrollable = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const box = /** @type {HTMLElement} */ (target.closest('.scroll'));
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute('tabindex');
  }
});
for (const box of document.querySelectorAll('.scroll')) {
  scrollable.observe(box);
  if (box.firstElementChild) scrollable.observe(box.firstElementChild);
}

for (const tab of Object.keys(TABS)) $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
$('tabs').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const names = Object.keys(TABS).filter((t) => !$(`tab-${t}`).hidden);
  const current = names.findIndex((t) => $(`tab-${t}`).getAttribute('aria-selected') === 'true');
  const next = names[(current + (e.key === 'ArrowRight' ? 1 : names.length - 1)) % names.length];
  selectTab(next);
  $(`tab-${next}`).focus();
});
/** A form whose submit runs a step instead of navigating. */
function onSubmit(/** @type {string} */ id, /** @type {() => void} */ run) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
}
for (const tab of ANALYSIS_TABS) {
  for (const { on, event = 'submit', run, failed = tab.failed, cancelled = 'Stopped before it finished; nothing below changed.' } of tab.actions) {
    const act = () => {
      if (!run) return runTab(tab);
      clearTabError(tab);
      return run(scope, progressHandlers(tab, failed, cancelled, $(on)));
    };
    if (event === 'submit') onSubmit(on, act);
    else $(on).addEventListener(event, act);
  }
}
/**
 * The file chosen in input `id` goes to `open`. The input is then emptied: choosing the same file again
 * (after the sample, say) is a change, and reads it again.
 */
function onFileChosen(/** @type {string} */ id, /** @type {(file: File, name: string) => unknown} */ open) {
  const box = /** @type {HTMLInputElement} */ ($(id));
  box.addEventListener('change', () => {
    const file = box.files?.[0];
    box.value = '';
    if (file) open(file, file.name);
  });
}
onFileChosen('table-input', loadTable);
$('table-sample-button').addEventListener('click', async () => {
  try {
    await loadTable(await fetchSample(TABLE_SAMPLE_URL), 'complete_journey_demographics.csv');
  } catch (e) {
    showError(e);
  }
});

/** A file shipped with the page (same origin, so the CSP allows it). */
async function fetchSample(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the sample could not be loaded (${response.status})`);
  return response.blob();
}

// A products table is loaded from the Rules tab, so its errors are said there.
const PRODUCTS_FAILED = 'The products table could not be read';

async function loadProducts(source, name) {
  clearTabError(rulesTab);
  setBusy(`Opening ${name}…`);
  try {
    showProducts(name, await scope.loadProductTable(source));
    setBusy(null);
    for (const tab of ANALYSIS_TABS) {
      if (tab.onProducts === 'later') {
        tab.clear?.();
        stale.add(tab);
      }
      if (tab.onProducts === 'run') runTab(tab);
    }
  } catch (e) {
    setBusy(null);
    if (!isCancelled(e)) showTabError(rulesTab, PRODUCTS_FAILED, e);
  }
}
onFileChosen('products-input', loadProducts);
$('products-sample-button').addEventListener('click', async () => {
  try {
    await loadProducts(await fetchSample(PRODUCTS_SAMPLE_URL), 'complete_journey_products.csv');
  } catch (e) {
    showTabError(rulesTab, PRODUCTS_FAILED, e);
  }
});

// One random salt per visit: pseudonyms match between the transactions and the customer table, and cannot
// be reversed by hashing guessed ids (see README, "Personal data").
const maskSalt = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
/** The box as the person set it (a read also ticks it when it masked e-mail ids, the core's default). */
let maskChosen = false;
/** Unticked by the person for this file: its ids stay as written on every read of it (a new mapping too). */
let unmaskedThisFile = false;
$('mask-pii').addEventListener('change', () => {
  maskChosen = $('mask-pii').checked;
  unmaskedThisFile = !maskChosen;
});
/** The mask option when the box is ticked: the same pseudonyms for the transactions and the customer table. */
const maskChecked = () => ($('mask-pii').checked ? { mask: { salt: maskSalt } } : null);
function maskOption(sameFile = true) {
  // Unticked for this file (whose read masked its ids: e-mail addresses or names used as ids): shown as
  // written, on this read and the next ones of the same file.
  return maskChecked() ?? (sameFile && (unmaskedThisFile || lastReport?.idsMasked) ? { showContactIds: true } : {});
}

function renderPreview(r) {
  const roleOf = Object.fromEntries(Object.entries(r.mapping).map(([role, col]) => [col, role]));
  const label = Object.fromEntries(ROLES);
  const head = el('tr', {}, ...r.columns.map((c) =>
    el('th', { scope: 'col' }, c, roleOf[c] ? el('span', { className: 'role-tag', textContent: label[roleOf[c]] }) : null)));
  const rows = r.preview.map((row) => el('tr', {}, ...row.map((v) => el('td', { textContent: v }))));
  $('preview').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

onSubmit('mapping-form', () => {
  const mapping = Object.fromEntries(ROLES.map(([role]) => [role, $(`map-${role}`).value || null]));
  /** @type {import('./lib/client.js').IngestOptions} */
  const options = { mapping, ...maskOption() };
  if ($('date-order').value) options.dateOrder = $('date-order').value;
  if ($('encoding').value) {
    options.encoding = $('encoding').value;
    // Another encoding gives other column names: the roles are detected again from the new ones.
    delete options.mapping;
  }
  read(options);
});

$('cancel-button').addEventListener('click', () => running?.abort());

$('sample-button').addEventListener('click', async () => {
  setBusy('Fetching the sample…');
  try {
    await loadSource(await fetchSample(SAMPLE_URL), 'complete_journey_sample.csv');
  } catch (e) {
    setBusy(null);
    showError(e);
  }
});

const input = $('file-input');
onFileChosen('file-input', loadSource);
const zone = $('dropzone');
// The file inputs are hidden (no focus stop of their own); a visible button opens each, and a click anywhere
// on the drop zone opens the transactions one.
for (const [button, fileInput] of [['file-button', 'file-input'], ['table-file-button', 'table-input'], ['products-file-button', 'products-input']]) {
  $(button).addEventListener('click', () => $(fileInput).click());
}
zone.addEventListener('click', (e) => { if (e.target === zone || e.target.tagName === 'P') input.click(); });
zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  const file = e.dataTransfer.files[0];
  if (file) loadSource(file, file.name);
});
