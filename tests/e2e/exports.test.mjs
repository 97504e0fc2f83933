// End-to-end: the exports people actually have (tests/layouts, written by scripts/data/make_layouts.py),
// each loaded through the page's file input with no mapping, and a sanity crawl of every transaction tab:
// what the page shows must be possible (no NaN/undefined/Infinity/null, no negative counts, shares,
// probabilities or values, products shown by their names when the file has them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, foreignRequests, openPage, screenshot } from './harness.mjs';

const LAYOUTS = path.join(ROOT, 'tests', 'layouts');
const EXPECTED = JSON.parse(readFileSync(path.join(LAYOUTS, 'expected.json'), 'utf8'));
// What #layout-facts must name: the platform (report/inspection `platform`) or the legacy encoding.
const NAMED = {
  'shopify_orders_export.csv': 'Shopify orders export',
  'woocommerce_orders.csv': 'WooCommerce order export',
  'magento_order_items.csv': 'Magento / Adobe Commerce order items',
  'bigcommerce_orders.csv': 'BigCommerce orders export',
  'prestashop_orders.csv': 'PrestaShop orders export',
  'stripe_payments.csv': 'Stripe payments export',
  'square_item_details.csv': 'Square item details',
  'etsy_sold_order_items.csv': 'Etsy sold order items',
  'amazon_order_report.txt': 'Amazon seller order report',
  'hubspot_line_items.csv': 'HubSpot deal line items',
  'salesforce_opportunity_products.csv': 'Salesforce opportunity products',
  'zh_orders_gbk.csv': 'gb18030',
  'zh_crm_header_currency_gbk.csv': 'gb18030',
  'ja_orders_sjis.csv': 'Shift_JIS',
  'ko_orders_euckr.csv': 'EUC-KR',
  'ru_zakazy_1251.csv': 'windows-1251',
  'zh_taobao_utf8_bom.csv': 'UTF-8',
  'pt_br_pedidos.csv': 'separated by “;”',
  'uci_online_retail_layout.csv': 'dates as M/D/YYYY',
  'de_rechnungen_1252.csv': 'windows-1252',
  'fr_boutique_1252.csv': 'windows-1252',
  'tab_ragged_total_1252.tsv': 'separated by tab',
};
const fmt = new Intl.NumberFormat('en-US');
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
/** Money as a person reads it in `currency` (the report's): an ISO code as Intl writes it, a sign before, a word after. */
function money(v, currency) {
  if (!currency) return twoDecimals.format(v);
  if (/^[A-Z]{3}$/.test(currency)) return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(v);
  return /\p{Sc}/u.test(currency) ? `${currency}${twoDecimals.format(v)}` : `${twoDecimals.format(v)} ${currency}`;
}

let opened;
let page;
before(async () => ({ page } = opened = await openPage()));
after(() => opened?.close());

const text = (selector) => page.locator(selector).innerText();

/** Loads `file` (a path, or {name, mimeType, buffer}) and waits for that file's summary. */
async function load(file) {
  const name = typeof file === 'string' ? path.basename(file) : file.name;
  await page.locator('#file-input').setInputFiles(file);
  await page.waitForFunction((n) => document.querySelector('#layout-facts')?.textContent.startsWith(`${n} (`)
    && document.querySelector('#summary-card')?.checkVisibility() && document.querySelector('#status').hidden, name, { timeout: 120_000 })
    .catch(async (e) => {
      throw new Error(`${name} did not read (${e.message.split('\n')[0]}). The page shows:\n${(await page.evaluate(() => document.body.innerText)).slice(0, 2000)}`);
    });
}

async function loadSample() {
  await page.getByRole('button', { name: 'Use sample data' }).click();
  await page.waitForFunction(() => document.querySelector('#layout-facts')?.textContent.startsWith('complete_journey_sample.csv (')
    && document.querySelector('#summary-card')?.checkVisibility() && document.querySelector('#status').hidden, null, { timeout: 120_000 });
}

/** The customer ids the page shows: the recommender's picker and facts, the lifetime-value tables. */
async function shownCustomerIds() {
  return page.evaluate(() => [
    document.querySelector('#customer-id').value,
    ...[...document.querySelectorAll('#customer-ids option')].map((o) => o.value),
    ...[...document.querySelectorAll('#clv-at-risk tbody tr td:first-child, #clv-top tbody tr td:first-child')].map((td) => td.textContent),
    (document.querySelector('#recommend-facts').textContent.match(/^Customer (\S+) bought/) ?? [])[1],
  ].filter(Boolean));
}

// Each tab: its name, and when its analysis has finished (results, or a refusal the tab shows).
const TABS = [
  ['Overview', () => document.querySelector('#summary-card').checkVisibility()],
  ['Segments', () => document.querySelector('#segment-results').checkVisibility()],
  ['Rules', () => document.querySelector('#rules-results').checkVisibility() && /rules|No rule/.test(document.querySelector('#rule-facts').textContent)],
  ['Recommendations', () => /^Learned from/.test(document.querySelector('#recommender-facts').textContent) && document.querySelector('#recommend-facts').textContent !== ''],
  ['Lifetime value', () => /Computed in|^No lifetime value/.test(document.querySelector('#clv-facts').textContent)],
];

// Table columns (by header) whose values can never be below zero: counts, shares, probabilities,
// lifts, scores, days, expected purchases, lifetime values.
const NEVER_NEGATIVE = /^(#|Customers|Share|Revenue share|Mean recency \(days\)|Mean orders|Support|Confidence|Lift|Conviction|Baskets|Score|Baskets together|Share of its baskets|Repeat purchases|Days since last|P\(alive\)|Expected purchases|Value \(.*interval\)|median (Recency \(days\)|Orders|Tenure \(days\)|Distinct products)|Precision@10|Recall@10|nDCG@10|MAP@10|Hit rate@10|Catalogue coverage|[\d,]+)$/;
// Money per customer: below zero only when the file holds returns (a customer who returned more than
// they bought in the file's period).
const MONEY = /^(Mean spend|Spend so far \(before refunds\)|median (Spend|Average order value))$/;
// A minus before a number, or before its currency sign (`-$12.00`, `-R$1.95`).
const MINUS = /(^|[\s(])[-−]\s?[^\d\s]{0,3}\d/;

/**
 * Runs every transaction tab of the loaded file and checks what the visible page says. Returns the texts
 * seen, per tab. `opts.named`: product cells of the Recommendations tab must carry a name beside the id.
 */
async function crawl(label, opts = {}) {
  const returns = Number((await text('#stat-return-orders .value')).replace(/,/g, '')) > 0
    || /returns and cancellations/.test(await text('#cleaning-rows'));
  const seen = {};
  for (const [tab, ready] of TABS) {
    // Results of the file before are replaced, never read as this file's.
    if (tab === 'Rules') await page.evaluate(() => { document.querySelector('#rule-facts').textContent = ''; });
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await page.waitForFunction(ready, null, { timeout: 60_000 }).catch(async (e) => {
      const shown = await page.evaluate(() => document.body.innerText);
      throw new Error(`${label}, ${tab} tab: no result (${e.message.split('\n')[0]}). The page shows:\n${shown.slice(0, 3000)}`);
    });
    await page.locator('#status').waitFor({ state: 'hidden', timeout: 120_000 });
    assert.ok(await page.locator('#error').isHidden(), `${label}, ${tab}: error shown: ${await text('#error-message').catch(() => '')}`);
    const body = await page.evaluate(() => document.body.innerText);
    seen[tab] = body;
    if (process.env.CRAWL_LOG) console.log(`=== ${label}, ${tab}\n${body}`);
    const where = `${label}, ${tab} tab`;
    for (const word of ['NaN', 'undefined', 'Infinity', 'null']) {
      const at = body.search(new RegExp(`\\b${word}\\b`));
      assert.equal(at, -1, `${where} shows “${word}”: …${body.slice(Math.max(0, at - 80), at + 80)}…`);
    }
    // Every visible table: numeric cells under a never-negative header have no minus sign.
    const tables = await page.evaluate(() => [...document.querySelectorAll('table')].filter((t) => t.checkVisibility()).map((t) => ({
      id: t.id,
      head: [...t.querySelectorAll('thead th')].map((th) => th.innerText.trim()),
      rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.innerText.trim())),
    })));
    for (const t of tables) {
      if (t.id === 'preview') continue; // the file's own cells, as they are
      t.head.forEach((h, col) => {
        // The P(alive) heat map has a row-header column before its day columns.
        const rule = NEVER_NEGATIVE.test(h) ? 'never' : MONEY.test(h) ? (returns ? null : 'money') : null;
        if (!rule) return;
        for (const row of t.rows) {
          const cell = row[col] ?? '';
          assert.doesNotMatch(cell, MINUS, `${where}, #${t.id} column “${h}”: ${cell} (${rule === 'money' ? 'the file has no returns' : 'cannot be negative'})`);
        }
      });
    }
    // Overview stats: counts never negative; net sales only with returns.
    if (tab === 'Overview') {
      for (const id of ['stat-rows-read', 'stat-rows-used', 'stat-customers', 'stat-orders', 'stat-return-orders', 'stat-products']) {
        assert.match(await text(`#${id} .value`), /^[\d,]+$/, `${where}: #${id}`);
      }
      const net = await text('#stat-net .value');
      // A currency sign before or a word after (`$1,234.50`, `1,234.50 руб.`); a minus only with returns.
      const amount = returns ? /^(-?[^\d\s-]*[\d,]+(\.\d\d)?( \S+)?|no prices)$/ : /^([^\d\s-]*[\d,]+(\.\d\d)?( \S+)?|no prices)$/;
      assert.match(net, amount, `${where}: net sales ${net}`);
    }
    if (tab === 'Lifetime value' && /Computed in/.test(await text('#clv-facts'))) {
      const facts = await text('#clv-facts');
      assert.doesNotMatch(facts, MINUS, `${where}: ${facts}`);
      // A parameter shown as 0 is 0 (a = 0 is said in words); a tiny one is not rounded to "0".
      const model = await text('#clv-model');
      assert.doesNotMatch(model, /(: |, )(r|α|a|b|p|q|γ) 0[,;]/, `${where}: ${model}`);
    }
    if (tab === 'Rules') {
      assert.doesNotMatch(await text('#itemset-facts'), MINUS, `${where}: ${await text('#itemset-facts')}`);
    }
    if (tab === 'Recommendations') {
      // The page picks a customer of this file itself: never one of the file before (then every product
      // would be a "popular" one, for a customer the file does not have).
      const facts = await text('#recommend-facts');
      assert.match(facts, /^Customer \S+ bought [\d,]+ different products/, `${where}: ${facts}`);
      assert.doesNotMatch(facts, /Top 0\b/, `${where}: ${facts}`);
    }
    if (tab === 'Recommendations' && opts.named) {
      const products = await page.locator('#recommend-table tbody tr td:nth-child(2)').allInnerTexts();
      assert.ok(products.length > 0, `${where}: no recommendations`);
      for (const p of products) assert.match(p, opts.named, `${where}: product shown without its name: ${p}`);
      const reasons = (await page.locator('#recommend-table tbody tr td:nth-child(4)').allInnerTexts())
        .flatMap((r) => r.split(', '))
        .filter((r) => !/^(bought it|buys it again|customers who shop like them|a best seller)/.test(r))
        .map((r) => r.replace(/ \(\d+(\.\d)?%\)$/, '').replace(/^(goes with|like what they bought:) /, ''));
      for (const r of reasons) assert.match(r, opts.named, `${where}: reason without its name: ${r}`);
    }
  }
  const ids = await shownCustomerIds();
  assert.ok(ids.every((id) => !id.includes('@')), `${label}: customer ids with @: ${ids.filter((id) => id.includes('@')).slice(0, 3)}`);
  await page.getByRole('tab', { name: 'Overview', exact: true }).click();
  return seen;
}

test('every export of tests/layouts reads in the page with no mapping and shows its facts', async () => {
  const files = Object.keys(EXPECTED).sort();
  assert.equal(files.length, Object.keys(NAMED).length);
  for (const file of files) {
    const want = EXPECTED[file];
    await load(path.join(LAYOUTS, file));
    const where = `${file}:`;
    assert.ok(await page.locator('#error').isHidden(), `${where} ${await text('#error-message')}`);
    assert.equal(await text('#stat-customers .value'), fmt.format(want.customers), `${where} customers`);
    assert.equal(await text('#stat-orders .value'), fmt.format(want.orders), `${where} orders`);
    if (want.returnOrders !== undefined) {
      assert.equal(await text('#stat-return-orders .value'), fmt.format(want.returnOrders), `${where} return orders`);
    }
    if (want.products !== undefined) assert.equal(await text('#stat-products .value'), fmt.format(want.products), `${where} products`);
    assert.equal(await text('#stat-dates .value'), `${want.firstDate} – ${want.lastDate}`, `${where} dates`);
    assert.equal(await text('#stat-net .value'), money(want.netAmount, want.currency), `${where} net sales`);
    const layout = await text('#layout-facts');
    assert.ok(layout.includes(NAMED[file]), `${where} layout facts do not name “${NAMED[file]}”: ${layout}`);
    // The customer column (by its role tag) in the preview: pseudonyms, never e-mail addresses.
    const customers = await page.evaluate(() => {
      const heads = [...document.querySelectorAll('#preview thead th')];
      const col = heads.findIndex((th) => th.querySelector('.role-tag')?.textContent === 'Customer id');
      return col < 0 ? [] : [...document.querySelectorAll('#preview tbody tr')].map((tr) => tr.children[col].textContent);
    });
    assert.ok(customers.length > 0, `${where} no customer column in the preview`);
    assert.ok(customers.every((c) => !c.includes('@')), `${where} customer ids with @ in the preview: ${customers.slice(0, 2)}`);
    // The mask box says whether the ids were masked (e-mail addresses as ids are, by default).
    const masked = customers.some((c) => c.startsWith('anon-'));
    assert.equal(await page.locator('#mask-pii').isChecked(), masked, `${where} mask box`);
  }
  // Unticked, an e-mail-id file reads its ids as written; the next file starts from the box as set.
  const emails = Object.keys(EXPECTED).sort().find((f) => /shopify/i.test(f));
  if (emails) {
    await load(path.join(LAYOUTS, emails));
    assert.ok(await page.locator('#mask-pii').isChecked());
    await page.locator('#mask-pii').uncheck();
    await page.getByRole('button', { name: 'Read again with these settings' }).click();
    await page.locator('#status').waitFor({ state: 'hidden' });
    assert.ok(!(await page.locator('#mask-pii').isChecked()));
    assert.doesNotMatch(await text('#summary-card'), /Customer ids are masked/);
  }
});

test('the sample data: every tab shows possible numbers only', async () => {
  await loadSample();
  await crawl('sample');
});

test('the Shopify export: segments, named recommendations, and possible numbers on every tab', async () => {
  await load(path.join(LAYOUTS, 'shopify_orders_export.csv'));
  // Lineitem name beside the Lineitem sku: "Jumbo Bag Red Retrospot (85099B)".
  const seen = await crawl('shopify_orders_export.csv', { named: /^[A-Z][A-Za-z' .,&-]*[a-z][^\t]* \([0-9A-Z]+\)$/ });
  assert.ok(await page.locator('#rfm-table tbody tr').count() >= 2, 'RFM segments');
  const clusters = Number((await text('#segment-facts')).match(/(\d+) clusters/)[1]);
  assert.ok(clusters >= 2);
  assert.equal(await page.locator('#profile-table tbody tr').count(), clusters);
  assert.match(seen.Recommendations, /^Learned from [\d,]+ customer–product pairs of 98 customers and 30 products/m);
  await page.getByRole('tab', { name: 'Recommendations', exact: true }).click();
  await screenshot(page, '20-shopify-recommendations');
  await page.getByRole('tab', { name: 'Segments', exact: true }).click();
  await screenshot(page, '20-shopify-segments');
  await page.getByRole('tab', { name: 'Overview', exact: true }).click();
});

test('the Chinese GBK export: Chinese product names reach the rules and recommendations', async () => {
  await load(path.join(LAYOUTS, 'zh_orders_gbk.csv'));
  const seen = await crawl('zh_orders_gbk.csv', { named: /[\u4e00-\u9fff].* \([0-9A-Z]+\)$/ });
  // Every recommended product was checked named above; and the lists are not empty.
  assert.match(seen.Recommendations, /[\u4e00-\u9fff]{2,}[^\n]* \([0-9A-Z]+\)/);
  assert.match(seen.Rules, /[\u4e00-\u9fff]{2,}/);
  await page.getByRole('tab', { name: 'Recommendations', exact: true }).click();
  await screenshot(page, '21-gbk-recommendations');
  await page.getByRole('tab', { name: 'Rules', exact: true }).click();
  await screenshot(page, '21-gbk-rules');
  await page.getByRole('tab', { name: 'Overview', exact: true }).click();
});

/**
 * A UCI Online Retail-style file big enough for every tab (tests/corpus/uci_style.csv has one customer):
 * its columns, M/D/YYYY H:MM dates, cancellations as C-invoices of negative quantities, lines without a
 * CustomerID. 60 customers, 48 products, 14 months; deterministic.
 */
function uciStyle() {
  let seed = 20101201;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const products = Array.from({ length: 48 }, (_, i) => [`${21700 + i * 13}${i % 3 === 0 ? 'A' : ''}`, `${['WHITE', 'RED', 'BLUE', 'PINK'][i % 4]} ${['HEART', 'LANTERN', 'CANDLE', 'MUG', 'BAG', 'CLOCK'][i % 6]} ${i}`, (1 + (i % 7) * 0.85).toFixed(2)]);
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  let invoice = 536365;
  const start = Date.UTC(2010, 11, 1);
  for (let day = 0; day < 420; day += 1) {
    for (let k = 0; k < 3; k += 1) {
      const customer = 12346 + Math.floor(rand() * rand() * 60);
      const d = new Date(start + day * 86_400_000 + (8 + k * 3) * 3_600_000);
      const date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
      const noCustomer = rand() < 0.05;
      const no = invoice++;
      const basket = [];
      const first = Math.floor(rand() * 48);
      for (let j = 0; j < 1 + Math.floor(rand() * 4); j += 1) basket.push(products[(first + j * (1 + (customer % 3))) % 48]);
      for (const [code, name, price] of basket) {
        lines.push(`${no},${code},${name},${1 + Math.floor(rand() * 6)},${date},${price},${noCustomer ? '' : customer},United Kingdom`);
      }
      if (!noCustomer && rand() < 0.04) {
        const [code, name, price] = basket[0];
        lines.push(`C${invoice++},${code},${name},-1,${date},${price},${customer},United Kingdom`);
      }
    }
  }
  return { name: 'uci_online_retail_style.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) };
}

test('a UCI-style file (returns, missing customers): every tab shows possible numbers only', async () => {
  await load(uciStyle());
  assert.match(await text('#layout-facts'), /M\/D\/YYYY/);
  assert.match(await text('#cleaning-rows'), /returns and cancellations/);
  assert.match(await text('#cleaning-rows'), /lines without a customer id/);
  await crawl('UCI-style file', { named: /^[A-Z]+ [A-Z]+ \d+ \(\d+A?\)$/ });
});

test('an analysis a file is too small for says so under its own heading, and the summary stays', async () => {
  // tests/corpus/uci_style.csv: one customer with purchases, too few to choose a number of segments.
  await load(path.join(ROOT, 'tests', 'corpus', 'uci_style.csv'));
  await page.getByRole('tab', { name: 'Segments', exact: true }).click();
  await page.locator('#segments-card .notice').waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await text('#segments-card .notice h3'), 'Segments could not be found');
  assert.match(await text('#segments-card .notice p'), /too few to choose a number of segments; set k/);
  assert.ok(await page.locator('#error').isHidden(), 'not in the box above the tabs');
  await page.getByRole('tab', { name: 'Overview', exact: true }).click();
  assert.equal(await text('#stat-net .value'), '10.65');
  // A file that cannot be read keeps the first heading.
  await page.locator('#file-input').setInputFiles(path.join(ROOT, 'tests', 'corpus', 'xlsx_renamed.csv'));
  await page.waitForFunction(() => /Excel/.test(document.querySelector('#error-message').textContent));
  assert.equal(await text('#error-title'), 'This file could not be read');
});

test('a customer who bought every product is told so, not shown "Top 0"', async () => {
  const lines = ['customer,order,product,amount,date'];
  const products = ['p1', 'p2', 'p3', 'p4'];
  // c1 buys everything; the others a few products each, on several days.
  for (let day = 1; day <= 8; day += 1) {
    lines.push(`c1,o1-${day},${products[day % 4]},${day}.50,2021-03-0${day}`);
    lines.push(`c${2 + (day % 3)},o2-${day},${products[day % 2]},2.25,2021-03-0${day}`);
    lines.push(`c${2 + (day % 3)},o2-${day},${products[2 + (day % 2)]},1.75,2021-03-0${day}`);
  }
  await load({ name: 'bought_everything.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('tab', { name: 'Recommendations', exact: true }).click();
  await page.waitForFunction(() => /^Learned from/.test(document.querySelector('#recommender-facts').textContent) && document.querySelector('#recommend-facts').textContent !== '', null, { timeout: 60_000 });
  assert.equal(await page.locator('#customer-id').inputValue(), 'c1');
  // For the next basket c1 gets what they buy again; for new products only, there is none, in words.
  await page.locator('#exclude-bought').uncheck();
  await page.waitForFunction(() => /^Customer c1 bought 4 different products\. Top [1-4]:$/.test(document.querySelector('#recommend-facts').textContent), null, { timeout: 60_000 });
  await page.locator('#status').waitFor({ state: 'hidden' });
  await page.locator('#exclude-bought').check();
  const none = 'Customer c1 bought 4 different products: none is left that is new to them. Untick “only products new to the customer” to see what they buy again.';
  await page.waitForFunction((want) => document.querySelector('#recommend-facts').textContent === want, none, { timeout: 60_000 });
  assert.equal(await page.locator('#recommend-table tbody tr').count(), 0);
  await page.locator('#status').waitFor({ state: 'hidden' });
  await page.locator('#exclude-bought').uncheck();
  await page.locator('#status').waitFor({ state: 'hidden' });
  await page.getByRole('tab', { name: 'Overview', exact: true }).click();
});

test('a relative-time grocery file (order numbers, days since the prior order) reads as relative days', async () => {
  await load(path.join(ROOT, 'tests', 'corpus', 'instacart_relative.csv'));
  assert.match(await text('#stat-dates .value'), /^day 0 – day \d+$/);
  assert.match(await text('#stat-dates .label'), /relative days/);
  assert.match(await text('#warnings'), /relative/);
});

test('no request left 127.0.0.1 (page and worker)', () => {
  assert.deepEqual(foreignRequests(opened.requests), []);
});
