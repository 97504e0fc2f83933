// The Rules tab: frequent itemsets and association rules of the ingested file, through the same ShopScope
// API an embedder uses. Mining runs once per support; rule filters re-use the itemsets.
import { $, draw, el, offerExports, runWithProgress } from './ui.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 });
const SHOWN = 200;
/** @type {[string, string, (r: any) => string][]} */
const COLUMNS = [
  ['rule', 'Rule', (r) => text(r)],
  ['support', 'Support', (r) => pct.format(r.support)],
  ['confidence', 'Confidence', (r) => pct.format(r.confidence)],
  ['lift', 'Lift', (r) => fmt.format(r.lift)],
  ['leverage', 'Leverage', (r) => fmt.format(r.leverage)],
  ['conviction', 'Conviction', (r) => (r.conviction === null ? '∞' : fmt.format(r.conviction))],
  ['count', 'Baskets', (r) => fmt.format(r.count)],
];
let rules = [];
let sortKey = 'lift';
/** The last mining's summary: whether any pair of items was frequent says which threshold to lower. */
let mined = null;

function resetRules() {
  rules = [];
  $('rules-results').hidden = true;
}

/** Shows a loaded products table and offers its columns as item levels (a category column chosen first). */
export function showProducts(name, summary) {
  const columns = summary.columns.filter((c) => c.distinct > 1);
  $('item-level').replaceChildren(
    el('option', { value: '', textContent: 'products' }),
    ...columns.map((c) => el('option', { value: c.name, textContent: `${c.name} (${fmt.format(c.distinct)} values)` })));
  const preferred = columns.find((c) => /categ/i.test(c.name)) ?? columns.find((c) => /depart|class|group/i.test(c.name));
  $('item-level').value = preferred?.name ?? '';
  $('products-facts').hidden = false;
  $('products-facts').textContent = `${name}: ${fmt.format(summary.rows)} products (id column “${summary.idColumn}”)` +
    `${summary.duplicateIds ? `, ${fmt.format(summary.duplicateIds)} repeated ids skipped` : ''}.`;
}

async function runMining(scope, handlers) {
  // Left empty, the support is chosen from the data (the core's default).
  const options = $('min-support').value ? { minSupport: Number($('min-support').value) / 100 } : {};
  if ($('item-level').value) options.itemColumn = $('item-level').value;
  if ($('max-length').value) options.maxLength = Number($('max-length').value);
  // The results of the last mining stay hidden until the new itemsets' rules replace them.
  $('rules-results').hidden = true;
  const summary = await runWithProgress('Finding itemsets',
    (signal, onProgress) => scope.mine(options, { signal, onProgress }), handlers);
  if (!summary) return;
  mined = summary;
  $('itemset-facts').textContent =
    `${fmt.format(summary.itemsets)} frequent itemsets in ${fmt.format(summary.baskets)} baskets of ${fmt.format(summary.items)} items ` +
    `(each in at least ${fmt.format(summary.minCount)} baskets; by size: ${summary.bySize.map(fmt.format).join(' / ')}). ` +
    supportNote(summary) + `Found in ${fmt.format(Math.round(summary.millis))} ms.` + coverageNote(summary.coverage);
  await showRules(scope, handlers);
  $('rules-results').hidden = false;
}

function supportNote(s) {
  if (s.supportChosenBy !== 'data') return '';
  return `Support chosen from the data: ${pct.format(s.minSupport)} (${fmt.format(s.minCount)} baskets); type a support to choose it yourself. `;
}

function coverageNote(c) {
  if (!c) return '';
  const left = [];
  if (c.productsWithoutValue) left.push(`${fmt.format(c.productsWithoutValue)} of ${fmt.format(c.products)} products have no ${c.column} and are left out`);
  if (c.basketsWithoutValue) left.push(`${fmt.format(c.basketsWithoutValue)} baskets hold only such products`);
  return left.length ? ` Items are ${c.column} values; ${left.join('; ')}.` : ` Items are ${c.column} values.`;
}

async function showRules(scope, { onError }) {
  const options = {
    minConfidence: Number($('min-confidence').value) / 100,
    minLift: Number($('min-lift').value) || 0,
    sortBy: $('rule-sort').value,
  };
  try {
    const result = await scope.rules(options);
    rules = result.rules;
    sortKey = options.sortBy;
    offerExports('rules-download', result);
    render();
  } catch (e) {
    onError(e);
  }
}

const text = (r) => `${r.antecedent.join(' + ')} → ${r.consequent.join(' + ')}`;

function visible() {
  const q = $('rule-search').value.trim().toLowerCase();
  return q ? rules.filter((r) => text(r).toLowerCase().includes(q)) : rules;
}

function render() {
  const shown = visible();
  const noPairs = mined !== null && mined.bySize.length < 2;
  $('rule-facts').textContent = rules.length === 0
    ? noPairs
      ? `No two items are bought together in ${fmt.format(mined.minCount)} baskets or more, so there is no rule to find: ` +
        'lower the minimum support (rules then rest on fewer baskets).'
      : 'No rule passes these thresholds: lower the confidence or lift, or the minimum support.'
    : `${fmt.format(shown.length)} rules${shown.length < rules.length ? ` of ${fmt.format(rules.length)}` : ''}` +
      `${shown.length > SHOWN ? `; the best ${SHOWN} by ${sortKey} are listed` : ''}.`;
  // No rule (or none matching the search): no empty chart and table, and no download of nothing.
  $('rules-shown').hidden = shown.length === 0;
  $('rules-downloads').hidden = rules.length === 0;
  renderChart(shown);
  renderTable(shown.slice(0, SHOWN));
}

function renderChart(shown) {
  const maxLift = Math.max(1, ...shown.map((r) => r.lift));
  // Lift on a blue (about 1: no association) to orange (the strongest here) scale.
  const colour = (lift) => {
    const t = Math.min(1, Math.max(0, (lift - 1) / Math.max(maxLift - 1, 1e-9)));
    return `hsl(${220 - 190 * t}, 75%, ${50 - 5 * t}%)`;
  };
  const points = shown.slice(0, 3000);
  draw('rules-chart', {
    type: 'scatter',
    data: {
      datasets: [{
        label: 'rules (colour: lift, blue ≈ 1, orange = highest)',
        data: points.map((r) => ({ x: r.support * 100, y: r.confidence * 100, rule: r })),
        backgroundColor: points.map((r) => colour(r.lift)),
        pointRadius: 4,
      }],
    },
    options: {
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'support (% of baskets)' } }, y: { title: { display: true, text: 'confidence (%)' } } },
      plugins: { tooltip: { callbacks: { label: (ctx) => `${text(ctx.raw.rule)}: lift ${fmt.format(ctx.raw.rule.lift)}` } } },
    },
  });
}

function renderTable(shown) {
  const head = el('tr', {}, ...COLUMNS.map(([key, label]) => {
    const th = el('th', { scope: 'col', className: key === 'rule' ? '' : 'num' });
    if (key === 'rule') {
      th.textContent = label;
    } else {
      const button = el('button', { type: 'button', className: 'sort', textContent: label });
      button.setAttribute('aria-label', `Sort by ${label}`);
      button.addEventListener('click', () => {
        sortKey = key;
        const value = (r) => (r[key] === null ? Infinity : r[key]);
        rules.sort((a, b) => value(b) - value(a));
        render();
      });
      th.append(button);
      if (key === sortKey) th.setAttribute('aria-sort', 'descending');
    }
    return th;
  }));
  const rows = shown.map((r) => el('tr', {}, ...COLUMNS.map(([key, , show]) =>
    el('td', { className: key === 'rule' ? '' : 'num', textContent: show(r) }))));
  $('rules-table').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

$('rule-search').addEventListener('input', () => render());

/** @type {import('./ui.js').Tab} */
export const tab = {
  name: 'rules',
  panel: 'rules-card',
  analysis: 'rules',
  label: 'Rules',
  failed: 'Itemsets could not be found',
  run: runMining,
  cancelled: 'Finding itemsets was cancelled.',
  reset: resetRules,
  // Items can be a column of the products table, and product-level rules are named from it.
  onProducts: 'run',
  controls: ['mine-button', 'rule-button', 'products-sample-button'],
  actions: [{ on: 'mine-form' }, { on: 'rule-form', run: showRules, failed: 'Rules could not be listed' }],
};
