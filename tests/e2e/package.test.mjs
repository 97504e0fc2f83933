// The npm package as an embedder gets it: the packed tarball (scripts/build-package.sh, run by
// scripts/test.sh before this) installed offline into a throwaway project, then every API call from Node and
// from a webpack-bundled page in headless Chromium, which must agree; its types checked by tsc, against a
// consumer and against every call's actual result; and the
// CRM embedding example in www/examples/crm, run and type-checked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, VERSION as version, foreignRequests, installPackage, screenshot, startBrowser, startServer } from './harness.mjs';

const SAMPLE = path.join(ROOT, 'www', 'sample');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
let project;
let browser;
let nodeResult;

before(() => {
  // Offline: the package must install from the tarball alone.
  project = installPackage('throwaway-crm', 'package', { offline: true });
});

after(async () => {
  await browser?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('the package installs from its tarball with its files, exports and a wasm within budget', () => {
  const installed = path.join(project, 'node_modules', 'shopscope');
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'shopscope');
  assert.equal(manifest.version, version);
  assert.equal(manifest.license, 'MIT OR Apache-2.0');
  assert.deepEqual(Object.keys(manifest.exports), ['.', './worker.js', './web', './bundler', './shopscope_bg.wasm', './package.json']);
  for (const file of ['lib/client.js', 'lib/client.d.ts', 'lib/types.d.ts', 'lib/types.js', 'lib/analyses.js', 'lib/analyses/file.js',
    'lib/analyses/file.d.ts', 'lib/worker.js', 'lib/engine.js', 'lib/errors.js', 'lib/records.js', 'pkg/shopscope.js',
    'pkg/shopscope_bg.wasm', 'bundler/shopscope.js', 'README.md', 'LICENSE-MIT']) {
    assert.ok(existsSync(path.join(installed, file)), `${file} is in the package`);
  }
  // One copy of the wasm: the bundler glue imports pkg/'s.
  assert.ok(!existsSync(path.join(installed, 'bundler', 'shopscope_bg.wasm')), 'a second copy of the wasm');
  assert.match(readFileSync(path.join(installed, 'bundler', 'shopscope.js'), 'utf8'), /from "\.\.\/pkg\/shopscope_bg\.wasm"/);
  const gz = execFileSync('gzip', ['-9', '-c', path.join(installed, 'pkg', 'shopscope_bg.wasm')]).length;
  assert.ok(gz <= 400_000, `wasm is ${gz} bytes gzipped`);
});

test('Node: every API call runs in this thread from the installed package', () => {
  const stdout = execFileSync(process.execPath, ['node-check.mjs', SAMPLE], { cwd: project, encoding: 'utf8' });
  nodeResult = JSON.parse(stdout.trim().split('\n').at(-1));
  const r = nodeResult;
  assert.match(r.columns, /^household_id basket_id product_id/);
  assert.equal(r.inspectHeader, true);
  assert.equal(r.customers, 100);
  assert.equal(r.progressReported, true);
  assert.match(r.segments, /Champions \d+/);
  assert.equal(r.clusterSizes.split(' ').reduce((a, b) => a + Number(b), 0), 100);
  assert.equal(r.clvCustomers, 100);
  assert.equal(r.typedColumns, 'Uint32Array Float64Array Float64Array');
  assert.ok(r.clvTotal > 0);
  assert.ok(r.itemsets > 0);
  assert.match(r.topRule, / -> /);
  assert.equal(r.modelCustomers, 100);
  assert.equal(r.recommended.split(' ').length, 3);
  assert.equal(r.similar, 3);
  assert.equal(r.similarRefused, 'ShopScopeError: invalid_option');
  assert.match(r.chosenFor, /^nextBasket: [1-9]\d* scored$/);
  assert.equal(r.exportLines, 1 + 2 * 100);
  assert.equal(r.manyRows, 2 * 100, 'recommendMany: two rows for each of the 100 customers');
  assert.ok(r.togetherBaskets > 0);
  assert.match(r.evaluated, /^\d+ users, split lastOrder$/);
  assert.ok(r.productRows > 0 && r.categoryItemsets > 0);
  assert.equal(r.tableRows, 801);
  assert.equal(r.tableClusters, 2);
  assert.equal(r.version, version);
  assert.equal(r.recordCustomers, 3);
  assert.equal(r.recordProducts, 3);
  assert.match(r.maskedPreview, /^(anon-[0-9a-f]{16} ?){4}$/);
  assert.equal(r.unknownOption, 'ShopScopeError: invalid_option');
  assert.equal(r.empty, 'ShopScopeError: empty');
  assert.equal(r.noItemsets, 'ShopScopeError: invalid_option');
  assert.equal(r.cancelled, 'ShopScopeError: cancelled');
  assert.equal(r.afterCancel, 100);
});

test('Node, CommonJS: require() of the package (an ES module, which Node 20.19+ and 22.12+ load) works as import does', () => {
  const stdout = execFileSync(process.execPath, ['commonjs-check.cjs', path.join(SAMPLE, 'complete_journey_sample.csv')], { cwd: project, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stdout), { customers: 100, segmented: 100 });
});

test('TypeScript: a consumer of the installed package type-checks (tsc --noEmit)', () => {
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, stdio: 'inherit' });
});

test('every result has exactly the fields its type declares (the results typed and compiled by tsc)', () => {
  const typed = execFileSync(process.execPath, ['typed-results.mjs', SAMPLE], { cwd: project, encoding: 'utf8' });
  writeFileSync(path.join(project, 'typed-results.ts'), typed);
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.results.json'], { cwd: project, stdio: 'inherit' });
});

test('a webpack-bundled page runs every call through the Worker API, as Node did', async () => {
  const { default: webpack } = await import('webpack');
  const dist = path.join(project, 'dist');
  const stats = await new Promise((resolve, reject) => webpack({
    mode: 'production',
    context: project,
    entry: './page/index.js',
    output: { path: dist, filename: 'main.js', publicPath: 'auto' },
    experiments: { asyncWebAssembly: true },
    resolve: { modules: [path.join(project, 'node_modules')] },
    performance: { hints: false },
  }, (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  cpSync(path.join(project, 'page', 'index.html'), path.join(dist, 'index.html'));
  mkdirSync(path.join(dist, 'sample'));
  for (const f of ['complete_journey_sample.csv', 'complete_journey_products.csv', 'complete_journey_demographics.csv']) {
    cpSync(path.join(SAMPLE, f), path.join(dist, 'sample', f));
  }

  const server = await startServer(dist);
  try {
    browser = await startBrowser();
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url);
    // The bundle's entry waits for its WebAssembly import before it runs and sets `result`.
    await page.waitForFunction(() => window.result !== undefined);
    const result = await page.evaluate(() => window.result);
    assert.deepEqual(errors, []);
    assert.equal(result.bundlerVersion, version);
    delete result.bundlerVersion;
    assert.ok(nodeResult, 'the Node test ran first');
    // Same seeds, same core: the worker in Chromium and Node in-thread see exactly the same results.
    assert.deepEqual(result, nodeResult);
    await screenshot(page, '12-package-webpack');
    assert.deepEqual(foreignRequests(browser.requests), []);
  } finally {
    server.stop();
  }
});

test('the CRM example adds a segment and a recommended next product to every customer', async () => {
  execFileSync(process.execPath, [TSC, '-p', path.join(ROOT, 'www', 'examples', 'crm', 'tsconfig.json')], { stdio: 'inherit' });
  const server = await startServer();
  const crm = await startBrowser();
  try {
    const page = await crm.context.newPage();
    await page.goto(`${server.url}examples/crm/`);
    await page.locator('#status').filter({ hasText: 'nothing was sent anywhere' }).waitFor({ timeout: 60_000 });
    const rows = page.locator('#customers tbody tr');
    assert.equal(await rows.count(), 240);
    const segments = await rows.locator('td:nth-child(5)').allInnerTexts();
    const next = await rows.locator('td:nth-child(6)').allInnerTexts();
    assert.ok(segments.every((s) => s && s !== '…'), 'every customer has a segment');
    assert.ok(new Set(segments).size >= 4, `segments seen: ${[...new Set(segments)]}`);
    assert.ok(next.every((s) => s && s !== '…' && s !== '—'), 'every customer has a next product');
    assert.ok(new Set(next).size >= 5, `products recommended: ${[...new Set(next)]}`);
    await screenshot(page, '11-crm-example');
    assert.deepEqual(foreignRequests(crm.requests), []);
  } finally {
    await crm.close();
    server.stop();
  }
});
