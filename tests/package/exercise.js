// Every call of the package's API once, as an embedder would make it, on the demo sample. Run by the package
// test from Node (ShopScope.inThisThread) and from a webpack-bundled page (Web Worker); both must agree.
// Returns what was seen, as plain numbers and strings.

const RECORDS = [
  { customer: 'a', order: 'o1', date: new Date(Date.UTC(2024, 0, 2)), product: 'tea', amount: 3.5 },
  { customer: 'a', order: 'o2', date: new Date(Date.UTC(2024, 1, 9)), product: 'milk, "fresh"', amount: 1.25 },
  { customer: 'b', order: 'o3', date: new Date(Date.UTC(2024, 2, 1)), product: 'tea', amount: 3.5 },
  { customer: 'c', order: 'o4', date: '2024-03-04', product: 'bread', amount: 2, note: null },
];

const code = (e) => `${e.name}: ${e.code}`;

export async function exercise(scope, data) {
  const out = {};
  const loaded = await scope.load(data.transactions);
  out.columns = loaded.inspection.columns.join(' ');
  out.inspectHeader = (await scope.inspect({ hasHeader: true })).hasHeader;
  let progressCalls = 0;
  const ingested = await scope.ingest(undefined, { onProgress: () => progressCalls++ });
  out.customers = ingested.report.customers;
  out.progressReported = progressCalls > 0;

  const segments = await scope.segment({ kmeans: { k: 3 } });
  out.segments = segments.summary.map((s) => `${s.label} ${s.customers}`).join(', ');
  out.clusterSizes = segments.kmeans.profiles.map((p) => p.customers).join(' ');
  const clv = await scope.lifetimeValue({ intervalDraws: 0 });
  out.clvCustomers = clv.customers.value.length;
  // Per-customer results arrive as typed arrays, through the worker too.
  out.typedColumns = [segments.kmeans.labels, segments.rfm.customers.monetary, clv.customers.pAlive]
    .map((a) => a.constructor.name).join(' ');
  out.clvTotal = Math.round(clv.totals.value);

  const mined = await scope.mine({ minSupport: 0.01 });
  out.itemsets = mined.itemsets;
  const rules = await scope.rules({ minConfidence: 0.2, top: 3 });
  out.topRule = `${rules.rules[0].antecedent} -> ${rules.rules[0].consequent}`;

  const model = await scope.recommender();
  out.modelCustomers = model.customers;
  const first = await scope.recommend(model.customerIds[0], { n: 3 });
  out.recommended = first.recommendations.map((r) => r.product).join(' ');
  out.chosenFor = `${model.task}: ${model.test.length} scored`;
  out.exportLines = (await scope.exportRecommendations({ n: 2, explain: 0 })).trim().split('\n').length;
  out.manyRows = (await scope.recommendMany('all', { n: 2 })).customer.length;
  // Similar products are item-kNN's: the default (auto) recommender refuses them, saying which to fit.
  out.similarRefused = await scope.similarProducts(first.recommendations[0].product, 3).then(() => 'answered', (e) => `${e.name}: ${e.code}`);
  await scope.recommender({ model: 'itemKnn' });
  out.similar = (await scope.similarProducts(first.recommendations[0].product, 3)).length;
  out.togetherBaskets = (await scope.boughtTogether([first.recommendations[0].product])).cartBaskets;
  const evaluation = await scope.evaluateRecommendations({ k: 5 });
  out.evaluated = `${evaluation.users} users, split ${evaluation.split}`;

  out.productRows = (await scope.loadProductTable(data.products)).rows;
  out.categoryItemsets = (await scope.mine({ minSupport: 0.1, itemColumn: 'product_category' })).itemsets;
  out.tableRows = (await scope.loadCustomerTable(data.customers)).rows;
  out.tableClusters = (await scope.segmentCustomerTable({ kmeans: { k: 2 } })).segmentation.k;
  out.version = await scope.version();

  await scope.loadRecords(RECORDS, { mapping: { lineAmount: 'amount' } });
  const fromRecords = await scope.ingest();
  out.recordCustomers = fromRecords.report.customers;
  out.recordProducts = fromRecords.report.products;
  const masked = await scope.ingest({ mapping: { lineAmount: 'amount' }, mask: { salt: 'package test' } });
  out.maskedPreview = masked.report.preview.map((row) => row[0]).join(' ');

  out.unknownOption = await scope.ingest({ hasHeadr: true }).then(() => 'no error', code);
  out.empty = await scope.load('').then(() => 'no error', code);
  out.noItemsets = await scope.rules().then(() => 'no error', code);

  await scope.load(data.transactions);
  const abort = new AbortController();
  out.cancelled = await scope.ingest(undefined, { signal: abort.signal, onProgress: () => abort.abort() }).then(() => 'no error', code);
  out.afterCancel = (await scope.ingest()).report.customers;
  return out;
}
