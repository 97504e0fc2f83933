// End-to-end: the page as a person with a keyboard, a screen reader or a phone meets it. axe-core checks every
// tab state (fresh, the sample, a platform export, an error, a cancelled run) for violations; errors must
// appear inside the tab that failed, in view; every results table keeps its columns reachable at 390 px;
// every focus stop is visible.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, openPage, screenshot } from './harness.mjs';

const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const SHOPIFY = path.join(ROOT, 'tests', 'layouts', 'shopify_orders_export.csv');
let opened;
let page;
before(async () => ({ page } = opened = await openPage()));
after(() => opened?.close());

const text = (selector) => page.locator(selector).innerText();

async function idle() {
  await page.locator('#status').waitFor({ state: 'hidden', timeout: 120_000 });
}

async function loadSample() {
  await page.getByRole('button', { name: 'Use sample data' }).click();
  await page.locator('#summary-card').waitFor({ state: 'visible', timeout: 120_000 });
  await idle();
}

/** axe-core's violations on the page as it is now (WCAG 2.1 A and AA, and best practices). */
async function violations(where) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (its script-src is 'self').
  const found = await page.evaluate(`(async () => {
    if (!window.axe) { ${AXE} }
    const r = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ', first ' + v.nodes[0].target.join(' ') + ')');
  })()`);
  assert.deepEqual(found, [], `${where}: ${found.join('; ')}`);
}

async function showTab(name) {
  await page.getByRole('tab', { name, exact: true }).click();
  await idle();
}

test('a fresh page shows no tab bar, and nothing fails axe', async () => {
  assert.ok(await page.locator('#tabs').isHidden(), 'the tab bar shows before any file');
  await violations('fresh page');
});

test('every focus stop is visible, and focus moves to the results after loading', async () => {
  await page.reload();
  const stops = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const box = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return { id: e.id || e.textContent.trim().slice(0, 30), visible: box.width > 2 && box.height > 2 && style.opacity !== '0' && style.visibility !== 'hidden' };
    }));
  }
  const shown = stops.filter(Boolean);
  assert.ok(shown.length >= 4, `focus stops: ${JSON.stringify(stops)}`);
  assert.deepEqual(shown.filter((s) => !s.visible), [], 'invisible focus stops');
  await page.getByRole('button', { name: 'Use sample data' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#summary-card').waitFor({ state: 'visible', timeout: 120_000 });
  await idle();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'summary-title');
  // The worker that read the file has given up its network functions.
  const workers = page.workers();
  assert.equal(workers.length, 1);
  assert.deepEqual(await workers[0].evaluate(() => [typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof importScripts]),
    ['undefined', 'undefined', 'undefined', 'undefined']);
});

test('the sample: every tab passes axe', async () => {
  await violations('sample, overview');
  for (const tab of ['Segments', 'Rules', 'Recommendations', 'Lifetime value']) {
    await showTab(tab);
    await violations(`sample, ${tab}`);
  }
  await page.getByRole('button', { name: 'Use sample customer table' }).click();
  await page.locator('#table-results').waitFor({ state: 'visible', timeout: 60_000 });
  await idle();
  await violations('sample customer table');
});

test('after a run started from the keyboard, focus is back on its button', async () => {
  await showTab('Segments');
  await page.locator('#segment-button').focus();
  await page.keyboard.press('Enter');
  await page.locator('#status').waitFor({ state: 'visible' }).catch(() => {});
  await idle();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'segment-button');
});

test('an error shows inside the tab that failed, titled, in view and announced; the old results are marked', async () => {
  await showTab('Segments');
  await page.locator('#segment-results').waitFor({ state: 'visible' });
  // Every feature unticked, then "Find segments": k-means has nothing to cluster on.
  for (const box of await page.locator('#feature-boxes input').all()) await box.uncheck();
  await page.getByRole('button', { name: 'Find segments' }).click();
  const notice = page.locator('#segments-card .notice');
  await notice.waitFor({ state: 'visible' });
  assert.equal(await notice.getAttribute('role'), 'alert');
  assert.equal(await text('#segments-card .notice h3'), 'Segments could not be found');
  assert.match(await text('#segments-card .notice p'), /feature.*The results below \(marked\) are from the last run that worked\./);
  assert.ok(await page.locator('#error').isHidden(), 'the error is not in the box above the tabs');
  assert.equal(await page.locator('#segments-card').getAttribute('data-stale'), '');
  const inView = await notice.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(inView, 'the error is scrolled into view');
  await screenshot(page, '20-segments-error-in-tab');
  await violations('segments error');
  // The next run that works clears both.
  await page.locator('#feature-boxes input').first().check();
  await page.getByRole('button', { name: 'Find segments' }).click();
  await idle();
  assert.ok(await notice.isHidden());
  assert.equal(await page.locator('#segments-card').getAttribute('data-stale'), null);
});

test('a cancelled run is a neutral notice in its tab, not an error', async () => {
  // "Find segments", then Cancel at once (both in one task of the page, so the run cannot finish first).
  await page.evaluate(() => {
    document.querySelector('#segment-button').click();
    document.querySelector('#cancel-button').click();
  });
  const notice = page.locator('#segments-card .notice');
  await notice.waitFor({ state: 'visible' });
  assert.equal(await notice.getAttribute('role'), 'status');
  assert.equal(await text('#segments-card .notice h3'), 'Cancelled');
  assert.equal(await text('#segments-card .notice p'), 'Finding segments was cancelled.');
  assert.ok(!(await notice.evaluate((e) => e.classList.contains('error'))), 'shown as an error');
  assert.equal(await page.locator('#segments-card').getAttribute('data-stale'), null);
  await screenshot(page, '22-segments-cancelled');
  await violations('segments cancelled');
});

test('a platform export (Shopify orders): every tab passes axe', async () => {
  await page.locator('#file-input').setInputFiles(SHOPIFY);
  await page.locator('#summary-card').waitFor({ state: 'visible', timeout: 120_000 });
  await idle();
  await violations('Shopify export, overview');
  for (const tab of ['Segments', 'Rules', 'Recommendations', 'Lifetime value']) {
    await showTab(tab);
    await violations(`Shopify export, ${tab}`);
  }
});

test('a file that cannot be read: the error above the tabs, in view, and nothing fails axe', async () => {
  await page.locator('#file-input').setInputFiles(path.join(ROOT, 'tests', 'corpus', 'xlsx_renamed.csv'));
  await page.locator('#error').waitFor({ state: 'visible' });
  assert.equal(await text('#error-title'), 'This file could not be read');
  assert.equal(await page.locator('#error').getAttribute('role'), 'alert');
  // The transactions' tabs belong to the file before; the customer table loaded earlier keeps its own.
  assert.ok(await page.locator('#tab-overview').isHidden(), 'tabs of the file before');
  await violations('file refused');
});

test('at phone width every results table keeps all its columns reachable', async () => {
  await loadSample();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const tab of ['Overview', 'Segments', 'Rules', 'Recommendations', 'Lifetime value']) {
      await showTab(tab);
      const tables = await page.evaluate(() => [...document.querySelectorAll('[role="tabpanel"]:not([hidden]) table')]
        .filter((t) => t.rows.length > 0)
        .map((t) => {
          const heads = [...t.querySelectorAll('th')];
          const hidden = heads.filter((h) => getComputedStyle(h).display === 'none').map((h) => h.textContent);
          // Cells past the screen's edge are reachable only inside a box that scrolls sideways.
          const box = t.closest('.scroll');
          const wide = t.getBoundingClientRect().right > window.innerWidth + 1;
          return { id: t.id || t.className, hidden, unreachable: wide && !(box && getComputedStyle(box).overflowX === 'auto') };
        }));
      assert.ok(tables.length > 0, `${tab}: no table`);
      for (const t of tables) {
        assert.deepEqual(t.hidden, [], `${tab}, ${t.id}: hidden columns`);
        assert.ok(!t.unreachable, `${tab}, ${t.id}: wider than the screen and not scrollable`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${tab}: the page is ${overflow}px wider than the screen`);
      await screenshot(page, `21-phone-${tab.toLowerCase().replace(/ /g, '-')}`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
