// The Segments tab: RFM segments and k-means clusters of the ingested file, through the same ShopScope API
// an embedder uses. Charts with Chart.js (www/vendor, loaded as a classic script: global `Chart`).

import { $, cellsIf, draw, el, money, offerExports, runWithProgress, share, table } from './ui.js';

/** @type {[string, string, boolean][]} key, label, whether it is money */
const FEATURES = [
  ['recency', 'Recency (days)', false],
  ['frequency', 'Orders', false],
  ['monetary', 'Spend', true],
  ['averageOrderValue', 'Average order value', true],
  ['tenure', 'Tenure (days)', false],
  ['distinctProducts', 'Distinct products', false],
];
const DEFAULT_FEATURES = ['recency', 'frequency', 'monetary'];
const COLORS = ['#2456c9', '#e07b00', '#1d9a5b', '#c23b7a', '#7a52c7', '#0f9bb3', '#a37a00', '#d6453d', '#5b6576', '#3d8b2f'];
const RFM_FIELD = {
  recency: 'recencyDays', frequency: 'frequency', monetary: 'monetary', averageOrderValue: 'averageOrderValue',
  tenure: 'tenureDays', distinctProducts: 'distinctProducts',
};

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
// Means in a column read alike: whole days, orders to one decimal.
const days = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
let result = null;

/** Called after each ingest: resets the tab for the new file. */
function resetSegments(report) {
  result = null;
  $('segment-results').hidden = true;
  const hasMoney = report.netAmount !== null;
  $('feature-boxes').replaceChildren(el('legend', { textContent: 'Cluster on' }), ...FEATURES.map(([key, label, money]) => {
    const box = el('input', { type: 'checkbox', value: key, checked: DEFAULT_FEATURES.includes(key) && (!money || hasMoney), disabled: money && !hasMoney });
    return el('label', {}, box, ` ${label}`);
  }));
  // The default recency date, shown as a date rather than the field's empty mm/dd/yyyy; none for relative days.
  const last = report.relativeDays ? null : report.lastDate;
  $('analysis-date').value = last ? new Date(Date.parse(last.slice(0, 10)) + 86_400_000).toISOString().slice(0, 10) : '';
  $('analysis-date').min = last ? last.slice(0, 10) : '';
  $('k-select').value = '';
}

async function runSegments(scope, handlers) {
  const features = [...$('feature-boxes').querySelectorAll('input:checked')].map((b) => b.value);
  const kmeans = { features };
  if ($('k-select').value) kmeans.k = Number($('k-select').value);
  const rfm = $('analysis-date').value ? { analysisDate: $('analysis-date').value } : undefined;
  const found = await runWithProgress('Finding segments',
    (signal, onProgress) => scope.segment({ rfm, kmeans }, { signal, onProgress }), handlers);
  if (found) {
    result = found;
    render();
  }
}

function render() {
  const { rfm, summary, kmeans, millis } = result;
  $('segment-results').hidden = false;
  const day = new Date(rfm.analysisDay * 86_400_000).toISOString().slice(0, 10);
  $('segment-facts').textContent =
    `${fmt.format(result.customerIds.length)} customers scored, recency counted to ${day}` +
    `${rfm.hasMonetary ? '' : ' (no prices in this file: recency and frequency only)'}` +
    `${rfm.withoutPurchases ? `; ${fmt.format(rfm.withoutPurchases)} without purchases left out` : ''}` +
    `. ${kmeans.k} clusters (${kmeans.chosenBy === 'given' ? 'as chosen' : 'best silhouette'}). Computed in ${fmt.format(Math.round(millis))} ms.`;
  renderRfm(summary, rfm.hasMonetary);
  renderK('k-chart', kmeans);
  renderScatterControls(kmeans);
  renderScatter();
  renderProfiles('profile-table', kmeans, rfm.hasMonetary);
  offerExports('segment-download', result);
}

/**
 * @param {any[]} summary
 * @param {boolean} hasMonetary without prices there is no revenue or spend to show (not 0.00)
 */
function renderRfm(summary, hasMonetary) {
  const bars = [{ label: 'share of customers', data: summary.map((s) => s.share * 100), backgroundColor: '#2456c9' }];
  if (hasMonetary) bars.push({ label: 'share of revenue', data: summary.map((s) => s.revenueShare * 100), backgroundColor: '#e07b00' });
  draw('rfm-chart', {
    type: 'bar',
    data: { labels: summary.map((s) => s.label), datasets: bars },
    options: { indexAxis: 'y', scales: { x: { title: { display: true, text: '%' } } } },
  });
  table('rfm-table',
    [['Segment'], ['Customers', true], ['Share', true], ...cellsIf(hasMonetary, [['Revenue share', true]]), ['Mean recency (days)', true],
      ['Mean orders', true], ...cellsIf(hasMonetary, [['Mean spend', true]]), ['What to do']],
    summary.map((s) => [[s.label], [fmt.format(s.customers), true], [share(s.share), true], ...cellsIf(hasMonetary, [[share(s.revenueShare), true]]),
      [days.format(s.meanRecencyDays), true], [oneDecimal.format(s.meanFrequency), true], ...cellsIf(hasMonetary, [[money.format(s.meanMonetary), true]]), [s.advice]]));
}

export function renderK(canvasId, kmeans) {
  // One number of clusters asked for: one point is no curve to read.
  const box = $(canvasId).closest('.chart-box');
  box.hidden = kmeans.scores.length < 2;
  if (box.hidden) return;
  draw(canvasId, {
    type: 'line',
    data: {
      labels: kmeans.scores.map((s) => s.k),
      datasets: [
        { label: 'silhouette (higher is better)', data: kmeans.scores.map((s) => s.silhouette), borderColor: '#2456c9', yAxisID: 'y' },
        { label: 'inertia', data: kmeans.scores.map((s) => s.inertia), borderColor: '#e07b00', yAxisID: 'y1' },
      ],
    },
    options: {
      scales: {
        x: { title: { display: true, text: `clusters (chosen: ${kmeans.k}${kmeans.elbowK ? `, elbow: ${kmeans.elbowK}` : ''})` } },
        // From 0: an axis fitted to the values makes 0.357 against 0.360 look like a gulf.
        y: { position: 'left', min: Math.min(0, ...kmeans.scores.map((s) => s.silhouette ?? 0)), title: { display: true, text: 'silhouette' } },
        y1: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'inertia' } },
      },
    },
  });
}

function renderScatterControls(kmeans) {
  const options = FEATURES.map(([key, label]) => el('option', { value: key, textContent: label }));
  $('scatter-x').replaceChildren(...options.map((o) => o.cloneNode(true)));
  $('scatter-y').replaceChildren(...options);
  $('scatter-x').value = kmeans.features[0] ?? 'recency';
  $('scatter-y').value = kmeans.features.includes('monetary') ? 'monetary' : (kmeans.features[1] ?? 'frequency');
}

function renderScatter() {
  if (!result) return;
  const { rfm, kmeans } = result;
  const [x, y] = [$('scatter-x').value, $('scatter-y').value];
  const label = Object.fromEntries(FEATURES.map(([k, l]) => [k, l]));
  const [xs, ys] = [rfm.customers[RFM_FIELD[x]], rfm.customers[RFM_FIELD[y]]];
  const points = Array.from(kmeans.labels, (cluster, i) => ({ x: xs[i], y: ys[i], cluster }));
  const skewed = ['monetary', 'frequency', 'averageOrderValue', 'distinctProducts'];
  scatter('scatter-chart', points, kmeans.profiles, { label: label[x], log: skewed.includes(x) }, { label: label[y], log: skewed.includes(y) });
}

/** Customers as points coloured by cluster; at most 3,000 points (a fixed stride) keeps it readable. */
export function scatter(canvasId, points, profiles, xAxis, yAxis) {
  const stride = Math.max(1, Math.ceil(points.length / 3000));
  const datasets = profiles.map((p) => ({
    label: `cluster ${p.cluster + 1}`,
    backgroundColor: COLORS[p.cluster % COLORS.length],
    pointRadius: 2.5,
    data: points.filter((pt, i) => pt.cluster === p.cluster && i % stride === 0),
  }));
  const axis = (a) => ({ type: a.log ? 'logarithmic' : 'linear', title: { display: true, text: a.label } });
  draw(canvasId, { type: 'scatter', data: { datasets }, options: { scales: { x: axis(xAxis), y: axis(yAxis) } } });
}

/** Whether feature `key` is an amount of money (a customer table's columns are not: they are not in FEATURES). */
const isMoney = (key) => FEATURES.some(([k, , m]) => k === key && m);

export function renderProfiles(tableId, kmeans, hasRevenue) {
  const head = [['Cluster'], ['Customers', true], ['Share', true], ...(hasRevenue ? [['Revenue share', true]] : []),
    ...kmeans.featureLabels.map((l) => [`median ${l}`, true]), ['In words']];
  table(tableId, head, kmeans.profiles.map((p) => {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = COLORS[p.cluster % COLORS.length];
    const name = el('span', {}, swatch, `${p.cluster + 1}`);
    return [[name], [fmt.format(p.customers), true], [share(p.share), true], ...(hasRevenue ? [[share(p.revenueShare), true]] : []),
      ...p.median.map((m, i) => [(isMoney(kmeans.features[i]) ? money : fmt).format(m), true]), [p.description]];
  }));
}

/** @type {import('./ui.js').Tab} */
export const tab = {
  name: 'segments',
  panel: 'segments-card',
  analysis: 'segmentation',
  label: 'Segments',
  failed: 'Segments could not be found',
  run: runSegments,
  cancelled: 'Finding segments was cancelled.',
  reset: resetSegments,
  controls: ['segment-button'],
  actions: [{ on: 'segment-form' }],
};

$('scatter-x').addEventListener('change', renderScatter);
$('scatter-y').addEventListener('change', renderScatter);
