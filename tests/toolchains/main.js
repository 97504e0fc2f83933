// Bundlers that rewrite `new URL(..., import.meta.url)` (Vite, webpack, Parcel) find the worker and the
// wasm themselves: no options.
import { ShopScope } from 'shopscope';
import { run } from './app.js';

run(ShopScope);
