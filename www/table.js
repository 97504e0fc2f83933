// The Customer table tab: k-means on a table with one row per customer (age, income, spend...), through the
// same ShopScope API an embedder uses.
import { renderK, renderProfiles, scatter } from './segments.js';
import { $, el, offerExports, runWithProgress } from './ui.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
let summary = null;
let result = null;

/** Shows what was read of a customer table and offers its numeric columns. */
export function showTable(name, s) {
  summary = s;
  result = null;
  $('table-results').hidden = true;
  const numeric = s.numeric.map((c) => `${c.name}${c.banded ? ' (bands read as midpoints)' : ''}${c.missing ? `, ${fmt.format(c.missing)} missing` : ''}`);
  $('table-facts').textContent =
    `${name}: ${fmt.format(s.rows)} customers (id column “${s.idColumn}”)` +
    `${s.duplicateIds ? `, ${fmt.format(s.duplicateIds)} repeated ids skipped` : ''}. ` +
    `Numeric: ${numeric.join('; ') || 'none'}.` +
    `${s.otherColumns.length ? ` Not numeric, not used: ${s.otherColumns.join(', ')}.` : ''}`;
  // Ticked as the core would choose (columns most customers have a value in); each says how many it keeps,
  // as a customer with a gap in any ticked column is left out.
  $('table-columns').replaceChildren(el('legend', { textContent: 'Cluster on' }), ...s.numeric.map((c) =>
    el('label', {}, el('input', { type: 'checkbox', value: c.name, checked: c.byDefault }),
      ` ${c.name} (keeps ${fmt.format(c.keeps)} of ${fmt.format(s.rows)})`)));
  $('table-k').value = '';
  $('table-log').checked = false;
}

async function runTable(scope, handlers) {
  if (!summary) return;
  const columns = [...$('table-columns').querySelectorAll('input:checked')].map((b) => b.value);
  const kmeans = $('table-k').value ? { k: Number($('table-k').value) } : {};
  const params = { columns, log: $('table-log').checked, kmeans };
  const found = await runWithProgress('Clustering customers',
    (signal, onProgress) => scope.segmentCustomerTable(params, { signal, onProgress }), handlers);
  if (found) {
    result = found;
    render();
  }
}

function render() {
  const { segmentation: s, rowsMissingValues, millis } = result;
  $('table-results').hidden = false;
  $('table-result-facts').textContent =
    `${fmt.format(result.rows.length)} customers in ${s.k} clusters (${s.chosenBy === 'given' ? 'as chosen' : 'best silhouette'})` +
    `${rowsMissingValues ? `; ${fmt.format(rowsMissingValues)} with a missing value left out` : ''}. ` +
    `${result.kNote ? `${result.kNote}. ` : ''}Computed in ${fmt.format(Math.round(millis))} ms.`;
  renderK('table-k-chart', s);
  const [xi, yi] = [0, Math.min(1, s.features.length - 1)];
  const [xs, ys] = [result.values[xi], result.values[yi]];
  const points = Array.from(s.labels, (cluster, i) => ({ x: xs[i], y: ys[i], cluster }));
  scatter('table-scatter', points, s.profiles, { label: s.featureLabels[xi] }, { label: s.featureLabels[yi] });
  renderProfiles('table-profiles', s, false);
  offerExports('table-download', result);
}

/** @type {import('./ui.js').Tab} */
export const tab = {
  name: 'table',
  panel: 'table-card',
  analysis: null,
  label: 'Customer table',
  failed: 'The customer table could not be clustered',
  run: runTable,
  cancelled: 'Clustering was cancelled.',
  controls: ['table-button'],
  actions: [{ on: 'table-form' }],
};
