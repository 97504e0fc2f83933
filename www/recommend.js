// The Recommendations tab: per-customer top 10 with reasons, bought-together lists and an offline
// evaluation beside popularity, through the same ShopScope API an embedder uses.
import { $, el, runWithProgress } from './ui.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const METRICS = [['precision', 'Precision@10'], ['recall', 'Recall@10'], ['ndcg', 'nDCG@10'], ['map', 'MAP@10'], ['hitRate', 'Hit rate@10'], ['coverage', 'Catalogue coverage']];
let chart = null;
let downloadUrl = null;

function table(id, headers, rows) {
  const head = el('tr', {}, ...headers.map(([label, num]) => el('th', { scope: 'col', className: num ? 'num' : '', textContent: label })));
  const body = rows.map((cells) => el('tr', {}, ...cells.map(([value, num]) => el('td', { className: num ? 'num' : '', textContent: value }))));
  $(id).replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

export function resetRecommendations() {
  for (const id of ['recommend-table', 'together-table', 'evaluate-table']) $(id).replaceChildren();
  for (const id of ['recommender-facts', 'recommend-facts', 'together-facts', 'evaluate-facts']) $(id).textContent = '';
  $('evaluate-chart-box').hidden = true;
  $('recommend-download').hidden = true;
}

/** Fits the model, fills the customer picker and shows the first customer's recommendations. */
export async function runRecommender(scope, handlers) {
  const model = await runWithProgress('Learning which products go together',
    (signal, onProgress) => scope.recommender({}, { signal, onProgress }), handlers);
  if (!model) return;
  $('recommender-facts').textContent =
    `Learned from ${fmt.format(model.pairs)} customer–product pairs of ${fmt.format(model.customers)} customers and ` +
    `${fmt.format(model.products)} products in ${fmt.format(Math.round(model.millis))} ms.`;
  $('customer-ids').replaceChildren(...model.customerIds.slice(0, 5000).map((id) => el('option', { value: id })));
  if (!$('customer-id').value && model.customerIds.length) $('customer-id').value = model.customerIds[0];
  await showRecommendations(scope, handlers);
}

export async function showRecommendations(scope, { onError }) {
  try {
    const r = await scope.recommend($('customer-id').value.trim(), { n: 10, excludeBought: $('exclude-bought').checked });
    $('recommend-facts').textContent = r.known
      ? `Customer ${r.customer} bought ${fmt.format(r.bought)} different products. Top ${r.recommendations.length}:`
      : `Customer “${r.customer}” has no purchase in this file: the most popular products.`;
    table('recommend-table', [['#', true], ['Product'], ['Score', true], ['Because they bought']],
      r.recommendations.map((x, i) => [
        [String(i + 1), true],
        [x.label],
        [x.popular ? 'popular' : fmt.format(x.score), true],
        [x.because.map((b) => `${b.label} (${pct.format(b.share)})`).join(', ') || '—'],
      ]));
  } catch (e) {
    onError(e);
  }
}

export async function showTogether(scope, { onError }) {
  try {
    const product = $('together-product').value.trim();
    const t = await scope.boughtTogether([product], { n: 10 });
    $('together-facts').textContent = t.items.length
      ? `${fmt.format(t.cartBaskets)} baskets hold product ${product}; these products are in them more often than chance:`
      : `${fmt.format(t.cartBaskets)} baskets hold product ${product}; no product is in at least 2 of them more often than chance.`;
    table('together-table', [['Product'], ['Baskets together', true], ['Share of its baskets', true], ['Lift', true]],
      t.items.map((x) => [[x.label], [fmt.format(x.count), true], [pct.format(x.confidence), true], [fmt.format(x.lift), true]]));
  } catch (e) {
    onError(e);
  }
}

export async function exportRecommendations(scope, { onError }) {
  try {
    const csv = await scope.exportRecommendations({ n: 10, excludeBought: $('exclude-bought').checked });
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    $('recommend-download').href = downloadUrl;
    $('recommend-download').hidden = false;
    $('recommend-download').click();
  } catch (e) {
    onError(e);
  }
}

export async function runEvaluation(scope, handlers) {
  const split = $('evaluate-split').value;
  const e = await runWithProgress('Evaluating on held-out purchases',
    (signal, onProgress) => scope.evaluateRecommendations({ split, excludeBought: $('exclude-bought').checked }, { signal, onProgress }), handlers);
  if (!e) return;
  $('evaluate-facts').textContent =
    `${fmt.format(e.users)} customers with held-out purchases (${split === 'lastOrder' ? 'their last order' : 'a random 20%'}; ` +
    `${fmt.format(e.trainPairs)} pairs to learn from, ${fmt.format(e.testPairs)} held out). ` +
    `Precision@10 ${fmt.format(e.model.precision / Math.max(e.popularity.precision, 1e-12))}× popularity's.`;
  table('evaluate-table', [['Metric'], ['This model', true], ['Most popular', true]],
    METRICS.map(([key, label]) => [[label], [fmt.format(e.model[key]), true], [fmt.format(e.popularity[key]), true]]));
  $('evaluate-chart-box').hidden = false;
  chart?.destroy();
  chart = new Chart($('evaluate-chart'), {
    type: 'bar',
    data: {
      labels: METRICS.map(([, label]) => label),
      datasets: [
        { label: 'this model', data: METRICS.map(([key]) => e.model[key]), backgroundColor: 'hsl(220, 70%, 50%)' },
        { label: 'most popular', data: METRICS.map(([key]) => e.popularity[key]), backgroundColor: 'hsl(30, 80%, 55%)' },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
}
