import { ROOT, screenshot, startBrowser, startServer } from './harness.mjs';
const server = await startServer();
const browser = await startBrowser();
const page = await browser.context.newPage();
page.on('pageerror', (e) => console.error('page error:', e));
page.on('crash', () => console.error('PAGE CRASHED'));
page.on('console', (m) => console.log('console:', m.text()));
await page.goto(server.url);
const t0 = Date.now();
await page.locator('#file-input').setInputFiles(process.argv[2]);
try {
  await page.waitForFunction(() => document.querySelector('#summary-card')?.checkVisibility() && document.querySelector('#status').hidden || document.querySelector('#error')?.checkVisibility(), null, { timeout: 300_000 });
} catch (e) { console.log('wait failed', e.message); }
console.log('after', Date.now() - t0, 'ms');
console.log(await page.locator('#summary-card').innerText().catch(() => ''));
console.log(await page.locator('#error').innerText().catch(() => ''));
await screenshot(page, 'probe-big');
await browser.close(); server.stop();
