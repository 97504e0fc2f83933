// @ts-check
// Stands in for an existing CRM's own API: seeded, made-up customers and their orders, as the JSON records
// such an API returns. Shoppers lean towards one of a few tastes, so that products bought together recur.

/** @typedef {{ id: string, name: string, email: string, city: string }} Customer */
/** @typedef {{ customerId: string, orderId: string, orderedAt: Date, sku: string, product: string, quantity: number, unitPrice: number }} OrderLine */

const CATALOGUE = [
  ['ESP-01', 'Espresso beans 1 kg', 18.9, 'coffee'], ['FLT-02', 'Paper filters (100)', 3.5, 'coffee'],
  ['GRD-03', 'Burr grinder', 79, 'coffee'], ['MLK-04', 'Oat milk 1 l', 2.2, 'coffee'],
  ['CUP-05', 'Travel cup', 14, 'coffee'], ['TEA-06', 'Green tea (50 bags)', 6.4, 'tea'],
  ['POT-07', 'Glass teapot', 24, 'tea'], ['HON-08', 'Forest honey', 8.9, 'tea'],
  ['LEM-09', 'Lemon & ginger tea', 5.2, 'tea'], ['BIS-10', 'Oat biscuits', 3.1, 'snacks'],
  ['CHO-11', 'Dark chocolate 85%', 2.9, 'snacks'], ['NUT-12', 'Roasted almonds', 6.5, 'snacks'],
  ['MUG-13', 'Stoneware mug', 11, 'gifts'], ['BOX-14', 'Gift box', 29, 'gifts'],
  ['CRD-15', 'Greeting card', 3, 'gifts'],
];
const TASTES = ['coffee', 'tea', 'snacks', 'gifts'];
const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Ewa', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea', 'Mo', 'Nia', 'Oskar'];
const LAST = ['Novak', 'Okafor', 'Silva', 'Berg', 'Ito', 'Rossi', 'Khan', 'Dubois', 'Meyer', 'Lund'];
const CITIES = ['Leeds', 'Lyon', 'Porto', 'Graz', 'Turku'];

/** A small seeded generator (mulberry32), so that the page shows the same data every time. */
/** @param {number} seed */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @returns {Promise<{ customers: Customer[], orders: OrderLine[] }>} */
export async function fetchCustomersAndOrders(count = 240) {
  const rand = random(7);
  const pick = (/** @type {any[]} */ list) => list[Math.floor(rand() * list.length)];
  /** @type {Customer[]} */
  const customers = [];
  /** @type {OrderLine[]} */
  const orders = [];
  const end = Date.UTC(2026, 10, 1);
  for (let c = 0; c < count; c++) {
    const id = `C${String(1000 + c)}`;
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    customers.push({ id, name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`, city: pick(CITIES) });
    const taste = TASTES[c % TASTES.length];
    const visits = 1 + Math.floor(rand() ** 2 * 14);
    // Some customers stopped buying a while ago: their last visit is up to a year back.
    const lastVisit = end - Math.floor(rand() ** 3 * 365) * 86_400_000;
    for (let v = 0; v < visits; v++) {
      const orderedAt = new Date(lastVisit - v * Math.floor(5 + rand() * 40) * 86_400_000);
      const orderId = `${id}-${v}`;
      const lines = 1 + Math.floor(rand() * 4);
      const inBasket = new Set();
      for (let l = 0; l < lines; l++) {
        const wanted = rand() < 0.75 ? CATALOGUE.filter((p) => p[3] === taste) : CATALOGUE;
        const [sku, product, unitPrice] = pick(wanted);
        if (inBasket.has(sku)) continue;
        inBasket.add(sku);
        orders.push({ customerId: id, orderId, orderedAt, sku: String(sku), product: String(product), quantity: 1 + Math.floor(rand() * 2), unitPrice: Number(unitPrice) });
      }
    }
  }
  return { customers, orders };
}
