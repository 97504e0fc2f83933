// Writes a large transactions export for the scale tests (never committed): `bytes` of lines as a shop
// system writes them (order and SKU codes, product names, unit prices, store and channel; about 100 bytes a
// line), of 5,000 customers, 40,000 products and four lines per order over two years, drawn from a seeded
// generator so that every run writes the same file.
//   node scripts/data/large-export.mjs <out.csv> [bytes = 2 GiB] [seed = 1]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). @param {number} seed */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ADJECTIVES = ['Organic', 'Classic', 'Fresh', 'Premium', 'Smoked', 'Spiced', 'Light', 'Family'];
const NOUNS = ['green tea', 'coffee beans', 'rye bread', 'cheddar', 'olive oil', 'pasta', 'yoghurt', 'honey', 'salmon', 'muesli'];
const SIZES = ['250 g', '500 g', '1 kg', '6 pack', '750 ml'];
/** @param {number} product */
const productName = (product) =>
  `${ADJECTIVES[product % 8]} ${NOUNS[(product >> 3) % 10]} ${SIZES[(product >> 6) % 5]}`;
/** @param {number} n @param {number} width */
const padded = (n, width) => String(n).padStart(width, '0');

/**
 * Writes the file and resolves to its number of data lines.
 * @param {string} file @param {number} [bytes] @param {number} [seed]
 */
export async function writeLargeExport(file, bytes = 2 * 2 ** 30, seed = 1) {
  const random = generator(seed);
  const out = createWriteStream(file);
  const header = 'customer_id,order_id,order_date,product_id,product_name,quantity,unit_price,amount,store,channel\n';
  out.write(header);
  let written = header.length, lines = 0, customer = 0, date = '', store = '', channel = '';
  while (written < bytes) {
    let chunk = '';
    while (chunk.length < 1 << 20) {
      // An order's four lines share its customer and day.
      if (lines % 4 === 0) {
        customer = Math.floor(random() * 5000);
        const day = Math.floor(random() * 730);
        const d = new Date(Date.UTC(2021, 0, 1 + day));
        date = d.toISOString().slice(0, 10);
        store = `Store ${padded(1 + Math.floor(random() * 40), 3)}`;
        channel = random() < 0.3 ? 'online' : 'in store';
      }
      const product = Math.floor(random() ** 2 * 40000);
      const quantity = 1 + Math.floor(random() * 3);
      const price = 0.5 + (product % 200) / 10;
      chunk += `C${padded(customer, 6)},SO-${date.slice(0, 4)}-${padded(lines >> 2, 8)},${date},SKU-${padded(product, 6)},` +
        `${productName(product)},${quantity},${price.toFixed(2)},${(quantity * price).toFixed(2)},${store},${channel}\n`;
      lines++;
    }
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, bytes, seed] = process.argv.slice(2);
  if (!file) throw new Error('usage: node scripts/data/large-export.mjs <out.csv> [bytes] [seed]');
  const lines = await writeLargeExport(file, bytes ? Number(bytes) : undefined, seed ? Number(seed) : undefined);
  console.log(`${file}: ${lines} lines`);
}
