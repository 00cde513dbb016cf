/**
 * Jobs in the web page, in a real headless browser against a real server (web-page.ts) that runs
 * one job at a time: a job started from an uploaded CSV, its curve growing and its samples per
 * second live (checked against the record's epochs and seconds), a reload mid-job that redraws the
 * history and resumes after it (Last-Event-ID), then cancelled; a 2-input job's decision map
 * redrawn from its snapshots while it trains; two jobs listed and either followed from the list
 * (from the keyboard, kept in the URL), the list keeping current by itself, and a late answer to a
 * cancel not undoing the result that came first.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { IRIS_CSV, json, waitFor, type TestServer } from '../helpers.js';
import { chooseData, epochsDrawn, epochsMoreThan, expectSamplesPerSecond, jobRow, liveMapNow, LONG, problem, startPetalsJob, stat, wait, watchedJob, useWebPage } from './web-page.js';

describe.skipIf(problem !== null)("the web page's jobs: Watch and the list of jobs", () => {
  let server: TestServer;
  let page: Page;
  useWebPage({ maxJobs: 1 }, (web) => ({ server, page } = web));

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
});
