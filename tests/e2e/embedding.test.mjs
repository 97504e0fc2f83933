// End-to-end: the JS API as an embedding CRM meets it, in headless Chromium on the served www/ (the same
// lib/ and pkg/ the package ships): one call cancelled while others wait, the environment's errors with the
// URL or policy directive that failed, a worker made by the embedder; and in Node, the first call with no
// options at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, foreignRequests, startBrowser, startServer } from './harness.mjs';

const SAMPLE = path.join(ROOT, 'www', 'sample', 'complete_journey_sample.csv');
let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  page = await browser.context.newPage();
  await page.goto(server.url);
  // In the page for every test: a session on the demo sample, read and ingested.
  await page.evaluate(() => {
    /** @type {any} */ (window).sampleSession = async () => {
      const { ShopScope } = await import('/lib/client.js');
      const scope = new ShopScope();
      await scope.load(await (await fetch('/sample/complete_journey_sample.csv')).text());
      await scope.ingest();
      return scope;
    };
  });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('aborting the running call rejects it alone; the waiting call resolves on a restarted worker', async () => {
  const r = await page.evaluate(async () => {
    const scope = await /** @type {any} */ (window).sampleSession();
    let restarts = 0;
    scope.addEventListener('restart', () => restarts++);
    const stop = new AbortController();
    const reason = new Error('the user left the tab');
    const first = scope.lifetimeValue({}, { signal: stop.signal, onProgress: () => stop.abort(reason) })
      .then(() => 'resolved', (e) => ({ code: e.code, cause: e.cause === reason }));
    const second = scope.segment({}).then((s) => s.customerIds.length, (e) => `rejected: ${e.code} ${e.message}`);
    return { first: await first, second: await second, restarts };
  });
  assert.deepEqual(r, { first: { code: 'cancelled', cause: true }, second: 100, restarts: 1 });
});

test('aborting a waiting call drops it; the running call resolves and the worker stays', async () => {
  const r = await page.evaluate(async () => {
    const scope = await /** @type {any} */ (window).sampleSession();
    let restarts = 0;
    scope.addEventListener('restart', () => restarts++);
    const stop = new AbortController();
    const first = scope.segment({}, { onProgress: () => stop.abort() }).then((s) => s.customerIds.length, (e) => `rejected: ${e.code}`);
    const second = scope.lifetimeValue({}, { signal: stop.signal }).then(() => 'resolved', (e) => e.code);
    return { first: await first, second: await second, restarts, after: (await scope.segment({})).customerIds.length };
  });
  assert.deepEqual(r, { first: 100, second: 'cancelled', restarts: 0, after: 100 });
});

test('recommendMany gives every customer the list recommend() gives, as columns rowsOf turns into rows', async () => {
  const r = await page.evaluate(async () => {
    const { rowsOf } = await import('/lib/client.js');
    const scope = await /** @type {any} */ (window).sampleSession();
    const { customerIds } = await scope.recommender();
    const asked = [...customerIds.slice(0, 12), 'nobody-here'];
    const many = await scope.recommendMany(asked, { n: 5 });
    const one = [];
    for (const id of asked) {
      const found = await scope.recommend(id, { n: 5 });
      for (const [i, x] of found.recommendations.entries()) {
        one.push({ customer: id, known: found.known, rank: i + 1, product: x.product, name: x.name, label: x.label, score: x.score, popular: x.popular, why: x.why });
      }
    }
    const all = await scope.recommendMany('all', { n: 3 });
    return { same: JSON.stringify(rowsOf(many)) === JSON.stringify(one), rows: one.length, unknown: one.filter((x) => !x.known).length,
      allCustomers: new Set(all.customer).size, known: customerIds.length };
  });
  assert.ok(r.same, 'batch and per-customer lists differ');
  assert.equal(r.rows, 13 * 5);
  assert.equal(r.unknown, 5, 'the unknown customer gets best sellers');
  assert.equal(r.allCustomers, r.known);
});

test('a worker URL with nothing there: worker_load, naming the URL', async () => {
  const r = await page.evaluate(async () => new (await import('/lib/client.js')).ShopScope({ workerUrl: '/nowhere/worker.js' }).version()
    .then(() => 'resolved', (e) => ({ code: e.code, url: e.url, message: e.message })));
  assert.equal(r.code, 'worker_load', r.message);
  assert.match(r.url, /\/nowhere\/worker\.js$/);
  assert.match(r.message, /could not be loaded from .*\/nowhere\/worker\.js/);
});

test('a wasm URL with nothing there: wasm_load, naming the URL', async () => {
  const r = await page.evaluate(async () => new (await import('/lib/client.js')).ShopScope({ wasmUrl: new URL('/nowhere.wasm', location.href) }).version()
    .then(() => 'resolved', (e) => ({ code: e.code, url: e.url, message: e.message })));
  assert.equal(r.code, 'wasm_load', r.message);
  assert.match(r.url, /\/nowhere\.wasm$/);
});

test('a worker the embedder makes (createWorker) runs the calls', async () => {
  const r = await page.evaluate(async () => {
    const { ShopScope } = await import('/lib/client.js');
    const csv = await (await fetch('/sample/complete_journey_sample.csv')).text();
    const scope = new ShopScope({ createWorker: () => new Worker('/lib/worker.js', { type: 'module' }) });
    await scope.load(csv);
    return (await scope.ingest()).report.customers;
  });
  assert.equal(r, 100);
});

test("a policy without 'wasm-unsafe-eval': blocked_by_csp, naming the directive", async () => {
  const strict = await startServer(undefined, { csp: "default-src 'self'; script-src 'self'; worker-src 'self'" });
  const other = await browser.context.newPage();
  try {
    await other.goto(strict.url);
    const r = await other.evaluate(async () => {
      const { ShopScope } = await import('/lib/client.js');
      return new ShopScope().version().then(() => 'resolved', (e) => ({ code: e.code, directive: e.directive, message: e.message }));
    });
    assert.equal(r.code, 'blocked_by_csp', r.message);
    assert.match(r.directive, /^script-src/);
    assert.match(r.message, /wasm-unsafe-eval/);
  } finally {
    await other.close();
    strict.stop();
  }
});

test('a policy requiring Trusted Types: blocked_by_csp, and createWorker with a policy of its own runs', async () => {
  const strict = await startServer(undefined, { csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; require-trusted-types-for 'script'; trusted-types crm" });
  const other = await browser.context.newPage();
  try {
    await other.goto(strict.url);
    const r = await other.evaluate(async () => {
      const { ShopScope } = await import('/lib/client.js');
      const refused = await new ShopScope().version().then(() => 'resolved', (e) => ({ code: e.code, directive: e.directive, message: e.message }));
      const policy = /** @type {any} */ (window).trustedTypes.createPolicy('crm', { createScriptURL: (url) => url });
      const scope = new ShopScope({ createWorker: () => new Worker(policy.createScriptURL('/lib/worker.js'), { type: 'module' }) });
      return { refused, version: await scope.version() };
    });
    assert.equal(r.refused.code, 'blocked_by_csp', r.refused.message);
    assert.equal(r.refused.directive, 'require-trusted-types-for');
    assert.match(r.refused.message, /createWorker/);
    assert.match(r.version, /^\d+\.\d+\.\d+/);
  } finally {
    await other.close();
    strict.stop();
  }
});

test('no request left 127.0.0.1', () => {
  assert.deepEqual(foreignRequests(browser.requests), []);
});

test('Node: the first call needs no options (no Worker: this thread, the wasm read from disk)', async () => {
  const { ShopScope } = await import('../../www/lib/client.js');
  const scope = new ShopScope();
  // First calls made at once share one engine (the file loaded by one is there for the next).
  const [, v] = await Promise.all([scope.load(readFileSync(SAMPLE)), scope.version()]);
  assert.match(v, /^\d+\.\d+\.\d+/);
  const { report } = await scope.ingest();
  assert.equal(report.customers, 100);
  assert.equal((await scope.segment({})).customerIds.length, 100);
});
