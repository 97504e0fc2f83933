// A TypeScript consumer of the installed package: type-checked (tsc --noEmit) against the package's exports.
import { ShopScope, ShopScopeError, rowsOf, type ErrorCode, type NamedRule, type SegmentResult } from 'shopscope';
import { version } from 'shopscope/bundler';
import initRaw, { ingest as ingestRaw } from 'shopscope/web';
import type { IngestReport } from 'shopscope';

export async function topRules(file: File, signal: AbortSignal): Promise<NamedRule[]> {
  const scope = new ShopScope();
  await scope.load(file, { dateOrder: 'dmy' });
  await scope.ingest(undefined, { onProgress: (fraction: number, stage: string) => console.log(stage, fraction), signal });
  const mined = await scope.mine({ minSupport: 0.01, maxLength: 3 });
  console.log(mined.itemsets, version());
  const { rules } = await scope.rules({ sortBy: 'lift', top: 10 });
  return rules;
}

export async function segmentLabels(orders: { id: string; customer: string; at: Date; sku: string; total: number }[]): Promise<Map<string, string>> {
  const scope = new ShopScope();
  await scope.loadRecords(orders, { mapping: { customer: 'customer', order: 'id', date: 'at', productId: 'sku', lineAmount: 'total' } });
  // A column the records do not have is a type error.
  // @ts-expect-error 'totl' is not a key of the records
  await scope.loadRecords(orders, { mapping: { lineAmount: 'totl' } });
  await scope.ingest();
  const clustered = await scope.segment({ kmeans: { k: 3 } });
  console.log(clustered.kmeans.k, (await scope.segment()).kmeans.profiles.length);
  const result: SegmentResult = await scope.segment({ kmeans: false });
  const rfmOnly = await scope.segment({ kmeans: false });
  // @ts-expect-error kmeans is null when clustering was not asked for
  console.log(rfmOnly.kmeans.k);
  const segment = result.rfm.customers.segment;
  const recency: Float64Array = result.rfm.customers.recencyDays;
  console.log(recency.length);
  // The columns are on an ArrayBuffer (TypeScript >= 5.7 tells the kinds of buffer apart): a Blob takes them.
  console.log(new Blob([result.rfm.customers.monetary]).size);
  return new Map(result.customerIds.map((id, i) => [id, segment[i]]));
}

export function describe(e: unknown): string {
  if (e instanceof ShopScopeError) {
    const code: ErrorCode = e.code;
    if (code === 'blocked_by_csp') return `${e.message} (${e.directive}, ${e.url})`;
    return code === 'cancelled' ? 'stopped' : e.message;
  }
  return String(e);
}

export async function everyCustomersNext(scope: ShopScope): Promise<{ customer: string; product: string }[]> {
  await scope.recommender();
  return rowsOf(await scope.recommendMany('all', { n: 1 })).map(({ customer, product }) => ({ customer, product }));
}

// The raw bindings are typed with the core's options and results.
export async function rawCustomers(bytes: Uint8Array): Promise<number> {
  await initRaw();
  const dataset = ingestRaw(bytes, { dateOrder: 'dmy' }, (stage, fraction) => fraction < 1 || stage !== 'stop');
  const report: IngestReport = dataset.report;
  // @ts-expect-error an option the bindings do not take
  ingestRaw(bytes, { dateOrdr: 'dmy' });
  // @ts-expect-error progress is called with (stage, fraction)
  ingestRaw(bytes, {}, (stage: number) => stage > 0);
  return report.customers + dataset.segment({ kmeans: false }).customerIds.length;
}
