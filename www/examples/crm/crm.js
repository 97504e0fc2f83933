// @ts-check
// How a CRM adds shopscope to a page it already has: the orders it holds go in as records, and two columns
// come back, all in a Web Worker in this browser. In an app with the npm package installed the import is
// `import { ShopScope } from 'shopscope'`; this static example imports the same file by path.
import { ShopScope } from '../../lib/client.js';
import { fetchCustomersAndOrders } from './fake-api.js';

const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const body = /** @type {HTMLTableSectionElement} */ (document.querySelector('#customers tbody'));

/** @param {string} text */
function cell(text, className = '') {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

async function main() {
  const { customers, orders } = await fetchCustomersAndOrders();
  /** @type {Map<string, number>} */
  const orderCount = new Map();
  for (const o of new Set(orders.map((o) => `${o.customerId}\t${o.orderId}`))) {
    const id = o.split('\t')[0];
    orderCount.set(id, (orderCount.get(id) ?? 0) + 1);
  }
  /** @type {Map<string, HTMLTableRowElement>} */
  const rows = new Map();
  for (const c of customers) {
    const tr = document.createElement('tr');
    tr.append(cell(c.id), cell(c.name), cell(c.city), cell(String(orderCount.get(c.id) ?? 0), 'num'), cell('…'), cell('…'));
    rows.set(c.id, tr);
    body.append(tr);
  }

  status.textContent = `Analysing ${orders.length.toLocaleString('en')} order lines in this browser…`;
  const scope = new ShopScope();
  await scope.loadRecords(orders, {
    columns: ['customerId', 'orderId', 'orderedAt', 'sku', 'product', 'quantity', 'unitPrice'],
    mapping: { customer: 'customerId', order: 'orderId', date: 'orderedAt', productId: 'sku', productName: 'product', quantity: 'quantity', unitPrice: 'unitPrice' },
  });
  await scope.ingest();
  const segments = await scope.segment({ kmeans: false });
  const labels = new Map(segments.summary.map((s) => [s.segment, s.label]));
  const segmentOf = segments.rfm.customers.segment;
  segments.customerIds.forEach((id, i) => {
    const td = rows.get(id)?.cells[4];
    if (!td) return;
    td.textContent = '';
    const badge = document.createElement('span');
    badge.className = 'segment';
    badge.textContent = labels.get(segmentOf[i]) ?? segmentOf[i];
    td.append(badge);
  });

  await scope.recommender();
  for (const [id, tr] of rows) {
    const { recommendations } = await scope.recommend(id, { n: 1, explain: 0 });
    tr.cells[5].textContent = recommendations[0]?.label ?? '—';
  }
  status.textContent = `${customers.length} customers: segments and next products computed in this browser; nothing was sent anywhere.`;
  scope.terminate();
}

main().catch((/** @type {any} */ e) => {
  status.textContent = `Could not analyse the orders: ${e.message} (${e.code ?? 'error'})`;
});
