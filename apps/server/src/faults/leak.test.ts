/**
 * Faults: memory. A server with a small heap (--max-old-space-size=96) takes rounds of a 5 MB
 * JSON-rows job that is cancelled while it waits behind a long one. A queued job keeps the body's
 * bytes (outside the JavaScript heap) until it starts or is cancelled; a server that kept the data
 * of cancelled jobs would grow by 5 MB a round (and, keeping them parsed, die of "JavaScript heap
 * out of memory"). It must stay up, and neither its heap nor its resident memory may grow with
 * the rounds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { json, longJob, postJson, SERVER_FILE, tempFolder, waitFor } from '../../test/helpers.js';

const folder = tempFolder();
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  folder.remove();
});

const ROUNDS = 24;

describe('a server with a 96 MB heap', () => {
  it(`survives ${ROUNDS} rounds of a 5 MB job cancelled in the queue, without its memory growing`, async () => {
    child = spawn(process.execPath, ['--max-old-space-size=96', '--expose-gc', SERVER_FILE, '--port', '0', '--models-dir', folder.path, '--body-limit', '8mb', '--max-queue', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const url = await waitFor('the listening line', () => /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(stdout)?.[1], 10_000);
    const running = await json(await postJson(`${url}/v1/jobs`, longJob('long')));
    expect(running.state).toMatch(/queued|running/);

    const rows = Array.from({ length: 120_000 }, (_, i) => ({ a: i / 7, b: (i % 13) / 3, y: i % 2 === 0 ? 'even' : 'odd' }));
    const body = JSON.stringify({ name: 'big', rows, target: 'y', epochs: 1 });
    expect(body.length).toBeGreaterThan(5_000_000);
    const memory = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const metric = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
      return { heap: metric('bpnn_server_nodejs_heap_size_used_bytes'), rss: metric('bpnn_server_process_resident_memory_bytes') };
    };
    const samples: Array<{ heap: number; rss: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const response = await postJson(`${url}/v1/jobs`, body);
      expect(response.status, `round ${round}: ${await response.clone().text()} ${stderr.slice(0, 600)}`).toBe(202);
      const { id } = await json(response);
      expect((await fetch(`${url}/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(200); // cancelled while queued
      if (round === 7 || round === ROUNDS - 1) samples.push(await memory());
    }
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(stderr).not.toContain('heap out of memory');
    // Kept data would add 5 MB a round, 80 MB between the two samples.
    const [first, last] = samples;
    console.log(`memory after rounds 8 and ${ROUNDS}: heap ${(first.heap / 2 ** 20).toFixed(0)} → ${(last.heap / 2 ** 20).toFixed(0)} MiB, resident ${(first.rss / 2 ** 20).toFixed(0)} → ${(last.rss / 2 ** 20).toFixed(0)} MiB`);
    expect(last.heap - first.heap).toBeLessThan(30 * 2 ** 20);
    expect(last.rss - first.rss).toBeLessThan(40 * 2 ** 20);
    child.kill('SIGTERM');
  }, 120_000);
});
