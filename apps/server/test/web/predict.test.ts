/**
 * The Try panel with models uploaded through the API, in a real headless browser against a real
 * server (web-page.ts): a regression model's value equals the predict route's and its plane is
 * mapped; a column of categories is offered as its categories, and predicted and explained as the
 * routes do (two inputs that are one column's categories get no decision map); an input left empty
 * is a missing value, predicted as the route predicts null.
 */
import { Model } from '@bpnn/core';
import { readCsvDataset, writeModel } from '@bpnn/serialize';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { json, line, postJson, type TestServer } from '../helpers.js';
import { LONG, problem, wait, useWebPage } from './web-page.js';

describe.skipIf(problem !== null)("the web page's Try panel, with models of every kind", () => {
  let server: TestServer;
  let page: Page;
  useWebPage({}, (web) => ({ server, page } = web));

  it("answers a regression model's value, as the predict route does, and maps its plane", async () => {
    const put = await fetch(`${server.url}/v1/models/line`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(line()) });
    expect(put.status).toBe(201);
    await page.goto(`${server.url}/#model=line`);
    await page.fill('#try-col-0', '1.5');
    await page.fill('#try-col-1', '0.25');
    await page.click('#try-form button[type=submit]');
    await page.waitForSelector('#try-answer dd', wait);
    const api = await json(await postJson(`${server.url}/v1/models/line/predict`, { rows: [{ a: 1.5, b: 0.25 }] }));
    const shown = Number(await page.textContent('#try-answer dd[data-value="0"]'));
    expect(Math.abs(shown - api.outputs[0][0])).toBeLessThanOrEqual(5e-4 * Math.abs(api.outputs[0][0]));
    await page.waitForSelector('#understand canvas.map', wait);
    expect(await page.textContent('#understand .map-figure .legend')).toMatch(/^red: low \(.+\), blue: high \(.+\)$/);
  }, LONG);

  it('offers the categories of a column of categories, and predicts and explains with them as the routes do', async () => {
    const csv = ['colour,size,y', ...Array.from({ length: 30 }, (_, i) => `${['red', 'green', 'blue'][i % 3]},${i % 5},${i % 3 === 0 ? 'warm' : 'cold'}`)].join('\n');
    const model = Model.train(await readCsvDataset(csv, { target: 'y' }), { hidden: [4], epochs: 80, seed: 1 }).model;
    const put = await fetch(`${server.url}/v1/models/colours`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(model) });
    expect(put.status).toBe(201);
    await page.goto(`${server.url}/#model=colours`);
    // A choice, not the previous model's number field of the same id, which the panel shows until it has this model.
    await page.waitForSelector('select#try-col-0', wait);
    expect(await page.$$eval('#try-col-0 option', (options) => options.map((o) => o.textContent))).toEqual(['blue', 'green', 'red']);
    await page.selectOption('#try-col-0', 'red');
    await page.fill('#try-col-1', '2');
    await page.click('#try-form button[type=submit]');
    await page.waitForSelector('#try-label', wait);
    const api = await json(await postJson(`${server.url}/v1/models/colours/predict`, { rows: [{ colour: 'red', size: 2 }] }));
    expect(await page.textContent('#try-label')).toBe(api.labels[0]);
    expect(await page.$$eval('#explain-col-0 option', (options) => options.map((o) => o.textContent))).toEqual(['blue', 'green', 'red']);
    // Two network inputs that are one column's categories are no plane: no decision map.
    const pair = Model.train(await readCsvDataset(['side,y', ...Array.from({ length: 12 }, (_, i) => `${i % 2 ? 'left' : 'right'},${i % 2 ? 'a' : 'b'}`)].join('\n'), { target: 'y' }), { hidden: [2], epochs: 5, seed: 1 }).model;
    expect(pair.inputNames).toEqual(['side=left', 'side=right']);
    expect((await fetch(`${server.url}/v1/models/sides`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(pair) })).status).toBe(201);
    await page.goto(`${server.url}/#model=sides`);
    await page.waitForSelector('#explain-form', wait);
    expect(await page.textContent('#understand')).not.toContain('Decision map');
  }, LONG);

  it('leaves an input empty as a missing value for a model that fills them, and predicts as the route does with null', async () => {
    const csv = ['a,b,y', ...Array.from({ length: 30 }, (_, i) => `${i % 4 === 0 ? '' : i % 10},${(i * 7) % 9},${i % 10 > 4 ? 'big' : 'small'}`)].join('\n');
    const model = Model.train(await readCsvDataset(csv, { target: 'y', missing: true }), { hidden: [4], epochs: 40, seed: 1, missing: 'mean' }).model;
    const put = await fetch(`${server.url}/v1/models/gaps`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(model) });
    expect(put.status).toBe(201);
    await page.goto(`${server.url}/#model=gaps`);
    await page.waitForSelector('#try-col-0[placeholder=missing]', wait);
    await page.fill('#try-col-0', '');
    await page.fill('#try-col-1', '3');
    await page.click('#try-form button[type=submit]');
    await page.waitForSelector('#try-label', wait);
    const api = await json(await postJson(`${server.url}/v1/models/gaps/predict`, { rows: [{ a: null, b: 3 }] }));
    const bars = await page.$$eval('#try-answer li .n', (items) => items.map((n) => n.textContent));
    expect(bars).toEqual(api.outputs[0].map((p: number) => `${(p * 100).toFixed(1)} %`));
  }, LONG);
});
