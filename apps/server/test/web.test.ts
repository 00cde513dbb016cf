/**
 * The web page at / in a real headless browser (chromium through playwright-core) against a real
 * server: a bad file gets the server's error; a job is started from an uploaded CSV, its curve
 * grows and its samples per second are live, a reload mid-job redraws the history and resumes
 * after it (Last-Event-ID), it is cancelled; two jobs are listed and either is followed from the
 * list, which keeps current by itself; a 2-input job's decision map changes between its snapshots while it trains; a second
 * job finishes and stores the model, whose last live map (computed in the page from the final
 * snapshot) equals POST /v1/models/:name/predict, and which the page draws and explains; its
 * prediction equals the predict route's, one row and by CSV; the model is deleted from the
 * keyboard; with a token, the delete, starting a job and cancelling one ask for it, and the 401
 * is shown when none is given; at 375 px no label of the network is cut. axe-core finds no serious or critical
 * accessibility violation at 360 and 1280 px. With BPNN_SCREENSHOTS=<folder> it also saves the
 * README's screenshots.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserProblem, launchBrowser } from './browser.js';
import { Model } from '@bpnn/core';
import { readCsvDataset, writeModel } from '@bpnn/serialize';
import { IRIS_CSV, irisBytes, json, line, postJson, tempFolder, testServer, waitFor, type TestServer } from './helpers.js';

const problem = await browserProblem();
if (problem !== null) console.warn(`skipping the web page's browser tests: ${problem}`);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = process.env.BPNN_SCREENSHOTS;
const LONG = 120_000;
const wait = { timeout: 60_000 };

/** The serious and critical violations axe-core finds on the page as it is. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate("axe.run({ resultTypes: ['violations'] }).then((r) => r.violations)")) as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

// Page-side code is written as strings or element callbacks: this file compiles without the DOM's types.
const epochsDrawn = (page: Page) => page.$eval('svg.chart', (svg) => Number(svg.getAttribute('data-epochs'))).catch(() => 0);
const epochsMoreThan = (page: Page, n: number) => waitFor(`more than ${n} epochs drawn`, async () => ((await epochsDrawn(page)) > n ? true : undefined), wait.timeout);
const stat = (page: Page, name: string) => page.textContent(`dd[data-stat="${name}"]`);

/** The live decision map as drawn: its snapshot's epoch, its pixels, and its sample cells' inputs, outputs and labels. */
async function liveMapNow(page: Page, which: 'any' | 'final' = 'any') {
  const figure = await page.waitForSelector(which === 'final' ? '#live-map figure[data-final="true"]' : '#live-map figure[data-epoch]', wait);
  return {
    epoch: Number(await figure.getAttribute('data-epoch')),
    final: (await figure.getAttribute('data-final')) === 'true',
    pixels: await figure.$eval('canvas', (canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL()),
    cells: await figure.$$eval('td[data-outputs]', (tds) =>
      tds.map((td) => ({ x: Number(td.getAttribute('data-x')), y: Number(td.getAttribute('data-y')), outputs: JSON.parse(td.getAttribute('data-outputs')!) as number[], label: td.textContent }))),
  };
}

/** Starts a job from the page on iris's petals (a 2-input model), running until it is cancelled. */
async function startPetalsJob(page: Page, name: string): Promise<void> {
  await chooseData(page, 'flowers.csv', IRIS_CSV, 'species', ['petal length (cm)', 'petal width (cm)']);
  await page.fill('#name', name);
  await page.fill('#hidden', '8');
  await page.fill('#epochs', '100000');
  await page.selectOption('#stopping', 'none');
  await page.click('#train-form button[type=submit]');
}

/** The job's id in the page's URL hash (#…job=…). */
const watchedJob = (page: Page) => new URLSearchParams(new URL(page.url()).hash.slice(1)).get('job');

/** A row of the list of jobs: its model name, state and progress as shown, and whether it is the one watched. */
const jobRow = (page: Page, id: string) =>
  page.$eval(`#jobs-table tr[data-job="${id}"]`, (tr) => ({
    name: tr.querySelector('th button')!.textContent,
    state: tr.querySelector('[data-cell=state]')!.textContent,
    progress: tr.querySelector('td.progress .epochs')!.textContent,
    current: tr.getAttribute('aria-current') === 'true',
  }));

/**
 * Samples per second as Watch shows it, checked against the job's record: the rows it trains on
 * in an epoch (`trainingRows`, worked out by hand from the data and the split) times an epoch
 * reached, over that epoch's seconds. The record, read after the page, holds the epoch shown.
 */
async function expectSamplesPerSecond(page: Page, base: string, trainingRows: number): Promise<number> {
  const shown = await stat(page, 'Samples per second');
  expect(shown).toMatch(/^\d+$/);
  const record = await json(await fetch(`${base}/v1/jobs/${watchedJob(page)}`));
  const rates = record.losses.map((e: { epoch: number; seconds: number }) => Math.round((trainingRows * e.epoch) / e.seconds));
  expect(rates).toContain(Number(shown));
  return Number(shown);
}

async function chooseData(page: Page, name: string, csv: string, target: string, features?: string[]): Promise<void> {
  await chooseDataBytes(page, name, Buffer.from(csv), target, features);
}

async function chooseDataBytes(page: Page, name: string, buffer: Buffer, target: string, features?: string[]): Promise<void> {
  await page.setInputFiles('#train-file', { name, mimeType: 'text/csv', buffer });
  await page.waitForSelector('#train-form:not([hidden]) #target', wait);
  await page.selectOption('#target', target);
  if (features !== undefined) {
    for (const box of await page.$$('input[name=feature]')) {
      if (!features.includes(await box.getAttribute('value') ?? '')) await box.uncheck();
    }
  }
}

describe.skipIf(problem !== null)('the web page', () => {
  let browser: Browser;
  let server: TestServer;
  let page: Page;
  const folder = tempFolder();
  const outside: string[] = [];

  beforeAll(async () => {
    server = await testServer(folder.path, { maxJobs: 1 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000); // a loaded machine: generous, and no timing is asserted
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !/^(data|blob):/.test(request.url())) outside.push(request.url());
    });
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    folder.remove();
  });

  it('is served at / with its assets, and fetches nothing from elsewhere', async () => {
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await expect(page.textContent('#models-status', wait)).resolves.toBe('No models yet: train one below.');
    expect(outside).toEqual([]);
  }, LONG);

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

  it('starts a job from an uploaded CSV, draws its curve growing, survives a reload and cancels it', async () => {
    await chooseData(page, 'flowers.csv', IRIS_CSV, 'species');
    await page.fill('#name', 'long');
    await page.fill('#hidden', '64,64');
    await page.fill('#epochs', '100000');
    await page.fill('#batchSize', '1');
    await page.selectOption('#stopping', 'none'); // every epoch: the job runs until it is cancelled
    await page.click('#train-form button[type=submit]');
    await epochsMoreThan(page, 1);
    await epochsMoreThan(page, await epochsDrawn(page)); // the curve grows
    expect(await stat(page, 'State')).toBe('running');
    expect(page.url()).toMatch(/#job=[0-9a-f-]{36}$/);
    await expectSamplesPerSecond(page, server.url, 150); // while it runs: iris's 150 rows, none held out

    const resumedAfter: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/events')) resumedAfter.push(request.headers()['last-event-id']);
    });
    const drawn = await epochsDrawn(page);
    await page.reload();
    await epochsMoreThan(page, drawn - 1);
    await epochsMoreThan(page, await epochsDrawn(page));
    await expectSamplesPerSecond(page, server.url, 150); // after the reload, from the record's rows
    expect(Number(resumedAfter[0])).toBeGreaterThanOrEqual(drawn); // the history came from GET /v1/jobs/:id, the events after it
    // the numbers behind the chart, on request, are the job's own
    const id = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('job')!;
    await page.click('details:has(svg.chart) summary, #watch details summary');
    const firstLoss = await page.textContent('#watch table tbody tr:first-child td:nth-child(2)');
    const record = await json(await fetch(`${server.url}/v1/jobs/${id}`));
    expect(Number(firstLoss)).toBeCloseTo(record.losses[0].loss, 3);

    await page.click('text=Cancel the job');
    await page.waitForSelector('dd[data-stat="State"]:text-is("cancelled")', wait);
  }, LONG);

  it("redraws the decision map from the job's snapshots while it trains", async () => {
    await startPetalsJob(page, 'live');
    const first = await liveMapNow(page);
    expect(first.final).toBe(false);
    expect(first.cells).toHaveLength(36);
    // A later snapshot, well into the training: the page draws each one as it comes.
    const later = await waitFor('a snapshot 20 epochs on', async () => {
      const now = await liveMapNow(page);
      return now.epoch >= first.epoch + 20 ? now : undefined;
    }, wait.timeout);
    expect(await stat(page, 'State')).toBe('running'); // the job has not ended: the map changed during training
    expect(later.final).toBe(false);
    expect(later.cells.map((c) => [c.x, c.y])).toEqual(first.cells.map((c) => [c.x, c.y])); // the same plane
    expect(later.cells.map((c) => c.outputs)).not.toEqual(first.cells.map((c) => c.outputs));
    expect(later.pixels).not.toBe(first.pixels);
    await page.click('text=Cancel the job');
    await page.waitForSelector('dd[data-stat="State"]:text-is("cancelled")', wait);
  }, LONG);

  it("lists the server's jobs, follows any of them in Watch (kept in the URL), and keeps the list current while they run", async () => {
    await startPetalsJob(page, 'first');
    await page.waitForSelector('#watch h3:text-is("Job for model first")', wait); // not the job watched before
    await epochsMoreThan(page, 1);
    const first = watchedJob(page)!;
    // The second waits (one job at a time on this server), and Watch follows it: the first is still in the list.
    await startPetalsJob(page, 'second');
    await page.waitForSelector('#watch h3:text-is("Job for model second")', wait);
    const second = watchedJob(page)!;
    expect(second).not.toBe(first);
    await page.waitForSelector(`#jobs-table tr[data-job="${second}"]`, wait);
    expect(await jobRow(page, second)).toMatchObject({ name: 'second', state: 'queued', current: true });
    expect(await jobRow(page, first)).toMatchObject({ name: 'first', state: 'running', current: false });
    // Every job the server keeps is listed, newest first, with its state.
    const listed = await json(await fetch(`${server.url}/v1/jobs`));
    const rows = await page.$$eval('#jobs-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-job')));
    expect(rows).toEqual([...listed.jobs].sort((a: any, b: any) => b.createdAt.localeCompare(a.createdAt)).map((j: any) => j.id));
    for (const job of listed.jobs.filter((j: any) => j.state === 'cancelled')) expect((await jobRow(page, job.id)).state).toBe('cancelled');
    expect(await page.textContent('#jobs-status')).toBe(`${listed.jobs.length} jobs on the server: 1 running, 1 queued, ${listed.jobs.length - 2} ended.`);

    // Back to the first, from the keyboard: Watch follows it, the URL keeps it, and its figures are live.
    await page.focus(`#jobs-table tr[data-job="${first}"] button`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#watch h3:text-is("Job for model first")', wait);
    expect(watchedJob(page)).toBe(first);
    expect(await jobRow(page, first)).toMatchObject({ current: true });
    await epochsMoreThan(page, await epochsDrawn(page));
    expect(await stat(page, 'State')).toBe('running');
    await expectSamplesPerSecond(page, server.url, 150); // iris's 150 rows, none held out

    // The list's progress moves without a reload, the focus staying on the button.
    const progress = (await jobRow(page, first)).progress;
    await waitFor("the list's progress to move", async () => ((await jobRow(page, first)).progress !== progress ? true : undefined), wait.timeout);
    expect(await page.evaluate(`document.activeElement.closest('tr')?.dataset.job`)).toBe(first);

    // A reload keeps the job watched and the list, and the samples per second come from the record's rows.
    await page.reload();
    await page.waitForSelector('#watch h3:text-is("Job for model first")', wait);
    await page.waitForSelector(`#jobs-table tr[data-job="${second}"]`, wait);
    expect(await jobRow(page, first)).toMatchObject({ current: true, state: 'running' });
    await epochsMoreThan(page, await epochsDrawn(page));
    await expectSamplesPerSecond(page, server.url, 150);

    // Cancelling the first starts the second: the list says so by itself.
    await page.click('text=Cancel the job');
    await page.waitForSelector('dd[data-stat="State"]:text-is("cancelled")', wait);
    await waitFor('the list to show the second running', async () => ((await jobRow(page, second)).state === 'running' ? true : undefined), wait.timeout);
    expect((await jobRow(page, first)).state).toBe('cancelled');
    await page.click(`#jobs-table tr[data-job="${second}"] button`);
    await page.waitForSelector('#watch h3:text-is("Job for model second")', wait);

    // The cancel's answer (202, running) held back until the job's result has come on its events:
    // a late answer must not undo the result.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/v1/jobs/${second}`, async (route) => {
      if (route.request().method() !== 'DELETE') return route.continue();
      const answer = await route.fetch();
      expect(answer.status()).toBe(202);
      await released;
      await route.fulfill({ response: answer });
    });
    await page.click('text=Cancel the job');
    await page.waitForSelector('#watch p[role=status]:text-is("The job cancelled: cancelled by a client")', wait);
    const answered = page.waitForEvent('requestfinished', { predicate: (request) => request.method() === 'DELETE', ...wait });
    release();
    await answered;
    await page.evaluate('new Promise((resolve) => setTimeout(resolve, 200))'); // the page's handler has run
    expect(await stat(page, 'State')).toBe('cancelled');
    expect(await page.textContent('#watch p[role=status]')).toBe('The job cancelled: cancelled by a client');
    await page.unroute(`**/v1/jobs/${second}`);
  }, LONG);

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

  it('has no serious or critical accessibility violations, at 1280 and at 360 px, and fits 360 px', async () => {
    expect(await axeViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'web-1280.png'), fullPage: true });
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

  it('offers the categories of a column of categories, and predicts and explains with them as the routes do', async () => {
    const csv = ['colour,size,y', ...Array.from({ length: 30 }, (_, i) => `${['red', 'green', 'blue'][i % 3]},${i % 5},${i % 3 === 0 ? 'warm' : 'cold'}`)].join('\n');
    const model = Model.train(await readCsvDataset(csv, { target: 'y' }), { hidden: [4], epochs: 80, seed: 1 }).model;
    const put = await fetch(`${server.url}/v1/models/colours`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(model) });
    expect(put.status).toBe(201);
    await page.goto(`${server.url}/#model=colours`);
    await page.waitForSelector('#try-col-0', wait);
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
    // the model: wait for it, so that the next test's #model=… is not replaced by this one.
    await page.waitForFunction(`new URLSearchParams(location.hash.slice(1)).get('model') === 'graded'`, undefined, wait);
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

describe.skipIf(problem !== null)('the web page with a token', () => {
  it('asks for the token to delete, and keeps it for the tab', async () => {
    const folder = tempFolder();
    const server = await testServer(folder.path, { token: 'sekret' });
    const browser = await launchBrowser();
    try {
      const put = await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: 'Bearer sekret' }, body: await irisBytes() });
      expect(put.status).toBe(201);
      const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
      page.setDefaultTimeout(60_000);
      await page.goto(server.url);
      await page.click('button[aria-label="Delete iris"]', wait);
      await page.click('#confirm-dialog button[value=ok]');
      await page.waitForSelector('#token-dialog[open]', wait);
      expect(await page.textContent('#token-message')).toBe("DELETE /v1/models/iris needs the server's token.");
      await page.fill('#token-input', 'sekret');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#models-table tr[data-model="iris"]', { state: 'detached', ...wait });
      expect((await fetch(`${server.url}/v1/models/iris`)).status).toBe(404);
      expect(await page.evaluate("sessionStorage.getItem('bpnn-token')")).toBe('sekret');
    } finally {
      await browser.close();
      await server.close();
      folder.remove();
    }
  }, LONG);
  it('asks for the token to start and to cancel a job, and shows the 401 when none is given', async () => {
    const folder = tempFolder();
    const server = await testServer(folder.path, { token: 'sekret', maxJobs: 1 });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(60_000);
      await page.goto(server.url);
      const tokenAsked = async (message: string) => {
        await page.waitForSelector('#token-dialog[open]', wait);
        expect(await page.textContent('#token-message')).toBe(message);
      };

      // No token: the server's 401, said as such, beside the form; no job.
      await startPetalsJob(page, 'guarded');
      await tokenAsked("POST /v1/jobs needs the server's token.");
      await page.click('#token-dialog button[value=cancel]');
      await page.waitForSelector('#train-error:not(:empty)', wait);
      expect(await page.textContent('#train-error')).toBe('The job was not started: the server answered 401 Unauthorized (POST /v1/jobs needs an Authorization: Bearer <token> header), and no token was given.');
      // A wrong token: the server's own answer.
      await page.click('#train-form button[type=submit]');
      await tokenAsked("POST /v1/jobs needs the server's token.");
      await page.fill('#token-input', 'wrong');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#train-error:has-text("bearer token")', wait);
      expect(await page.textContent('#train-error')).toBe('The job was not started: the Authorization header does not carry the right bearer token.');
      expect((await json(await fetch(`${server.url}/v1/jobs`))).jobs).toEqual([]);

      // The right one: the job starts.
      await page.click('#train-form button[type=submit]');
      await tokenAsked('The token was not accepted; enter it again.');
      await page.fill('#token-input', 'sekret');
      await page.keyboard.press('Enter');
      await epochsMoreThan(page, 1);
      const id = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('job')!;
      expect(await json(await fetch(`${server.url}/v1/jobs/${id}`))).toMatchObject({ name: 'guarded', state: 'running' });

      // Cancelling in a tab without the token asks for it; without it the job goes on.
      await page.evaluate("sessionStorage.removeItem('bpnn-token')");
      await page.click('text=Cancel the job');
      await tokenAsked(`DELETE /v1/jobs/${id} needs the server's token.`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('#watch p[role=status]:has-text("Could not cancel")', wait);
      expect(await page.textContent('#watch p[role=status]')).toBe(`Could not cancel: the server answered 401 Unauthorized (DELETE /v1/jobs/${id} needs an Authorization: Bearer <token> header), and no token was given`);
      expect((await json(await fetch(`${server.url}/v1/jobs/${id}`))).state).toBe('running');
      await page.click('text=Cancel the job');
      await tokenAsked(`DELETE /v1/jobs/${id} needs the server's token.`);
      await page.fill('#token-input', 'sekret');
      await page.keyboard.press('Enter');
      await page.waitForSelector('dd[data-stat="State"]:text-is("cancelled")', wait);
      expect((await json(await fetch(`${server.url}/v1/jobs/${id}`))).state).toBe('cancelled');
    } finally {
      await browser.close();
      await server.close();
      folder.remove();
    }
  }, LONG);
});
