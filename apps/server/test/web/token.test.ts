/**
 * The web page on a server with a token, in a real headless browser: deleting a model, starting a
 * job and cancelling one ask for the token (and keep it for the tab); the server's 401 is shown
 * beside the form when none is given, its own answer when a wrong one is, and a job goes on when
 * its cancel is not authorised. On a server with a read token too, the page asks for a token to
 * list anything, once for its lists together, and for the other token when a change is refused to
 * the read token.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { irisBytes, json, tempFolder, testServer, type TestServer } from '../helpers.js';
import { launchBrowser } from './browser.js';
import { epochsMoreThan, LONG, problem, startPetalsJob, wait } from './web-page.js';

/**
 * A server with `tokens` over a new folder (holding iris, put with the token, when `iris`), and a
 * page of `viewport` open on it, handed to `test`; all closed after it.
 */
async function onServer(tokens: Partial<ServerConfig>, { iris, viewport }: { iris: boolean; viewport: { width: number; height: number } }, test: (server: TestServer, page: Page) => Promise<void>): Promise<void> {
  const folder = tempFolder();
  const server = await testServer(folder.path, tokens);
  const browser = await launchBrowser();
  try {
    if (iris) {
      const put = await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${tokens.token}` }, body: await irisBytes() });
      expect(put.status).toBe(201);
    }
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(60_000);
    await test(server, page);
  } finally {
    await browser.close();
    await server.close();
    folder.remove();
  }
}

describe.skipIf(problem !== null)('the web page with a token', () => {
  it('asks for the token to delete, and keeps it for the tab', async () => {
    await onServer({ token: 'sekret' }, { iris: true, viewport: { width: 360, height: 800 } }, async (server, page) => {
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
    });
  }, LONG);
  it('asks for the token to start and to cancel a job, and shows the 401 when none is given', async () => {
    await onServer({ token: 'sekret', maxJobs: 1 }, { iris: false, viewport: { width: 1280, height: 900 } }, async (server, page) => {
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
    });
  }, LONG);

  it('on a server with a read token, asks once for a token to read, and for the other one to change', async () => {
    await onServer({ token: 'sekret', readToken: 'reader' }, { iris: true, viewport: { width: 1280, height: 900 } }, async (server, page) => {
      const unauthorised: string[] = [];
      page.on('response', (response) => {
        if (response.status() === 401) unauthorised.push(response.url().replace(server.url, ''));
      });
      await page.goto(server.url);
      // The lists of models and of jobs are both refused: one dialog, then both are read with the read token.
      await page.waitForSelector('#token-dialog[open]', wait);
      expect(await page.textContent('#token-message')).toMatch(/^GET \/v1\/(models|jobs) needs the server's token\.$/);
      await page.fill('#token-input', 'reader');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#models-table tr[data-model="iris"]', wait);
      expect(await page.locator('#token-dialog[open]').count()).toBe(0);
      expect(unauthorised.sort()).toEqual(['/v1/jobs', '/v1/models']);

      // A change with the read token: the server's 403 asks for the token that may change models.
      await page.click('button[aria-label="Delete iris"]', wait);
      await page.click('#confirm-dialog button[value=ok]');
      await page.waitForSelector('#token-dialog[open]', wait);
      expect(await page.textContent('#token-message')).toBe("DELETE /v1/models/iris needs the server's token that may change models and jobs; the one given may only read.");
      await page.fill('#token-input', 'sekret');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#models-table tr[data-model="iris"]', { state: 'detached', ...wait });
      expect((await fetch(`${server.url}/v1/models/iris`, { headers: { authorization: 'Bearer reader' } })).status).toBe(404);
      expect(await page.evaluate("sessionStorage.getItem('bpnn-token')")).toBe('sekret');
    });
  }, LONG);
});
