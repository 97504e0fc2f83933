// The package in the toolchains a CRM team builds with: the packed tarball (scripts/build-package.sh)
// installed into a throwaway project with Vite 5-8, webpack 5, Parcel, Next.js, esbuild and Rollup from the
// npm registry, the same tiny CRM page (tests/toolchains; for Next.js a client component with the React
// hook of www/examples/react; and once with no build at all) built by each, served with the site's strict
// Content-Security-Policy header (www/_headers) and run in headless Chromium: its customers, segments and a
// recommendation must appear. Vite, webpack, Parcel and Next.js rewrite `new URL(..., import.meta.url)` and
// need no options; esbuild and Rollup leave it, so the page copies the package's lib/ and pkg/ next to its
// bundle and gives `workerUrl` (README, "Embedding").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, foreignRequests, installPackage, screenshot, startBrowser, startServer } from './harness.mjs';

const SAMPLE = path.join(ROOT, 'www', 'sample', 'complete_journey_sample.csv');
// Pinned, as the dev dependencies are.
const TOOLS = ['vite@8.4.0', 'vite7@npm:vite@7.3.8', 'vite6@npm:vite@6.4.6', 'vite5@npm:vite@5.4.9', 'esbuild@0.28.2', 'rollup@4.69.1',
  '@rollup/plugin-node-resolve@16.0.3', 'parcel@2.16.4', 'next@16.5.0', 'react@19.3.1', 'react-dom@19.3.1', 'webpack@5.112.2'];
const SITE_CSP = readFileSync(path.join(ROOT, 'www', '_headers'), 'utf8').match(/Content-Security-Policy: (.*)/)[1];
let project;
let browser;

before(() => {
  project = installPackage('crm-toolchains', 'toolchains', { tools: TOOLS });
  mkdirSync(path.join(project, 'public'));
  cpSync(SAMPLE, path.join(project, 'public', 'sample.csv'));
  cpSync(path.join(project, 'public'), path.join(project, 'next', 'public'), { recursive: true });
  cpSync(path.join(ROOT, 'www', 'examples', 'react', 'use-shopscope.js'), path.join(project, 'next', 'use-shopscope.js'));
});

after(async () => {
  await browser?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/**
 * Serves `dist` with the site's headers (or the policy `csp`), lets `act` act on the page, and reads what
 * the page found. Says what the page fetched of the build (the bytes the package adds, gzipped).
 */
async function runBuilt(dist, name, { csp, act } = {}) {
  browser ??= await startBrowser();
  const server = await startServer(dist, { csp });
  const page = await browser.context.newPage();
  const fetched = new Set();
  page.on('request', (r) => fetched.add(new URL(r.url()).pathname));
  try {
    page.on('pageerror', (e) => console.error(`${name} page error:`, e));
    await page.goto(server.url);
    await act?.(page);
    await page.waitForFunction(() => !/working/.test(document.querySelector('#out').textContent), null, { timeout: 60_000 });
    await screenshot(page, `30-toolchain-${name}`);
    const found = JSON.parse(await page.locator('#out').innerText());
    const files = [...fetched].map((p) => path.join(dist, decodeURIComponent(p))).filter((f) => /\.(js|wasm)$/.test(f) && existsSync(f));
    const kB = (fs) => (fs.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0) / 1000).toFixed(1);
    console.log(`${name}: the page fetched ${kB(files)} kB gzipped of scripts and wasm, ${kB(files.filter((f) => f.endsWith('.js')))} kB of it scripts`);
    return { found, fetched: files };
  } finally {
    await page.close();
    server.stop();
  }
}

function assertFound(found, name) {
  assert.equal(found.error, undefined, `${name}: ${found.error}`);
  assert.equal(found.customers, 100, name);
  assert.ok(found.segments > 0, name);
  assert.equal(found.recommended.length, 3, name);
}

test('Vite 8: a production build with no options', () => {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn', '--outDir', 'dist-vite'], { cwd: project, stdio: 'inherit' });
  const dist = path.join(project, 'dist-vite');
  return runBuilt(dist, 'vite').then(({ found, fetched }) => {
    assertFound(found, 'Vite');
    // The one chunk not fetched is the glue for ShopScope.inThisThread (the worker has its own): loaded
    // only by that call, never by a page that uses the worker.
    const unfetched = readdirSync(path.join(dist, 'assets')).filter((f) => !fetched.includes(path.join(dist, 'assets', f)));
    assert.deepEqual(unfetched.map((f) => f.replace(/-[\w-]{8}\./, '.')), ['shopscope.js']);
  });
});

for (const major of [7, 6, 5]) {
  test(`Vite ${major}: a production build with no options`, async () => {
    execFileSync(process.execPath, [`node_modules/vite${major}/bin/vite.js`, 'build', '--logLevel', 'warn', '--outDir', `dist-vite${major}`], { cwd: project, stdio: 'inherit' });
    assertFound((await runBuilt(path.join(project, `dist-vite${major}`), `vite${major}`)).found, `Vite ${major}`);
  });
}

test('webpack 5: a production build with no options', async () => {
  const { default: webpack } = await import(pathToFileURL(path.join(project, 'node_modules', 'webpack', 'lib', 'index.js')).href);
  const dist = path.join(project, 'dist-webpack');
  const stats = await new Promise((resolve, reject) => webpack({ mode: 'production', context: project, entry: './main.js', output: { path: dist, filename: 'main.js' }, performance: { hints: false } },
    (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  cpSync(path.join(project, 'index.html'), path.join(dist, 'index.html'));
  cpSync(path.join(project, 'public', 'sample.csv'), path.join(dist, 'sample.csv'));
  assertFound((await runBuilt(dist, 'webpack')).found, 'webpack');
});

// Parcel (2.14 on) writes an import map into the page, an inline script that no option turns off
// (parcel-bundler/parcel#10240): a strict policy lets it in by its hash; nothing else changes.
test("Parcel: a production build with no options, its import map's hash in script-src", async () => {
  const dist = path.join(project, 'dist-parcel');
  execFileSync(process.execPath, ['node_modules/parcel/lib/bin.js', 'build', 'index.html', '--dist-dir', dist, '--no-cache', '--log-level', 'warn'], { cwd: project, stdio: 'inherit' });
  cpSync(path.join(project, 'public', 'sample.csv'), path.join(dist, 'sample.csv'));
  const importMap = readFileSync(path.join(dist, 'index.html'), 'utf8').match(/<script type="?importmap"?>(.*?)<\/script>/s)[1];
  const csp = SITE_CSP.replace("script-src 'self'", `script-src 'self' 'sha256-${createHash('sha256').update(importMap).digest('base64')}'`);
  assertFound((await runBuilt(dist, 'parcel', { csp })).found, 'Parcel');
});

// Next.js's static export runs its own inline scripts, which its documentation allows by 'unsafe-inline' (or
// a nonce from a server): the rest of the site's policy, what the package needs, stays.
const NEXT_CSP = SITE_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

function buildNext() {
  const out = path.join(project, 'next', 'out');
  if (!existsSync(out)) {
    execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build', 'next'], { cwd: project, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  return out;
}

test('Next.js: a client component with the React hook, rendered on the server and run in the browser', async () => {
  const out = buildNext();
  // The server render imported the package and called nothing: the page arrives saying it is working.
  assert.match(readFileSync(path.join(out, 'index.html'), 'utf8'), /<pre id="out">working…<\/pre>/);
  assertFound((await runBuilt(out, 'next', { csp: NEXT_CSP })).found, 'Next.js');
});

test("Next.js: the hook's cancel stops its run and says so", async () => {
  const { found } = await runBuilt(buildNext(), 'next-cancel', { csp: NEXT_CSP, act: (page) => page.getByRole('button', { name: 'Cancel' }).click() });
  assert.deepEqual(found, { error: 'cancelled' });
});

/** Runs Vite's dev server (`bin` of one Vite version, `args` more options) and reads what the page found. */
async function runDev(bin, args, name) {
  browser ??= await startBrowser();
  const child = spawn(process.execPath, [bin, '--host', '127.0.0.1', '--port', '0', '--strictPort', 'false', ...args], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (d) => {
        seen += String(d).replace(/\x1b\[[0-9;]*m/g, '');
        const found = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (found) resolve(found[0]);
      });
      child.once('exit', (code) => reject(new Error(`vite exited with ${code}: ${seen}`)));
    });
    const page = await browser.context.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(() => !/working/.test(document.querySelector('#out').textContent), null, { timeout: 60_000 });
      return JSON.parse(await page.locator('#out').innerText());
    } finally {
      await page.close();
    }
  } finally {
    child.kill();
  }
}

test('Vite 8: the dev server with no options', async () => {
  assertFound(await runDev('node_modules/vite/bin/vite.js', [], 'vite-dev'), 'Vite 8 dev');
});

for (const major of [7, 6, 5]) {
  test(`Vite ${major}: the dev server with optimizeDeps.exclude, the README recipe`, async () => {
    assertFound(await runDev(`node_modules/vite${major}/bin/vite.js`, ['--config', 'vite.exclude.config.js'], `vite${major}-dev`), `Vite ${major} dev`);
  });
}

test('Vite 6: the dev server without it fails with worker_load, naming the fix', async () => {
  const found = await runDev('node_modules/vite6/bin/vite.js', ['--force'], 'vite6-dev-plain');
  assert.match(found.error ?? '', /^worker_load: .*optimizeDeps: \{ exclude: \['shopscope'\] \}/, JSON.stringify(found));
});

/** The page bundled by `bundle(outfile)` (a bundler that leaves the worker's URL alone), the package copied beside it. */
async function runStatic(name, bundle) {
  const dist = path.join(project, `dist-${name}`);
  bundle(path.join(dist, 'main.js'));
  cpSync(path.join(project, 'index.html'), path.join(dist, 'index.html'));
  cpSync(path.join(project, 'public', 'sample.csv'), path.join(dist, 'sample.csv'));
  for (const dir of ['lib', 'pkg']) cpSync(path.join(project, 'node_modules', 'shopscope', dir), path.join(dist, 'shopscope', dir), { recursive: true });
  assertFound((await runBuilt(dist, name)).found, name);
}

test('esbuild: a bundle with the package copied beside it and workerUrl', () => runStatic('esbuild', (outfile) =>
  execFileSync(path.join(project, 'node_modules', '.bin', 'esbuild'), ['main-static.js', '--bundle', '--format=esm', '--log-level=warning', `--outfile=${outfile}`], { cwd: project, stdio: 'inherit' })));

test('Rollup (node-resolve only): the same', () => runStatic('rollup', (outfile) =>
  execFileSync(path.join(project, 'node_modules', '.bin', 'rollup'), ['main-static.js', '--format', 'es', '--inlineDynamicImports', '--silent', '--plugin', '@rollup/plugin-node-resolve', '--file', outfile], { cwd: project, stdio: 'inherit' })));

test('no build: a <script type="module"> page importing the package by its path', () => runStatic('nobuild', (outfile) => {
  cpSync(path.join(project, 'main-nobuild.js'), outfile);
  cpSync(path.join(project, 'app.js'), path.join(path.dirname(outfile), 'app.js'));
}));

test('no request left 127.0.0.1', () => {
  assert.deepEqual(foreignRequests(browser?.requests ?? []), []);
});
