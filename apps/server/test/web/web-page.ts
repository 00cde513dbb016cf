/**
 * What the web page's test files share: a real server on 127.0.0.1 over a temporary folder and a
 * real headless browser (browser.ts) with one page open on it (`openWebPage`, one per file), that
 * page's requests to anywhere else collected in `outside`; and the page read and driven as a user
 * would (choose a CSV, start a job, read Watch's figures, the live map and the list of jobs, run
 * axe-core). When the browser cannot start, `problem` says why and the files skip (a failure with
 * BPNN_REQUIRE_BROWSER=1, as CI sets).
 *
 * Page-side code is written as strings or element callbacks: these files compile without the DOM's types.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { browserProblem, launchBrowser } from './browser.js';
import { IRIS_CSV, json, tempFolder, testServer, waitFor, type TestServer } from '../helpers.js';

export const problem = await browserProblem();
if (problem !== null) console.warn(`skipping the web page's browser tests: ${problem}`);
export const SCREENSHOTS = process.env.BPNN_SCREENSHOTS;
export const LONG = 120_000;
export const wait = { timeout: 60_000 };

export interface WebPage {
  server: TestServer;
  browser: Browser;
  page: Page;
  /** The URLs the page asked for that are not the server's (nor data: or blob:). */
  outside: string[];
  close(): Promise<void>;
}

/** A server (with `overrides`) over a new folder, a browser, and a page of `viewport` open at the server's `/`. */
async function openWebPage(overrides: Partial<ServerConfig> = {}, viewport = { width: 1280, height: 900 }): Promise<WebPage> {
  const folder = tempFolder();
  const server = await testServer(folder.path, overrides);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(60_000); // a loaded machine: generous, and no timing is asserted
  const outside: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url) && !/^(data|blob):/.test(request.url())) outside.push(request.url());
  });
  await page.goto(`${server.url}/`);
  return {
    server, browser, page, outside,
    async close() {
      await browser.close();
      await server.close();
      folder.remove();
    },
  };
}

/**
 * A test file's web page: opened before its tests (with `overrides` for the server) and handed to
 * `opened`; closed after them, when the page must have fetched nothing from elsewhere.
 */
export function useWebPage(overrides: Partial<ServerConfig>, opened: (web: WebPage) => void): void {
  let web: WebPage | undefined;
  beforeAll(async () => {
    web = await openWebPage(overrides);
    opened(web);
  }, LONG);
  afterAll(async () => {
    await web?.close();
    expect(web?.outside ?? []).toEqual([]); // in any test of the file
  });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations axe-core finds on the page as it is. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate("axe.run({ resultTypes: ['violations'] }).then((r) => r.violations)")) as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

/** Picks `csv` as the training file `name`, its target, and (when given) only these features. */
export async function chooseData(page: Page, name: string, csv: string, target: string, features?: string[]): Promise<void> {
  await chooseDataBytes(page, name, Buffer.from(csv), target, features);
}

export async function chooseDataBytes(page: Page, name: string, buffer: Buffer, target: string, features?: string[]): Promise<void> {
  await page.setInputFiles('#train-file', { name, mimeType: 'text/csv', buffer });
  await page.waitForSelector('#train-form:not([hidden]) #target', wait);
  await page.selectOption('#target', target);
  if (features !== undefined) {
    for (const box of await page.$$('input[name=feature]')) {
      if (!features.includes(await box.getAttribute('value') ?? '')) await box.uncheck();
    }
  }
}

/** Starts a job from the page on iris's petals (a 2-input model), running until it is cancelled. */
export async function startPetalsJob(page: Page, name: string): Promise<void> {
  await chooseData(page, 'flowers.csv', IRIS_CSV, 'species', ['petal length (cm)', 'petal width (cm)']);
  await page.fill('#name', name);
  await page.fill('#hidden', '8');
  await page.fill('#epochs', '100000');
  await page.selectOption('#stopping', 'none');
  await page.click('#train-form button[type=submit]');
}

/** How many epochs Watch's loss chart draws (0 before there is one). */
export const epochsDrawn = (page: Page) => page.$eval('svg.chart', (svg) => Number(svg.getAttribute('data-epochs'))).catch(() => 0);
export const epochsMoreThan = (page: Page, n: number) => waitFor(`more than ${n} epochs drawn`, async () => ((await epochsDrawn(page)) > n ? true : undefined), wait.timeout);
/** One of Watch's figures, as shown. */
export const stat = (page: Page, name: string) => page.textContent(`dd[data-stat="${name}"]`);

/** The job's id in the page's URL hash (#…job=…). */
export const watchedJob = (page: Page) => new URLSearchParams(new URL(page.url()).hash.slice(1)).get('job');

/** A row of the list of jobs: its model name, state and progress as shown, and whether it is the one watched. */
export const jobRow = (page: Page, id: string) =>
  page.$eval(`#jobs-table tr[data-job="${id}"]`, (tr) => ({
    name: tr.querySelector('th button')!.textContent,
    state: tr.querySelector('[data-cell=state]')!.textContent,
    progress: tr.querySelector('td.progress .epochs')!.textContent,
    current: tr.getAttribute('aria-current') === 'true',
  }));

/** The live decision map as drawn: its snapshot's epoch, its pixels, and its sample cells' inputs, outputs and labels. */
export async function liveMapNow(page: Page, which: 'any' | 'final' = 'any') {
  const figure = await page.waitForSelector(which === 'final' ? '#live-map figure[data-final="true"]' : '#live-map figure[data-epoch]', wait);
  return {
    epoch: Number(await figure.getAttribute('data-epoch')),
    final: (await figure.getAttribute('data-final')) === 'true',
    pixels: await figure.$eval('canvas', (canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL()),
    cells: await figure.$$eval('td[data-outputs]', (tds) =>
      tds.map((td) => ({ x: Number(td.getAttribute('data-x')), y: Number(td.getAttribute('data-y')), outputs: JSON.parse(td.getAttribute('data-outputs')!) as number[], label: td.textContent }))),
  };
}

/**
 * Samples per second as Watch shows it, checked against the job's record: the rows it trains on
 * in an epoch (`trainingRows`, worked out by hand from the data and the split) times an epoch
 * reached, over that epoch's seconds. The record, read after the page, holds the epoch shown.
 */
export async function expectSamplesPerSecond(page: Page, base: string, trainingRows: number): Promise<number> {
  const shown = await stat(page, 'Samples per second');
  expect(shown).toMatch(/^\d+$/);
  const record = await json(await fetch(`${base}/v1/jobs/${watchedJob(page)}`));
  const rates = record.losses.map((e: { epoch: number; seconds: number }) => Math.round((trainingRows * e.epoch) / e.seconds));
  expect(rates).toContain(Number(shown));
  return Number(shown);
}
