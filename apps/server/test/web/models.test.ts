/**
 * A model trained in the web page from start to deletion, in a real headless browser against a real
 * server (web-page.ts): a 2-input job runs to the end and stores the model, whose last live map
 * (computed in the page from the final snapshot) equals POST /v1/models/:name/predict; the page
 * draws the model, its weights and decision map, and explains a sample (its residuals, as the
 * explain route); predicts as the predict route, one row and by CSV; keeps the open model through
 * a header link; shows its details and downloads its file (the SHA-256 the API gives); deletes it
 * from the keyboard.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IRIS_CSV, json, postJson, waitFor, type TestServer } from '../helpers.js';
import { chooseData, liveMapNow, LONG, problem, stat, wait, watchedJob, useWebPage } from './web-page.js';

describe.skipIf(problem !== null)("the web page's model, trained in it", () => {
  let server: TestServer;
  let page: Page;
  useWebPage({}, (web) => ({ server, page } = web));

  it('trains a 2-input model to the end, then draws it, its decision map and a sample\'s residuals', async () => {
    await chooseData(page, 'flowers.csv', IRIS_CSV, 'species', ['petal length (cm)', 'petal width (cm)']);
    await page.fill('#name', 'flowers');
    await page.fill('#hidden', '8'); // and the default epochs
    await page.fill('#validationSplit', '0.2');
    await page.click('#train-form button[type=submit]');
    await page.waitForSelector('text=Finished: model flowers is stored.', { timeout: LONG });
    expect(await stat(page, 'State')).toBe('succeeded (epochs)');
    // The final samples per second: the 120 rows of 150 left to train on by the 0.2 split, times the epochs, over the last epoch's seconds.
    const finished = await json(await fetch(`${server.url}/v1/jobs/${watchedJob(page)}`));
    const last = finished.losses.at(-1);
    expect(finished.rows).toBe(150);
    expect(await stat(page, 'Samples per second')).toBe(String(Math.round((120 * last.epoch) / last.seconds)));
    expect(await page.$$eval('svg.chart polyline', (lines) => lines.length)).toBe(2); // training and validation
    await page.waitForSelector('#models-table tr[data-model="flowers"]', wait);

    // The last live map is drawn from the final snapshot, in the page: what the predict route answers for the stored model.
    const final = await liveMapNow(page, 'final');
    expect(final.final).toBe(true);
    const predicted = await json(await postJson(`${server.url}/v1/models/flowers/predict`, { inputs: final.cells.map((c) => [c.x, c.y]) }));
    expect(final.cells.map((c) => c.label)).toEqual(predicted.labels);
    final.cells.forEach((c, k) => c.outputs.forEach((p, j) => expect(Math.abs(p - predicted.outputs[k][j])).toBeLessThanOrEqual(1e-6)));

    await page.waitForSelector('svg.network', wait);
    expect(await page.$$eval('svg.network circle', (c) => c.length)).toBe(2 + 8 + 3);
    await page.click('summary:text-is("Show the weights")');
    await page.waitForSelector('table[data-tensor="layers.0.weight"]', wait);
    const w = await page.$$eval('table[data-tensor="layers.0.weight"] tbody tr:first-child td', (tds) => tds.map((td) => Number(td.textContent)));
    const file = await json(await fetch(`${server.url}/v1/models/flowers/file`, { headers: { accept: 'application/json' } }));
    const reference: number[] = file.tensors['layers.0.weight'].data[0];
    expect(w).toHaveLength(8);
    w.forEach((v, j) => expect(Math.abs(v - reference[j])).toBeLessThanOrEqual(5e-3 * Math.abs(reference[j]) + 1e-12));
    await page.waitForSelector('#understand canvas.map', wait);
    const cells = await page.$$eval('#understand .map-figure td', (tds) => tds.map((td) => td.textContent));
    expect(cells).toHaveLength(36);
    expect(new Set(cells).size).toBeGreaterThanOrEqual(2);
    for (const label of cells) expect(['setosa', 'versicolor', 'virginica']).toContain(label);

    await page.fill('#explain-row', '51');
    await page.click('#explain-form button:has-text("Use this row")');
    await page.click('#explain-form button[type=submit]');
    await page.waitForSelector('#top-gradients tbody tr', wait);
    const shown = await page.$$eval('table[data-layer="2"] td[data-residual]', (tds) => tds.map((td) => Number(td.textContent)));
    const row = { 'petal length (cm)': 4.7, 'petal width (cm)': 1.4, species: 'versicolor' }; // data row 51
    const explained = await json(await postJson(`${server.url}/v1/models/flowers/explain`, { row }));
    expect(shown).toHaveLength(3);
    shown.forEach((d, j) => expect(Math.abs(d - explained.layers[2].residual[j])).toBeLessThanOrEqual(5e-3 * Math.abs(explained.layers[2].residual[j]) + 1e-9));
    expect(await page.$$eval('#top-gradients tbody tr', (rows) => rows.length)).toBe(10);
    const fills = await page.$$eval('svg.network circle[data-layer="2"]', (c) => c.map((e) => e.getAttribute('fill')));
    expect(fills.every((f) => f !== '#ffffff')).toBe(true); // the output neurons are filled by their δ
  }, LONG);

  it('predicts what POST /v1/models/:name/predict answers, for one row and for a CSV', async () => {
    await page.fill('#try-col-0', '4.8');
    await page.fill('#try-col-1', '1.6');
    await page.click('#try-form button[type=submit]');
    await page.waitForSelector('#try-label', wait);
    const api = await json(await postJson(`${server.url}/v1/models/flowers/predict`, { inputs: [[4.8, 1.6]] }));
    expect(await page.textContent('#try-label')).toBe(api.labels[0]);
    const bars = await page.$$eval('#try-answer li', (items) => items.map((li) => [li.getAttribute('data-class'), li.querySelector('.n')?.textContent]));
    expect(bars).toEqual(api.classes.map((c: string, k: number) => [c, `${(api.outputs[0][k] * 100).toFixed(1)} %`]));

    const lines = IRIS_CSV.trim().split(/\r?\n/);
    const batch = [lines[0], ...lines.slice(1).filter((_, k) => k % 30 === 0)].join('\n');
    await page.setInputFiles('#batch-file', { name: 'some.csv', mimeType: 'text/csv', buffer: Buffer.from(batch) });
    await page.waitForSelector('#batch-download', wait);
    const [download] = await Promise.all([page.waitForEvent('download', wait), page.click('#batch-download')]);
    const got = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => l.split(','));
    const rows = batch.split('\n').slice(1).map((l) => l.split(',').map(Number));
    const expected = await json(await postJson(`${server.url}/v1/models/flowers/predict`, { inputs: rows.map((r) => [r[2], r[3]]) }));
    expect(got[0]).toEqual([...lines[0].split(','), 'prediction', 'p(setosa)', 'p(versicolor)', 'p(virginica)']);
    expect(got.slice(1).map((r) => r[5])).toEqual(expected.labels);
    got.slice(1).forEach((r, k) => expect(r.slice(6).map(Number)).toEqual(expected.outputs[k]));
  }, LONG);

  it('keeps the open model through a header link, and loads a row with Enter in the row field', async () => {
    await page.click('header nav a[href="#watch-h"]');
    await waitFor('the model back in the URL', async () => (page.url().includes('model=flowers') ? true : undefined), wait.timeout);
    expect(await page.$('#try-form')).not.toBeNull(); // still open
    await page.fill('#try-row', '120');
    await page.press('#try-row', 'Enter');
    const row120 = IRIS_CSV.trim().split(/\r?\n/)[120].split(',');
    await waitFor('row 120 in the form', async () => ((await page.inputValue('#try-col-0')) === row120[2] ? true : undefined), wait.timeout);
    expect(await page.inputValue('#try-col-1')).toBe(row120[3]);
  }, LONG);

  it("shows the model's details and downloads its file", async () => {
    const details = await json(await fetch(`${server.url}/v1/models/flowers`));
    expect(await page.textContent('#model-details')).toContain(`SHA-256 ${details.sha256}`);
    const [download] = await Promise.all([page.waitForEvent('download', wait), page.click('a[aria-label="Download flowers.bpnn"]')]);
    expect(download.suggestedFilename()).toBe('flowers.bpnn');
    const bytes = readFileSync((await download.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(details.sha256);
  }, LONG);

  it('deletes the model from the keyboard, after asking', async () => {
    await page.focus('button[aria-label="Delete flowers"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm-dialog[open]', wait);
    await page.keyboard.press('Tab'); // from Cancel to Delete
    await page.keyboard.press('Enter');
    await page.waitForSelector('#models-table tr[data-model="flowers"]', { state: 'detached', ...wait });
    expect((await fetch(`${server.url}/v1/models/flowers`)).status).toBe(404);
  }, LONG);
});
