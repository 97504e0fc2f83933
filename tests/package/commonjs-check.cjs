// A CommonJS caller (a .cjs file, or a project without "type": "module"): require() of the package, no
// dynamic import(). Prints what it read and segmented.
const { readFileSync } = require('node:fs');
const { ShopScope } = require('shopscope');

(async () => {
  const scope = new ShopScope();
  await scope.load(readFileSync(process.argv[2]));
  const { report } = await scope.ingest();
  const { customerIds } = await scope.segment({ kmeans: false });
  process.stdout.write(JSON.stringify({ customers: report.customers, segmented: customerIds.length }));
})();
