// The package from Node, installed from its tarball: ShopScope.inThisThread with the wasm file the package
// exports. Prints the exercise's results as JSON. Usage: node node-check.mjs <sample dir>
import { readFileSync } from 'node:fs';
import { ShopScope } from 'shopscope';
import { exercise } from './exercise.js';

const dir = process.argv[2];
const wasm = readFileSync(new URL(import.meta.resolve('shopscope/shopscope_bg.wasm')));
const scope = await ShopScope.inThisThread({ wasm });
const read = (name) => readFileSync(`${dir}/${name}`, 'utf8');
const out = await exercise(scope, {
  transactions: read('complete_journey_sample.csv'),
  products: read('complete_journey_products.csv'),
  customers: read('complete_journey_demographics.csv'),
});
console.log(JSON.stringify(out));
