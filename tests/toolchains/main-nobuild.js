// No build: the page imports the package's files by their path (copied beside it), and the package finds its
// worker and wasm next to itself.
import { ShopScope } from './shopscope/lib/client.js';
import { run } from './app.js';

run(ShopScope);
