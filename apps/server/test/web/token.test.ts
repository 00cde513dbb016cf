/**
 * The web page on a server with a token, in a real headless browser: deleting a model, starting a
 * job and cancelling one ask for the token (and keep it for the tab); the server's 401 is shown
 * beside the form when none is given, its own answer when a wrong one is, and a job goes on when
 * its cancel is not authorised. On a server with a read token too, the page asks for a token to
 * list anything, once for its lists together, and for the other token when a change is refused to
 * the read token.
 */
import { describe, expect, it } from 'vitest';
import { irisBytes, json, tempFolder, testServer } from '../helpers.js';
import { launchBrowser } from './browser.js';
import { epochsMoreThan, LONG, problem, startPetalsJob, wait } from './web-page.js';

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

  it('on a server with a read token, asks once for a token to read, and for the other one to change', async () => {
    const folder = tempFolder();
    const server = await testServer(folder.path, { token: 'sekret', readToken: 'reader' });
    const browser = await launchBrowser();
    try {
      const put = await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: 'Bearer sekret' }, body: await irisBytes() });
      expect(put.status).toBe(201);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(60_000);
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
    } finally {
      await browser.close();
      await server.close();
      folder.remove();
    }
  }, LONG);
});
