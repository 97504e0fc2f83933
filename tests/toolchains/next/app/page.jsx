'use client';
// The tiny CRM page as a Next.js client component with the React hook of www/examples/react (copied beside
// this folder by the test). Next renders it on the server too: the package is imported there, never called.
import { useShopScope } from '../use-shopscope.js';

/** @param {import('shopscope').ShopScope} scope */
async function analyse(scope, run) {
  const csv = await (await fetch('/sample.csv', { signal: run.signal })).text();
  await scope.load(csv);
  const { report } = await scope.ingest({}, run);
  const { summary } = await scope.segment({ kmeans: false }, run);
  const model = await scope.recommender({}, run);
  const next = await scope.recommend(model.customerIds[0], { n: 3 });
  return { customers: report.customers, segments: summary.length, recommended: next.recommendations.map((r) => r.product) };
}

export default function Page() {
  const { status, progress, result, error, cancel } = useShopScope(analyse, []);
  const found = error ? { error: `${error.code}: ${error.message}` } : result;
  return (
    <main>
      <h1>Customers</h1>
      <p>
        {status} {Math.round(progress * 100)}% {status === 'working' && <button onClick={cancel}>Cancel</button>}
      </p>
      <pre id="out">{status === 'working' ? 'working…' : JSON.stringify(found ?? { error: status })}</pre>
    </main>
  );
}
