/**
 * The web page's layout and accessibility, in a real headless browser against a real server
 * (web-page.ts): it is served at / with its assets and fetches nothing from elsewhere; with every
 * panel filled, axe-core finds no serious or critical violation at 1280 and at 360 px, and 360 px
 * needs no sideways scrolling; at 375 px no label of the network is cut (a long name ends in an
 * ellipsis, its full text kept as a title); at 1280 px the models table breaks no word and keeps
 * its actions in view beside a 64-character name. With BPNN_SCREENSHOTS=<folder> it also saves the
 * README's screenshots (npm run screenshots at the root).
 */
import { Model } from '@bpnn/core';
import { readCsvDataset, writeModel } from '@bpnn/serialize';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IRIS_CSV, line, type TestServer } from '../helpers.js';
import { axeViolations, chooseData, LONG, problem, SCREENSHOTS, wait, useWebPage } from './web-page.js';

/**
 * The page as a user leaves it, every panel filled: a 2-input job trained to the end (Watch's
 * chart, numbers and live map; the list of jobs), its model open (the network with its weights
 * shown, the decision map, a sample explained, a row and a CSV predicted, its CSV format's fields
 * open), and the training form showing an error, its CSV format's fields open.
 */
async function fillEveryPanel(page: Page): Promise<void> {
  await chooseData(page, 'flowers.csv', IRIS_CSV, 'species', ['petal length (cm)', 'petal width (cm)']);
  await page.fill('#name', 'flowers');
  await page.fill('#hidden', '8');
  await page.fill('#validationSplit', '0.2');
  await page.click('#train-form button[type=submit]');
  await page.waitForSelector('text=Finished: model flowers is stored.', { timeout: LONG });
  await page.click('#watch details summary');
  await page.waitForSelector('svg.network', wait);
  await page.click('summary:text-is("Show the weights")');
  await page.waitForSelector('#understand canvas.map', wait);
  await page.fill('#explain-row', '51');
  await page.click('#explain-form button:has-text("Use this row")');
  await page.click('#explain-form button[type=submit]');
  await page.waitForSelector('#top-gradients tbody tr', wait);
  await page.fill('#try-col-0', '4.8');
  await page.fill('#try-col-1', '1.6');
  await page.click('#try-form button[type=submit]');
  await page.waitForSelector('#try-label', wait);
  const lines = IRIS_CSV.trim().split(/\r?\n/);
  const batch = [lines[0], ...lines.slice(1).filter((_, k) => k % 30 === 0)].join('\n');
  await page.setInputFiles('#batch-file', { name: 'some.csv', mimeType: 'text/csv', buffer: Buffer.from(batch) });
  await page.waitForSelector('#batch-download', wait);
  await page.click('#batch-format-summary'); // the CSV format's fields, opened
  await chooseData(page, 'flowers.csv', IRIS_CSV, 'species');
  await page.click('#train-format-summary');
  await page.fill('#hidden', '4,abc');
  await page.click('#train-form button[type=submit]');
  await page.waitForSelector('#train-error:not(:empty)', wait);
}

describe.skipIf(problem !== null)("the web page's layout and accessibility", () => {
  let server: TestServer;
  let page: Page;
  let outside: string[];
  useWebPage({}, (web) => ({ server, page, outside } = web));

  it('is served at / with its assets, and fetches nothing from elsewhere', async () => {
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await expect(page.textContent('#models-status', wait)).resolves.toBe('No models yet: train one below.');
    expect(outside).toEqual([]);
  }, LONG);

  it('has no serious or critical accessibility violations, at 1280 and at 360 px, and fits 360 px', async () => {
    await fillEveryPanel(page);
    expect(await axeViolations(page)).toEqual([]);
    if (SCREENSHOTS) {
      // The README's picture with the job's table of numbers folded (its 200 rows would make it a ribbon).
      await page.click('#watch details summary');
      await page.screenshot({ path: join(SCREENSHOTS, 'web-1280.png'), fullPage: true });
      await page.click('#watch details summary');
    }
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    if (SCREENSHOTS) {
      const top = await page.$eval('#watch-h', (el) => el.getBoundingClientRect().top + el.ownerDocument.documentElement.scrollTop);
      await page.screenshot({ path: join(SCREENSHOTS, 'web-360.png'), fullPage: true, clip: { x: 0, y: top - 8, width: 360, height: 1800 } });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(outside).toEqual([]);
  }, LONG);

  it('never cuts a label of the network at 375 px: a long name ends in an ellipsis and keeps its full text as a title', async () => {
    const inputs = ['WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW', 'Maximum Monthly Wholesale Market Volume (MWh)', 'x'];
    const csv = [[...inputs, 'wind'].join(','), ...Array.from({ length: 24 }, (_, i) => `${i % 5},${(i * 3) % 7},${i % 2},${i % 3 === 0 ? 'Mostly Westerly Winds (WMO)' : 'calm'}`)].join('\n');
    const model = Model.train(await readCsvDataset(csv, { target: 'wind' }), { hidden: [3], epochs: 5, seed: 1 }).model;
    expect((await fetch(`${server.url}/v1/models/wide-names`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(model) })).status).toBe(201);
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await page.goto(`${server.url}/#model=wide-names`);
      const svg = await page.waitForSelector('svg.network:has(title:text-is("x"))', wait); // this model's, not the one open before
      const width = Number((await svg.getAttribute('viewBox'))!.split(' ')[2]);
      const texts = await svg.$$eval('text', (list) =>
        list.map((t) => {
          const box = (t as unknown as { getBBox(): { x: number; width: number } }).getBBox();
          return { shown: t.firstChild!.textContent!, title: t.querySelector('title')?.textContent ?? null, left: box.x, right: box.x + box.width };
        }));
      for (const t of texts) {
        expect(t.left, t.shown).toBeGreaterThanOrEqual(0);
        expect(t.right, t.shown).toBeLessThanOrEqual(width);
      }
      const labels = texts.filter((t) => t.title !== null);
      expect(labels.map((t) => t.title).sort()).toEqual([...inputs, 'Mostly Westerly Winds (WMO)', 'calm'].sort());
      for (const t of labels) expect(t.shown === t.title || (t.shown.endsWith('…') && t.title!.startsWith(t.shown.slice(0, -1))), t.shown).toBe(true);
      expect(labels.find((t) => t.title === 'x')!.shown).toBe('x');
      expect(labels[0].shown).toMatch(/^WWW+…$/);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, LONG);

  it('keeps every word of the models table whole at 1280 px, and its actions in view beside a 64-character name', async () => {
    const name = `m${'0123456789'.repeat(6)}abc`;
    expect(name).toHaveLength(64);
    const put = await fetch(`${server.url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(line()) });
    expect(put.status).toBe(201);
    await page.goto(`${server.url}/`);
    await page.waitForSelector(`#models-table tr[data-model="${name}"]`, wait);
    // A word broken over two lines has two boxes; the long name is the one word allowed to break.
    const broken = await page.$$eval('#models-table th, #models-table td', (cells, long) => {
      const out: string[] = [];
      for (const cell of cells) {
        const walker = cell.ownerDocument.createTreeWalker(cell, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/\S+/g)) {
            if (match[0] === long) continue;
            const range = cell.ownerDocument.createRange();
            range.setStart(node, match.index!);
            range.setEnd(node, match.index! + match[0].length);
            const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round((r as { top: number }).top)));
            if (lines.size > 1) out.push(match[0]);
          }
        }
      }
      return out;
    }, name);
    expect(broken).toEqual([]);
    const region = await page.$eval('#models-table', (table) => ({ scroll: table.parentElement!.scrollWidth, width: table.parentElement!.clientWidth }));
    expect(region.scroll).toBeLessThanOrEqual(region.width); // no sideways scrolling to reach Delete
    const remove = await page.$eval(`button[aria-label="Delete ${name}"]`, (b) => b.getBoundingClientRect().right);
    expect(remove).toBeLessThanOrEqual(1280);
    expect((await fetch(`${server.url}/v1/models/${name}`, { method: 'DELETE' })).status).toBe(204);
  }, LONG);
});
