// The Lifetime value tab: BG/NBD + Gamma-Gamma lifetime value, P(alive) and the at-risk list of the ingested
// file, through the same ShopScope API an embedder uses.
import { $, cellsIf, currencyName, draw, el, money, offerExports, runWithProgress, table } from './ui.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const three = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const tiny = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
// A model parameter: three decimals, but a value under 0.001 keeps two significant digits rather than
// showing as "0" (a = 0 means no drop-out, which is said in words; a tiny a is not that).
const num = { format: (v) => (v !== 0 && Math.abs(v) < 0.001 ? tiny.format(v) : three.format(v)) };
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const SHOWN = 20;

/** Called after each ingest: clears the tab and bounds the calibration date by the file's dates. */
function resetLifetime(report) {
  $('clv-results').hidden = true;
  $('clv-facts').textContent = '';
  $('clv-calibration').value = '';
  $('clv-calibration').min = report.firstDate ?? '';
  $('clv-calibration').max = report.lastDate ?? '';
}

async function runLifetime(scope, handlers) {
  const options = {
    horizonDays: Number($('clv-horizon').value),
    annualDiscountRate: Number($('clv-discount').value) / 100,
  };
  if ($('clv-calibration').value) options.calibrationEnd = $('clv-calibration').value;
  // A refusal (too little history, a model the data cannot pin down) belongs in the tab, next to the
  // settings that caused it, rather than in the page's error box; a cancel stays there.
  const onError = (e) => (e.code === 'cancelled' ? handlers.onError(e) : refuse(e));
  const result = await runWithProgress('Fitting lifetime-value models',
    (signal, onProgress) => scope.lifetimeValue(options, { signal, onProgress }), { ...handlers, onError });
  if (result) render(result);
}

function refuse(e) {
  $('clv-results').hidden = true;
  $('clv-facts').replaceChildren(
    el('strong', { textContent: 'No lifetime value for these settings: ' }),
    el('span', { textContent: `${e.message}.` }),
  );
}

function render(r) {
  const isMoney = r.valueUnit === 'money';
  const amount = isMoney ? money : fmt;
  const value = (v) => `${amount.format(v)}${isMoney ? '' : ' purchases'}`;
  const t = r.totals;
  const horizon = horizonLabel(r.horizonDays);
  const level = pct.format(r.intervalLevel);
  const m = r.purchaseModel;
  $('clv-results').hidden = false;
  $('clv-facts').replaceChildren(
    el('span', { textContent:
      `${fmt.format(t.customers)} customers (${fmt.format(t.repeatBuyers)} bought on more than one day), learned up to ${r.calibrationEnd}. ` +
      `Next ${horizon}: ${fmt.format(t.expectedPurchases)} purchases expected, worth ${value(t.value)} today ` +
      `(${level} interval ${value(t.valueLow)} – ${value(t.valueHigh)}). Average P(alive) of repeat buyers ${pct.format(repeatAlive(r.customers))} ` +
      '(one-time buyers count as alive: the model lets customers leave only right after a purchase); ' +
      `${fmt.format(t.atRisk)} repeat buyers are probably lost. Computed in ${fmt.format(Math.round(r.millis))} ms.` }),
  );
  // A fit at a limit of the model (a parameter at 0 or infinity where the model becomes a simpler one) is
  // no failure, but what it means is said in words.
  const fit = (name, f, params) => `${name}: ${params}; log-likelihood ${fmt.format(f.logLikelihood)}, ` +
    (f.converged ? 'converged' : `NOT converged: ${f.message}`) + (f.limit ? `, at a limit of the model: ${f.limit}.` : '.');
  const dropOut = m.a === 0 ? 'a = 0 (no drop-out)' : `a ${num.format(m.a)}, b ${num.format(m.b)}`;
  const notes = [fit('Purchases (BG/NBD)', r.purchaseFit, `r ${num.format(m.r)}, α ${num.format(m.alpha)}, ${dropOut}`)];
  if (r.spendModel) {
    const g = r.spendModel;
    notes.push(fit('Spend per purchase (Gamma-Gamma)', r.spendFit, `p ${num.format(g.p)}, q ${num.format(g.q)}, γ ${num.format(g.gamma)}`));
  }
  if (r.spendNote) notes.push(`Value is in purchases: ${r.spendNote}.`);
  if (r.spendFrequencyCorrelation !== null && Math.abs(r.spendFrequencyCorrelation) > 0.3) {
    notes.push(`Spend per purchase and number of purchases are correlated (${num.format(r.spendFrequencyCorrelation)}); the spend model assumes they are not, so treat money values with care.`);
  }
  if (r.firstBoughtInHoldout) notes.push(`${fmt.format(r.firstBoughtInHoldout)} customer${r.firstBoughtInHoldout === 1 ? '' : 's'} first bought after the calibration end and ${r.firstBoughtInHoldout === 1 ? 'is' : 'are'} not scored.`);
  $('clv-model').replaceChildren(...notes.map((n) => el('li', { textContent: n })));

  renderDistribution(r, isMoney);
  renderHoldout(r.holdout);
  renderAlive(r.aliveGrid, r.calibrationEnd);
  const c = r.customers;
  // Without prices there is no spend to show (not 0.00); with prices it is shown even where value is in
  // purchases (the spend model failed). The CSV export decides the same way.
  const priced = c.spend.some((/** @type {number} */ v) => v !== 0);
  const row = (i) => [[r.customerIds[i]], [fmt.format(c.repeatPurchases[i]), true], [fmt.format(c.daysSinceLast[i]), true],
    ...cellsIf(priced, [[money.format(c.spend[i]), true]]), [pct.format(c.pAlive[i]), true], [fmt.format(c.expectedPurchases[i]), true],
    [`${amount.format(c.value[i])} (${amount.format(c.valueLow[i])} – ${amount.format(c.valueHigh[i])})`, true]];
  const head = [['Customer'], ['Repeat purchases', true], ['Days since last', true], ...cellsIf(priced, [['Spend so far (before refunds)', true]]),
    ['P(alive)', true], ['Expected purchases', true], [isMoney ? `Value (${level} interval)` : `Value in purchases (${level} interval)`, true]];
  // No heading row over an empty list: the sentence above says there is no one.
  if (r.atRisk.length) table('clv-at-risk', head, r.atRisk.slice(0, SHOWN).map(row));
  else $('clv-at-risk').replaceChildren();
  $('clv-at-risk-facts').textContent = r.atRisk.length
    ? `${fmt.format(r.atRisk.length)} repeat buyers with P(alive) under 50%, ${priced ? 'those who spent most' : 'those who came back most often'} first${r.atRisk.length > SHOWN ? ` (top ${SHOWN}; all are flagged in the CSV)` : ''}:`
    : 'No repeat buyer has P(alive) under 50%.';
  const top = r.customerIds.map((_, i) => i).sort((a, b) => c.value[b] - c.value[a]).slice(0, SHOWN);
  table('clv-top', head, top.map(row));
  offerExports('clv-download', r);
}

/**
 * Mean P(alive) over customers who bought again (1 where none did: nobody to have left).
 * @param {{ pAlive: Float64Array, repeatPurchases: Uint32Array | Float64Array }} c
 */
function repeatAlive(c) {
  let sum = 0;
  let n = 0;
  c.pAlive.forEach((p, i) => {
    if (c.repeatPurchases[i] > 0) {
      sum += p;
      n += 1;
    }
  });
  return n ? sum / n : 1;
}

/** "1 year", "6 months" or "100 days", as people say a horizon. */
function horizonLabel(days) {
  const near = (v) => v >= 1 && Math.abs(v - Math.round(v)) < 0.05;
  const plural = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (near(days / 365)) return plural(Math.round(days / 365), 'year');
  if (near(days / 30.4375)) return plural(Math.round(days / 30.4375), 'month');
  return plural(Math.round(days), 'day');
}

// Band edges are multiples of the round width: 2.5 times a power of ten needs two decimals below 1.
const bandEdge = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A round band width (1, 2, 2.5 or 5 times a power of ten) giving at most ten bands up to `top`. */
function roundWidth(top) {
  const power = 10 ** Math.floor(Math.log10(top / 10));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((w) => top / w <= 10) ?? 10 * power;
}

/** Customers per value band: up to ten bands of a round width up to the 99th percentile, and the rest. */
function renderDistribution(r, money) {
  const values = r.customers.value.slice().sort();
  const top = values[Math.floor(0.99 * (values.length - 1))] || 1;
  const width = roundWidth(top);
  const bands = Math.ceil(top / width);
  const counts = new Array(bands + 1).fill(0);
  for (const v of values) counts[Math.min(bands, Math.floor(v / width))] += 1;
  const edge = (/** @type {number} */ i) => bandEdge.format(i * width);
  const labels = counts.map((_, i) => (i === bands ? `${edge(bands)}+` : `${edge(i)}–${edge(i + 1)}`));
  draw('clv-distribution', {
    type: 'bar',
    data: { labels, datasets: [{ label: 'customers', data: counts, backgroundColor: 'hsl(220, 70%, 50%)' }] },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { title: { display: true, text: money ? `lifetime value over the horizon${currencyName ? ` (${currencyName})` : ''}` : 'discounted purchases over the horizon' } }, y: { title: { display: true, text: 'customers' } } },
    },
  });
}

function renderHoldout(h) {
  $('clv-holdout-box').hidden = !h;
  if (!h) {
    $('clv-holdout-facts').textContent = 'Set a calibration end above to hide the later purchases from the models and compare their predictions with what happened.';
    return;
  }
  const error = (h.predictedTotal - h.actualTotal) / Math.max(h.actualTotal, 1);
  $('clv-holdout-facts').textContent =
    `In the ${fmt.format(h.days)} days after the calibration end, these customers made ${fmt.format(h.actualTotal)} purchases ` +
    `(a purchase being a customer's day of buying, all customers added up); the model predicted ${fmt.format(h.predictedTotal)} ` +
    `(${error >= 0 ? '+' : ''}${pct.format(error)}).`;
  draw('clv-holdout', {
    type: 'bar',
    data: {
      labels: h.buckets.map((b) => b.repeatPurchases),
      datasets: [
        { label: 'actual', data: h.buckets.map((b) => b.actual), backgroundColor: 'hsl(0, 0%, 55%)' },
        { label: 'predicted', data: h.buckets.map((b) => b.predicted), backgroundColor: 'hsl(220, 70%, 50%)' },
      ],
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'repeat purchases in the calibration period' } },
        y: { beginAtZero: true, title: { display: true, text: 'purchases per customer in the holdout' } },
      },
    },
  });
}

/**
 * P(alive) as a table of coloured cells: rows by repeat purchases, columns by days since the last one.
 * @param {any} g @param {string} learnedTo the last day the models learned from (the calibration end, if set)
 */
function renderAlive(g, learnedTo) {
  const head = el('tr', {}, el('th', { scope: 'col', textContent: 'Repeat purchases \\ days since last' }),
    ...g.daysSinceLast.map((d) => el('th', { scope: 'col', className: 'num', textContent: fmt.format(d) })));
  const rows = g.pAlive.map((cells, i) => el('tr', {}, el('th', { scope: 'row', className: 'num', textContent: String(g.repeatPurchases[i]) }),
    ...cells.map((p) => el('td', { className: 'num heat', textContent: pct.format(p), style: `--p: ${p.toFixed(3)}` }))));
  $('clv-alive').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  $('clv-alive-facts').textContent = `For customers who first bought ${fmt.format(Math.round(g.ageDays))} days before ${learnedTo}, the last day the models learned from. ` +
    'BG/NBD lets customers leave only right after a purchase, so those who never came back (row 0) count as still active.';
}

/** @type {import('./ui.js').Tab} */
export const tab = {
  name: 'lifetime',
  panel: 'lifetime-card',
  analysis: 'lifetime_value',
  label: 'Lifetime value',
  failed: 'Lifetime value could not be estimated',
  run: runLifetime,
  cancelled: 'The lifetime-value fit was cancelled.',
  reset: resetLifetime,
  controls: ['clv-button'],
  actions: [{ on: 'clv-form' }],
};
