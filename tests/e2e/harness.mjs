// Shared set-up for the end-to-end tests: serves www/ on 127.0.0.1 with scripts/serve.mjs, starts Debian's
// Chromium through playwright-core (never a downloaded browser), records every request the page and its
// workers make, and saves screenshots under test-results/screenshots.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
/** The crate's version, which the npm package carries. */
export const VERSION = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"/m)[1];
/** The packed npm package (scripts/build-package.sh). */
export const TARBALL = path.join(ROOT, 'target', 'npm', `shopscope-${VERSION}.tgz`);

/**
 * A throwaway project `name` in a temporary folder, as an embedder has it: the packed package and `tools`
 * installed by npm (`offline`: from the tarball alone, which has no dependencies), and the files of
 * tests/`fixtures` copied in. Returns its folder.
 */
export function installPackage(name, fixtures, { tools = [], offline = false } = {}) {
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run scripts/build-package.sh`);
  const project = mkdtempSync(path.join(tmpdir(), `shopscope-${fixtures}-`));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  const flags = [...(offline ? ['--offline'] : []), '--no-audit', '--no-fund', '--loglevel=error'];
  execFileSync('npm', ['install', ...flags, TARBALL, ...tools], { cwd: project, stdio: 'inherit' });
  cpSync(path.join(ROOT, 'tests', fixtures), project, { recursive: true });
  return project;
}

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Without this Chromium itself still tries Google hosts (see ../shared/TOOLCHAIN.md).
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** Serves `dir` (default www/) on 127.0.0.1 with the page's CSP, or with `csp` instead. */
export async function startServer(dir = path.join(ROOT, 'www'), { csp } = {}) {
  const env = csp ? { ...process.env, SHOPSCOPE_CSP: csp } : process.env;
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), '0', dir], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

export async function startBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'shopscope-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    requests,
    profile,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every request went to 127.0.0.1 (or stayed inside the page: data:, blob:). */
export function foreignRequests(requests) {
  return requests.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
    return url.hostname !== '127.0.0.1';
  });
}

/** The page served from www/ in a fresh browser, with its errors logged; `close()` stops both. */
export async function openPage() {
  const server = await startServer();
  const browser = await startBrowser();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  // Every request the page makes should find what it asks for (a missing favicon shows as a console error).
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  return {
    page,
    url: server.url,
    requests: browser.requests,
    failed,
    async close() {
      await browser.close();
      server.stop();
    },
  };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
