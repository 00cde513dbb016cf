import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { irisBytes, json, jobIn, longJob, postJson, readEvents, SERVER_FILE, tempFolder, waitFor, type SseEvent } from '../test/helpers.js';

const folder = tempFolder();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  folder.remove();
});

interface Spawned {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs dist/server.js and resolves once it has printed where it listens. */
async function spawnServer(args: string[], env: Record<string, string> = {}): Promise<Spawned> {
  const child = spawn(process.execPath, [SERVER_FILE, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await waitFor('the listening line', () => {
    if (child.exitCode !== null) throw new Error(`bpnn-server exited ${child.exitCode}: ${stderr}`);
    return /^bpnn-server listening on (http:\/\/127\.0\.0\.1:\d+) /m.exec(stdout)?.[1];
  }, 10_000);
  return { child, url, stderr: () => stderr, exited };
}

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_FILE, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);

describe('bpnn-server as a process', () => {
  it('is configured by flags and environment variables, flags winning; refuses bad values with exit 2', async () => {
    const server = await spawnServer(['--port', '0', '--models-dir', join(folder.path, 'a')], { PORT: '1', BPNN_MAX_ROWS: '2', BPNN_BODY_LIMIT: '64kb' });
    try {
      const tooMany = await postJson(`${server.url}/v1/models/x/predict`, { inputs: [[1], [2], [3]] });
      expect(tooMany.status).toBe(404); // the model check comes first
      const big = await fetch(`${server.url}/v1/models/x`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(70 * 1024) });
      expect(big.status).toBe(413);
    } finally {
      server.child.kill('SIGTERM');
      expect(await withTimeout(server.exited, 10_000, 'exit')).toBe(0);
    }
    for (const [args, env, message] of [
      [['--port', 'abc'], {}, '--port must be a whole number from 0 to 65535, got "abc"'],
      [[], { BPNN_MAX_JOBS: '0' }, 'BPNN_MAX_JOBS must be a whole number from 1 to 64, got "0"'],
      [['--body-limit', 'lots'], {}, '--body-limit must be a size such as 1048576, 512kb, 10mb or 1gb, got "lots"'],
      [['--colour'], {}, "Unknown option '--colour'"],
      [['--token', ''], {}, '--token must be a non-empty token (leave it out for none), got ""'],
      [[], { BPNN_TOKEN: '' }, 'BPNN_TOKEN must be a non-empty token (leave it out for none), got ""'],
      [['--read-token', ' '], {}, '--read-token must be a non-empty token (leave it out for none), got " "'],
    ] as const) {
      const result = await run([...args], { ...env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('usage: bpnn-server');
    }
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/BPNN_MODELS_DIR/);
  });

  it('on SIGTERM stops accepting, finishes an in-flight upload, interrupts the running job, ends its event stream, and exits 0', async () => {
    const models = join(folder.path, 'b');
    const server = await spawnServer(['--port', '0', '--models-dir', models]);
    const job = await json(await postJson(`${server.url}/v1/jobs`, longJob('long')));
    await jobIn(server.url, job.id, ['running']);
    const events: SseEvent[] = [];
    const stream = readEvents(`${server.url}/v1/jobs/${job.id}/events`, { onEvent: (e) => events.push(e), timeoutMs: 15_000 });
    await waitFor('an epoch event', () => (events.some((e) => e.event === 'epoch') ? true : undefined));

    // An upload whose body is still arriving when SIGTERM comes.
    const bytes = await irisBytes();
    const { port } = new URL(server.url);
    const upload = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/v1/models/late', headers: { 'content-type': 'application/octet-stream', 'content-length': bytes.length } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, 100));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(bytes.subarray(100)), 300);
      }, 100);
    });
    const uploaded = await withTimeout(upload, 10_000, 'the upload');
    expect(uploaded.status).toBe(201);
    expect(await withTimeout(server.exited, 10_000, 'exit')).toBe(0);
    await withTimeout(stream, 5_000, 'the event stream to end');
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { state: 'interrupted', error: 'the server shut down' } });
    expect(server.stderr()).toContain('bpnn-server: SIGTERM, shutting down');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(JSON.parse(readFileSync(join(models, '.jobs', `${job.id}.json`), 'utf8'))).toMatchObject({ state: 'interrupted' });
    expect(new Uint8Array(readFileSync(join(models, 'late.bpnn')))).toEqual(bytes);
  });

  it('after a crash (SIGKILL) mid-training, starts again with the models kept and the job interrupted', async () => {
    const models = join(folder.path, 'c');
    const first = await spawnServer(['--port', '0'], { BPNN_MODELS_DIR: models });
    await fetch(`${first.url}/v1/models/kept`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
    const job = await json(await postJson(`${first.url}/v1/jobs`, longJob('crashed')));
    await jobIn(first.url, job.id, ['running']);
    first.child.kill('SIGKILL');
    await withTimeout(first.exited, 5_000, 'the kill');
    const second = await spawnServer(['--port', '0'], { BPNN_MODELS_DIR: models });
    try {
      expect((await json(await fetch(`${second.url}/v1/models`))).models.map((m: any) => m.name)).toEqual(['kept']);
      // Its record said running, or still queued if the kill came before that write was done.
      expect(await json(await fetch(`${second.url}/v1/jobs/${job.id}`))).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/^the server stopped while the job was (running|queued)$/) });
    } finally {
      second.child.kill('SIGTERM');
      expect(await withTimeout(second.exited, 10_000, 'exit')).toBe(0);
    }
  });
});
