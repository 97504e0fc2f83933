// A page bundled by webpack from the installed package: the Worker API (`shopscope`) and the raw bindings of
// the bundler build (`shopscope/bundler`, loaded through webpack's WebAssembly support).
import { ShopScope } from 'shopscope';
import { version } from 'shopscope/bundler';
import { exercise } from '../exercise.js';

const text = (name) => fetch(`./sample/${name}`).then((r) => r.text());

window.result = (async () => {
  const out = await exercise(new ShopScope(), {
    transactions: await text('complete_journey_sample.csv'),
    products: await text('complete_journey_products.csv'),
    customers: await text('complete_journey_demographics.csv'),
  });
  out.bundlerVersion = version();
  document.getElementById('out').textContent = JSON.stringify(out, null, 2);
  return out;
})();
