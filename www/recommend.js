// The Recommendations tab: per-customer top 10 with reasons, bought-together lists and an offline
// evaluation beside popularity, through the same ShopScope API an embedder uses.
import { $, draw, el, offerDownload, runWithProgress, table } from './ui.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
// Metrics are shares of 0-1 (nDCG and MAP too): all shown as percentages with one decimal.
const metric = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const KNN = [['rp3Beta', 'RP3beta'], ['tfIdf', 'TF-IDF'], ['bm25', 'BM25'], ['cosine', 'cosine']];
/** Whether the file read last has its customer ids masked (an unknown id may be a real one typed). */
let lastMasked = false;
const METRICS = [['precision', 'Precision@10'], ['recall', 'Recall@10'], ['ndcg', 'nDCG@10'], ['map', 'MAP@10'], ['hitRate', 'Hit rate@10'], ['coverage', 'Catalogue coverage']];
// How the page names the next-basket models and baselines (the core's names carry their settings).
/** @type {[RegExp, string][]} */
const BASKET_NAMES = [[/^TIFU-KNN/, 'Shoppers like them (TIFU-KNN)'], [/^P-TopFreq$/, 'Their own most bought'],
  [/^GP-TopFreq$/, 'Own most bought, then best sellers'], [/^(popularity|best sellers)$/, 'Best sellers (in most baskets)'], [/^blend/, 'Shoppers like them + similar descriptions'],
  [/^item-kNN/, 'Products bought together (item-kNN)']];

/** @param {string} name  a model's name as the core gives it */
const modelLabel = (name) => BASKET_NAMES.find(([re]) => re.test(name))?.[1] ?? name;

/** The Model select's value as recommender options: a next-basket model, or item-kNN with a weighting. */
function recommenderOptions() {
  const [model, weighting] = $('weighting').value.split(':');
  const task = $('exclude-bought').checked ? 'discovery' : 'nextBasket';
  return model === 'itemKnn' ? { model, task, knn: { weighting } } : { model, task };
}

function resetRecommendations() {
  for (const id of ['recommend-table', 'together-table', 'evaluate-table', 'model-table']) $(id).replaceChildren();
  for (const id of ['recommender-facts', 'recommender-choice', 'recommend-facts', 'together-facts', 'evaluate-facts']) $(id).textContent = '';
  $('evaluate-chart-box').hidden = true;
  $('recommend-download').hidden = true;
}

/**
 * What the model was chosen for and how it does on each customer's held-out last basket, beside the
 * baselines (the first of `model.test` is the model itself).
 */
function showChoice(model) {
  const task = model.task === 'discovery' ? 'products new to each customer' : 'the next basket (repeat purchases included)';
  const [mine, ...baselines] = model.test;
  const judged = (/** @type {any} */ e) => (model.task === 'discovery' ? e.new.ndcg : e.overall.ndcg);
  // Measured against the strongest of the simple lists on the last baskets, whichever it is.
  const against = baselines.reduce((/** @type {any} */ a, /** @type {any} */ b) => (a && judged(a.evaluation) >= judged(b.evaluation) ? a : b), null);
  const times = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const score = mine && against && judged(against.evaluation) > 0 ? judged(mine.evaluation) / judged(against.evaluation) : null;
  // Chosen on the basket before the last: on a small file the last basket can disagree, and the person
  // should know which list to pick then.
  const worse = score !== null && score < 1 ? ` On these baskets “${modelLabel(against.name)}” does better: choose it under Model to use it instead.` : '';
  const ratio = score !== null
    ? ` On each customer's last basket it scores ${times.format(score)}× the nDCG@10 of “${modelLabel(against.name)}”, the best of the simple lists.${worse}`
    : '';
  // Ten suggestions out of ten products or fewer hold every product: only their order differs.
  const few = model.products <= 10 ? ` With ${fmt.format(model.products)} products, a top 10 holds every product, so recall cannot tell the models apart; only the order (nDCG) can.` : '';
  $('recommender-choice').textContent = (model.reason === 'as asked'
    ? `Model: ${modelLabel(model.model)}, for ${task}.${ratio}`
    : `Model: ${modelLabel(model.model)}, for ${task}: ${model.reason}.${ratio}`) + few;
  if (!mine) return;
  const held = mine.evaluation.overall.customers;
  table('model-table', [[`On the last basket of ${fmt.format(held)} customers (held out)`], ['nDCG@10', true], ['Recall@10', true],
    ['Recall of repeat purchases', true], ['Recall of new products', true], ['Share of the list bought before', true]],
  model.test.map((/** @type {any} */ t, /** @type {number} */ i) => [[i === 0 ? `${modelLabel(t.name)} (used)` : modelLabel(t.name)],
    [metric.format(judged(t.evaluation)), true], [pct.format(t.evaluation.overall.recall), true], [pct.format(t.evaluation.repeat.recall), true],
    [pct.format(t.evaluation.new.recall), true], [pct.format(t.evaluation.repeatShare), true]]));
}

/** Fits the model, fills the customer picker and shows the first customer's recommendations. */
async function runRecommender(scope, handlers) {
  const model = await runWithProgress('Learning what each customer buys',
    (signal, onProgress) => scope.recommender(recommenderOptions(), { signal, onProgress }), handlers);
  if (!model) return;
  $('recommender-facts').textContent =
    `Learned from ${fmt.format(model.pairs)} customer–product pairs of ${fmt.format(model.customers)} customers and ` +
    `${fmt.format(model.products)} products in ${fmt.format(Math.round(model.millis))} ms.`;
  $('model-table').replaceChildren();
  // `auto` serves new products only on files where customers never buy a product twice.
  $('exclude-bought').checked = model.task === 'discovery';
  showChoice(model);
  $('customer-ids').replaceChildren(...model.customerIds.slice(0, 5000).map((id) => el('option', { value: id })));
  if (!$('customer-id').value && model.customerIds.length) $('customer-id').value = model.customerIds[0];
  await showRecommendations(scope, handlers);
}

/** A recommendation's reason in words: the model's main reason, with item-kNN's bought products beside it. */
function reason(x) {
  const why = x.why;
  const main = {
    repeat: () => (why.everyDays ? `buys it again every ${fmt.format(Math.round(why.everyDays))} days (in ${fmt.format(why.times)} baskets)`
      : why.times === 1 ? 'bought it once before' : `bought it ${fmt.format(why.times)} times before`),
    similarCustomers: () => 'customers who shop like them buy it',
    boughtWith: () => `goes with ${why.label}`,
    likeBought: () => `like what they bought: ${why.label}`,
    popular: () => 'a best seller',
  }[why.kind]();
  if (!x.because.length) return main;
  return [...(x.repeatShare > 0 ? [`bought it before (${pct.format(x.repeatShare)})`] : []),
    ...x.because.map((b) => `${b.label} (${pct.format(b.share)})`)].join(', ');
}

async function showRecommendations(scope, { onError }) {
  try {
    const r = await scope.recommend($('customer-id').value.trim(), { n: 10, excludeBought: $('exclude-bought').checked });
    // A customer who bought every product has nothing new to be offered: said in words, not as "Top 0".
    $('recommend-facts').textContent = !r.known
      ? `No customer “${r.customer}” bought anything in this file${lastMasked ? ' (its customer ids are masked: type a pseudonym from the lists, or untick “Mask personal data” and read again)' : ''}: the most popular products.`
      : r.recommendations.length
        ? `Customer ${r.customer} bought ${fmt.format(r.bought)} different products. Top ${r.recommendations.length}:`
        : `Customer ${r.customer} bought ${fmt.format(r.bought)} different products: none is left that is new to them. Untick “only products new to the customer” to see what they buy again.`;
    table('recommend-table', [['#', true], ['Product'], ['Score', true], ['Why']],
      r.recommendations.map((x, i) => [
        [String(i + 1), true],
        [x.label],
        [x.popular ? 'popular' : fmt.format(x.score), true],
        [reason(x)],
      ]));
  } catch (e) {
    onError(e);
  }
}

async function showTogether(scope, { onError }) {
  try {
    const product = $('together-product').value.trim();
    const t = await scope.boughtTogether([product], { n: 10 });
    const shown = t.cartLabels[0] ?? product;
    $('together-facts').textContent = t.items.length
      ? `${fmt.format(t.cartBaskets)} baskets hold ${shown}; these products are in them more often than chance:`
      : `${fmt.format(t.cartBaskets)} baskets hold ${shown}; no product is in at least 2 of them more often than chance.`;
    table('together-table', [['Product'], ['Baskets together', true], ['Share of its baskets', true], ['Lift', true]],
      t.items.map((x) => [[x.label], [fmt.format(x.count), true], [pct.format(x.confidence), true], [fmt.format(x.lift), true]]));
  } catch (e) {
    onError(e);
  }
}

async function exportRecommendations(scope, { onError }) {
  try {
    const csv = await scope.exportRecommendations({ n: 10, excludeBought: $('exclude-bought').checked });
    offerDownload('recommend-download', csv, 'text/csv');
    $('recommend-download').hidden = false;
    $('recommend-download').click();
  } catch (e) {
    onError(e);
  }
}

/**
 * The evaluation in one sentence, on nDCG@10 (what the best weighting is chosen by), saying so when a baseline
 * does better (the table beside it shows every metric), and the model that did best.
 * @param {string} name @param {string} weighting @param {any} e the best weighting's evaluation
 * @param {boolean} switching whether the model in use is item-kNN, which the best then replaces
 * @returns {[string, string]} the sentence and the Model select's value of the best
 */
function verdict(name, weighting, e, switching) {
  const baselines = [['the most popular products', 'popularity', e.popularity], ...(e.buyAgain ? [['their own most bought', 'pTopFreq', e.buyAgain]] : [])];
  const [baseline, model, b] = baselines.reduce((x, y) => (y[2].ndcg > x[2].ndcg ? y : x));
  const ndcg = `nDCG@10 ${metric.format(e.model.ndcg)}`;
  if (b.ndcg >= e.model.ndcg) {
    // Only an item-kNN model in use is replaced: the next-basket model chosen above stays (it was scored on
    // the last basket, above).
    const used = switching ? 'now in use' : 'choose them under Model to use them';
    return [`Best item-kNN weighting: ${name} (${ndcg}), but ${baseline} score higher (${metric.format(b.ndcg)}): on this file they are the better recommendation, ${used}.`, model];
  }
  return [`Best: ${name}, ${ndcg}, ${fmt.format(e.model.ndcg / Math.max(b.ndcg, 1e-12))}× ${baseline} (the strongest baseline here).`, `itemKnn:${weighting}`];
}

/** Evaluates every model on the same split, shows them beside the baselines, and switches to the best. */
async function runEvaluation(scope, handlers) {
  const split = $('evaluate-split').value;
  const excludeBought = $('exclude-bought').checked;
  const results = [];
  const started = performance.now();
  for (const [i, [weighting, name]] of KNN.entries()) {
    const e = await runWithProgress(`Evaluating ${name} on held-out purchases (${i + 1} of ${KNN.length})`,
      (signal, onProgress) => scope.evaluateRecommendations({ split, excludeBought, knn: { weighting } }, { signal, onProgress }),
      handlers, { part: [i, KNN.length], started });
    if (!e) return;
    results.push([name, weighting, e]);
  }
  const [bestName, bestWeighting, best] = results.reduce((a, b) => (b[2].model.ndcg > a[2].model.ndcg ? b : a));
  const e = results[0][2];
  const switching = $('weighting').value.startsWith('itemKnn:');
  const [sentence, bestModel] = verdict(bestName, bestWeighting, best, switching);
  $('evaluate-facts').textContent =
    `${fmt.format(e.users)} customers with held-out purchases (${split === 'lastOrder' ? 'their last order' : 'a random 20%'}; ` +
    `${fmt.format(e.trainPairs)} pairs to learn from, ${fmt.format(e.testPairs)} held out). ` +
    sentence;
  const rows = [...results.map(([name, , r]) => [name, r.model]), ['Most popular (bought by most customers)', e.popularity], ...(e.buyAgain ? [['Their own most bought', e.buyAgain]] : [])];
  table('evaluate-table', [['Model'], ...METRICS.map(([, label]) => [label, true])],
    rows.map(([name, m]) => [[name], ...METRICS.map(([key]) => [metric.format(m[key]), true])]));
  $('evaluate-chart-box').hidden = false;
  const colours = ['hsl(220, 70%, 50%)', 'hsl(260, 55%, 55%)', 'hsl(190, 60%, 40%)', 'hsl(0, 0%, 55%)', 'hsl(30, 80%, 55%)', 'hsl(140, 50%, 45%)'];
  draw('evaluate-chart', {
    type: 'bar',
    data: {
      labels: METRICS.map(([, label]) => label),
      datasets: rows.map(([name, m], i) => ({ label: name, data: METRICS.map(([key]) => m[key] * 100), backgroundColor: colours[i] })),
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: '%' } } } },
  });
  // The next-basket models are scored above, on the last basket; item-kNN in use switches to the best here.
  if (switching && $('weighting').value !== bestModel) {
    $('weighting').value = bestModel;
    await runRecommender(scope, handlers);
  }
}

/** @type {import('./ui.js').Tab} */
export const tab = {
  name: 'recommend',
  panel: 'recommend-card',
  analysis: 'recommendations',
  label: 'Recommendations',
  failed: 'The recommender could not learn from this file',
  run: runRecommender,
  cancelled: 'Learning was cancelled.',
  reset(report) {
    lastMasked = Boolean(report?.idsMasked);
    resetRecommendations();
    // Another read gives other customers (or other pseudonyms): the picker starts again from its first one,
    // rather than asking for a customer of the file before, who is not in this one.
    $('customer-id').value = '';
  },
  // The table names the products: recommendations are made again with its names when next shown.
  onProducts: 'later',
  clear: resetRecommendations,
  controls: ['recommend-button', 'recommend-export', 'together-button', 'evaluate-button'],
  actions: [
    { on: 'recommend-form', run: showRecommendations, failed: 'No recommendations' },
    { on: 'together-form', run: showTogether, failed: 'Products bought together could not be shown' },
    { on: 'evaluate-form', run: runEvaluation, failed: 'The evaluation could not be run', cancelled: 'The evaluation was cancelled.' },
    { on: 'weighting', event: 'change' },
    // The task is what the model is chosen for: another task, another choice.
    { on: 'exclude-bought', event: 'change' },
    { on: 'recommend-export', event: 'click', run: exportRecommendations, failed: 'The recommendations could not be exported' },
  ],
};
