// The tiny CRM page every toolchain of tests/e2e/toolchains.test.mjs builds from the packed package: it
// reads the demo sample, segments its customers and recommends the first one's next products, and writes
// what it found into the page (#out) for the test to read. The entry (main*.js) gives it the package's
// class, imported as that toolchain does.

/**
 * @param {typeof import('shopscope').ShopScope} ShopScope
 * @param {ConstructorParameters<typeof ShopScope>[0]} [options] how this toolchain finds the worker
 */
export async function run(ShopScope, options) {
  const out = document.querySelector('#out');
  try {
    const scope = new ShopScope(options);
    const csv = await (await fetch(new URL('sample.csv', location.href))).text();
    await scope.load(csv);
    const { report } = await scope.ingest();
    const { summary } = await scope.segment({ kmeans: false });
    const model = await scope.recommender();
    const next = await scope.recommend(model.customerIds[0], { n: 3 });
    out.textContent = JSON.stringify({
      customers: report.customers,
      segments: summary.length,
      recommended: next.recommendations.map((r) => r.product),
    });
  } catch (e) {
    out.textContent = JSON.stringify({ error: `${e.code}: ${e.message}` });
  }
}
