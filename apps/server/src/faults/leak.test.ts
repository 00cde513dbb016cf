/**
 * Faults: memory. A server with a small heap (--max-old-space-size=96) takes rounds of a 2 MB
 * JSON-rows job that is cancelled while it waits behind a long one. Each data set is about 6 MB
 * once parsed, so a server that kept the data of cancelled jobs would die of "JavaScript heap out
 * of memory" within the rounds; it must stay up, and its heap must not grow with the rounds.
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

const ROUNDS = 30;

describe('a server with a 96 MB heap', () => {
  it(`survives ${ROUNDS} rounds of a 2 MB job cancelled in the queue, without its heap growing`, async () => {
    child = spawn(process.execPath, ['--max-old-space-size=96', '--expose-gc', SERVER_FILE, '--port', '0', '--models-dir', folder.path, '--body-limit', '8mb', '--max-queue', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const url = await waitFor('the listening line', () => /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(stdout)?.[1], 10_000);
    const running = await json(await postJson(`${url}/v1/jobs`, longJob('long')));
    expect(running.state).toMatch(/queued|running/);

    const rows = Array.from({ length: 50_000 }, (_, i) => ({ a: i / 7, b: (i % 13) / 3, y: i % 2 === 0 ? 'even' : 'odd' }));
    const body = JSON.stringify({ name: 'big', rows, target: 'y', epochs: 1 });
    expect(body.length).toBeGreaterThan(2_000_000);
    const heapUsed = async () => Number(/^bpnn_server_nodejs_heap_size_used_bytes (\d+)/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1]);
    const heaps: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const response = await postJson(`${url}/v1/jobs`, body);
      expect(response.status, `round ${round}: ${stderr.slice(-500)}`).toBe(202);
      const { id } = await json(response);
      expect((await fetch(`${url}/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(200); // cancelled while queued
      if (round % 10 === 9) heaps.push(await heapUsed());
    }
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(stderr).not.toContain('heap out of memory');
    // Kept data would add about 6 MB a round, 60 MB between the first and the last sample.
    expect(heaps.at(-1)! - heaps[0]).toBeLessThan(30 * 1024 * 1024);
    child.kill('SIGTERM');
  }, 90_000);
});
