/**
 * A CSV file's format in the page, in a real headless browser against a real server (web-page.ts):
 * a German spreadsheet's export (`;` between fields, decimal commas, CRLF) is proposed as such,
 * trains from the page into the same network as its decimal-point twin posted to the jobs route,
 * and Try's batch predicts it as the predict route predicts the twin's rows; digits grouped by points
 * are proposed and sent as thousands "."; a wrong choice of
 * the format gets its error beside the format's fields, in their words (no command-line flags).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jobIn, json, postJson, waitFor, type TestServer } from '../helpers.js';
import { chooseData, LONG, problem, wait, useWebPage } from './web-page.js';

// 24 rows: two measurements with a decimal comma (one negative, one an integer now and then) and a class.
const ROWS = Array.from({ length: 24 }, (_, i) => [((i * 37) % 50) / 10 + 1.05, ((i * 11) % 17) / 4 - 2, i % 3 === 0 ? 'klein' : 'groß'] as const);
const TWIN = `Länge (cm),Breite,Klasse\n${ROWS.map(([a, b, c]) => `${a},${b},${c}`).join('\n')}\n`;
const GERMAN = `Länge (cm);Breite;Klasse\r\n${ROWS.map(([a, b, c]) => `${String(a).replace('.', ',')};${String(b).replace('.', ',')};${c}`).join('\r\n')}\r\n`;

const modelFile = async (base: string, name: string) => json(await fetch(`${base}/v1/models/${name}/file`, { headers: { accept: 'application/json' } }));

describe.skipIf(problem !== null)("the web page's CSV format fields", () => {
  let server: TestServer;
  let page: Page;
  /** The first test's job. */
  let first: string;
  useWebPage({}, (web) => ({ server, page } = web));

  it('proposes ";" and decimal "," for a German file, and trains the network its decimal-point twin trains', async () => {
    expect(GERMAN).toContain('\r\n');
    expect(GERMAN).toMatch(/;-1,75;/);
    await chooseData(page, 'messung.csv', GERMAN, 'Klasse');
    expect([await page.inputValue('#train-delimiter'), await page.inputValue('#train-decimal')]).toEqual([';', ',']);
    expect(await page.textContent('#train-format-summary')).toBe('CSV format: delimiter ";", decimal mark "," (detected)');
    // The target picker and the features are the file's columns, split at ";".
    expect(await page.$$eval('#target option', (options) => options.map((o) => o.textContent))).toEqual(['Länge (cm)', 'Breite', 'Klasse']);
    expect(await page.$$eval('input[name=feature]', (boxes) => boxes.map((b) => b.getAttribute('value')))).toEqual(['Länge (cm)', 'Breite']);
    await page.fill('#name', 'messung');
    await page.fill('#hidden', '3');
    await page.fill('#epochs', '20');
    await page.click('#train-form button[type=submit]');
    const id = await waitFor('the job watched', () => new URLSearchParams(new URL(page.url()).hash.slice(1)).get('job') ?? undefined, wait.timeout);
    first = id;
    const done = await jobIn(server.url, id, ['succeeded', 'failed'], wait.timeout);
    expect(done.state).toBe('succeeded');
    expect(done.options).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(done.options.thousands).toBeUndefined();
    // The same options on the decimal-point twin, through the route: the same network, weight for weight.
    const { delimiter: _d, decimal: _c, ...options } = done.options;
    const twin = await json(await postJson(`${server.url}/v1/jobs`, { ...options, name: 'twin', csv: TWIN }));
    expect((await jobIn(server.url, twin.id, ['succeeded', 'failed'], wait.timeout)).state).toBe('succeeded');
    const [trained, reference] = [await modelFile(server.url, 'messung'), await modelFile(server.url, 'twin')];
    expect(trained.model.inputNames).toEqual(['Länge (cm)', 'Breite']);
    expect(trained.model).toEqual(reference.model);
    expect(trained.tensors).toEqual(reference.tensors);
    await page.waitForFunction(`new URLSearchParams(location.hash.slice(1)).get('model') === 'messung'`, undefined, wait);
  }, LONG);

  it("predicts the German file in Try's batch as the predict route predicts its twin's rows, and writes it back in its format", async () => {
    await page.goto(`${server.url}/#model=messung`);
    await page.waitForSelector('#batch-file', wait);
    // The loaded data's first row, read with its decimal commas, fills the sample form.
    expect([await page.inputValue('#try-col-0'), await page.inputValue('#try-col-1')]).toEqual([String(ROWS[0][0]), String(ROWS[0][1])]);
    await page.setInputFiles('#batch-file', { name: 'messung.csv', mimeType: 'text/csv', buffer: Buffer.from(GERMAN) });
    await page.waitForSelector('#batch-download', wait);
    expect([await page.inputValue('#batch-delimiter'), await page.inputValue('#batch-decimal')]).toEqual([';', ',']);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
    expect(saved.suggestedFilename()).toBe('messung-predictions.csv');
    const download = readFileSync((await saved.path())!, 'utf8');
    const api = await json(await postJson(`${server.url}/v1/models/messung/predict`, { rows: ROWS.map(([a, b]) => ({ 'Länge (cm)': a, Breite: b })) }));
    const lines = download.trimEnd().split('\n');
    expect(lines[0]).toBe(`Länge (cm);Breite;Klasse;prediction;${api.classes.map((c: string) => `p(${c})`).join(';')}`);
    expect(lines.length).toBe(ROWS.length + 1);
    lines.slice(1).forEach((text, k) => {
      const cells = text.split(';');
      expect(cells.slice(0, 3)).toEqual(GERMAN.split('\r\n')[k + 1].split(';'));
      expect(cells[3]).toBe(api.labels[k]);
      expect(cells.slice(4).map((p) => Number(p.replace(',', '.')))).toEqual(api.outputs[k]);
    });
  }, LONG);

  it('shows a wrong choice of the format beside its fields, in their words', async () => {
    // Try's batch read with decimal ".": the page names the cell; decimal "," with the delimiter ",": the choice is refused.
    expect(await page.isVisible('#batch-decimal')).toBe(false); // closed until opened
    await page.click('#batch-format-summary');
    await page.selectOption('#batch-decimal', '.');
    await page.waitForSelector('#batch-format-error:not(:empty)', wait);
    expect(await page.textContent('#batch-format-error')).toBe(`messung.csv, data row 1, column "Länge (cm)": "${String(ROWS[0][0]).replace('.', ',')}" is a number written with a comma, but the file is read with decimal mark "."; if the comma is a decimal comma, choose the decimal mark ","`);
    expect(await page.$$('#batch-table')).toEqual([]);
    await page.selectOption('#batch-decimal', ',');
    await page.selectOption('#batch-delimiter', ',');
    await page.waitForSelector('#batch-format-error:not(:empty)', wait);
    expect(await page.textContent('#batch-format-error')).toBe('Decimal mark "," needs a delimiter other than ",": a comma cannot both separate fields and mark decimals; choose the delimiter ";", as files with a decimal comma are written');

    // Train: decimal "." for decimal commas is the server's error, beside the fields, without "--decimal".
    await chooseData(page, 'messung.csv', GERMAN, 'Klasse');
    await page.focus('#train-format-summary');
    await page.keyboard.press('Enter'); // the keyboard opens the fields
    await page.selectOption('#train-decimal', '.');
    expect(await page.textContent('#train-format-summary')).toBe('CSV format: delimiter ";", decimal mark "." (chosen)');
    await page.fill('#name', 'wrong');
    await page.click('#train-form button[type=submit]');
    await page.waitForSelector('#train-format-error:not(:empty)', wait);
    const trainError = (await page.textContent('#train-format-error'))!;
    expect(trainError).toMatch(/^messung\.csv: csv line 2, column "Länge \(cm\)": "\d+,\d+" is a number written with a comma/);
    expect(trainError).toContain('choose the decimal mark ","');
    expect(trainError).not.toContain('--');
    expect(trainError).not.toContain('command line');
    expect(await page.textContent('#train-error')).toBe('');
    expect(await page.$eval('#train-format', (d) => (d as unknown as { open: boolean }).open)).toBe(true);
    // The delimiter "|" for a ";" file: one column, said beside the delimiter; the form is hidden until it is changed back.
    await page.selectOption('#train-decimal', ',');
    await page.selectOption('#train-delimiter', '|');
    expect(await page.textContent('#train-format-error')).toBe('messung.csv: read with the delimiter "|", the header is one column ("Länge (cm);Breite;Klasse"); choose the delimiter that separates its fields, or give the file a second column');
    expect(await page.isHidden('#train-form')).toBe(true);
    await page.selectOption('#train-delimiter', ';');
    await page.waitForSelector('#train-form:not([hidden]) #target', wait);
    expect(await page.textContent('#train-format-error')).toBe('');
  }, LONG);

  it('proposes the thousands separator "." for grouped digits, and the server reads them so', async () => {
    const prices = ['Preis;Menge;y', ...Array.from({ length: 12 }, (_, i) => `${(1000 + i * 250).toLocaleString('de-DE')},${i % 10};${i};${i % 2 ? 'teuer' : 'billig'}`)].join('\r\n');
    expect(prices).toContain('1.250,1;');
    await chooseData(page, 'preise.csv', prices, 'y');
    expect(await page.textContent('#train-format-summary')).toBe('CSV format: delimiter ";", decimal mark ",", thousands separator "." (detected)');
    await page.fill('#name', 'preise');
    await page.fill('#hidden', '2');
    await page.fill('#epochs', '2');
    await page.click('#train-form button[type=submit]');
    const id = await waitFor('the new job watched', () => {
      const job = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('job');
      return job !== null && job !== first ? job : undefined;
    }, wait.timeout);
    const done = await jobIn(server.url, id, ['succeeded', 'failed'], wait.timeout);
    expect([done.state, done.options.delimiter, done.options.decimal, done.options.thousands]).toEqual(['succeeded', ';', ',', '.']);
  }, LONG);
});
