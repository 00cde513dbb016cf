/**
 * The Train panel's form in a real headless browser against a real server (web-page.ts): a bad
 * file gets the server's error next to it, naming the row and column; a file that is not UTF-8 is
 * named as such (and UTF-16 with its mark is read); a binary file and a hidden layer size that is
 * not a number are refused beside the form; columns of number codes named as categories train the
 * model the jobs route and the library train.
 */
import { Model } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IRIS_CSV, json, waitFor, type TestServer } from '../helpers.js';
import { chooseData, chooseDataBytes, LONG, problem, wait, useWebPage } from './web-page.js';

describe.skipIf(problem !== null)("the web page's training form", () => {
  let server: TestServer;
  let page: Page;
  useWebPage({}, (web) => ({ server, page } = web));

  it("shows the server's error for a bad file next to the file", async () => {
    await chooseData(page, 'bad.csv', 'a,b,y\n1,2,x\n3,oops,y\n', 'y');
    await page.click('#train-form button[type=submit]');
    await page.waitForSelector('#train-error:not(:empty)', wait);
    expect(await page.textContent('#train-error')).toMatch(/^bad\.csv: csv line 3, column "b": .*"oops"/);
  }, LONG);

  it('names a file that is not UTF-8 (Windows-1252, Latin-1) instead of reading it with U+FFFD, and reads UTF-16 with its mark', async () => {
    const csv = 'Température,Région,y\n21.5,1,a\n-3.25,2,b\n';
    await page.setInputFiles('#train-file', { name: 'latin.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
    await page.waitForSelector('#train-error:not(:empty)', wait);
    expect(await page.textContent('#train-error')).toBe('latin.csv: line 1 is not UTF-8 text (the file may be in Windows-1252 or Latin-1, as Excel saves "CSV" in many languages): save it as "CSV UTF-8", or convert it (iconv -f WINDOWS-1252 -t UTF-8)');
    expect(await page.isHidden('#train-form')).toBe(true);
    // The same text as UTF-16 with its byte-order mark (Excel's "Unicode text"): read, names whole.
    await chooseDataBytes(page, 'wide.csv', Buffer.from(`\ufeff${csv}`, 'utf16le'), 'y');
    expect(await page.textContent('#train-error')).toBe('');
    expect(await page.$$eval('input[name=feature]', (boxes) => boxes.map((b) => b.getAttribute('value')))).toEqual(['Température', 'Région']);
  }, LONG);

  it('refuses a binary file and a hidden layer size that is not a number, next to the form', async () => {
    await page.setInputFiles('#train-file', { name: 'model.bpnn', mimeType: 'application/octet-stream', buffer: Buffer.from([0x10, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x22]) });
    await page.waitForSelector('#train-error:not(:empty)', wait);
    expect(await page.textContent('#train-error')).toBe('model.bpnn: is not a CSV file: it holds binary bytes (a model file is uploaded with PUT /v1/models/:name, not trained on)');
    await chooseData(page, 'flowers.csv', IRIS_CSV, 'species');
    await page.fill('#hidden', '4,abc');
    await page.click('#train-form button[type=submit]');
    await page.waitForSelector('#train-error:not(:empty)', wait);
    expect(await page.textContent('#train-error')).toBe('The job was not started: Hidden layers: "abc" is not a whole number (sizes, comma-separated, such as 16,8; or none).');
  }, LONG);

  it('trains with columns of number codes named as categories, as the jobs route and the library do', async () => {
    const csv = 'grade,x,y\n1,0.5,a\n2,1.5,b\n3,2.5,a\n1,0.7,b\n2,1.1,a\n3,2.2,b\n';
    await chooseData(page, 'graded.csv', csv, 'y');
    await page.fill('#name', 'graded');
    await page.fill('#hidden', '3');
    await page.fill('#epochs', '3');
    await page.fill('#categorical', 'grade');
    await page.click('#train-form button[type=submit]');
    const details = await waitFor('the model', async () => {
      const response = await fetch(`${server.url}/v1/models/graded`);
      return response.status === 200 ? json(response) : undefined;
    }, wait.timeout);
    expect(details.inputs).toEqual(Model.train(await readCsvDataset(csv, { target: 'y', categorical: ['grade'] }), { hidden: [3], epochs: 3 }).model.inputNames);
    expect(details.categorical).toEqual([{ name: 'grade', categories: ['1', '2', '3'] }]);
    // The page opens the model when it hears the job's result, which can come after the API has
    // the model: wait for it, so that a later test's #model=… is not replaced by this one.
    await page.waitForFunction(`new URLSearchParams(location.hash.slice(1)).get('model') === 'graded'`, undefined, wait);
  }, LONG);
});
