// Bundlers that leave `new URL(..., import.meta.url)` alone (esbuild, plain Rollup): the package's lib/ and
// pkg/ are copied as static files next to the bundle, and the worker's URL says where.
import { ShopScope } from 'shopscope';
import { run } from './app.js';

run(ShopScope, { workerUrl: new URL('shopscope/lib/worker.js', location.href) });
