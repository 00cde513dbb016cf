/**
 * Helpers for the server's tests: a whole server on 127.0.0.1:0 over a temporary folder, small
 * models trained in-process, a parser for Server-Sent Events, and bounded waits.
 */
import { Model } from '@bpnn/core';
import { readCsvDataset, writeModel } from '@bpnn/serialize';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowedHosts } from '../src/http/host-check.js';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_S, type ServerConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/start.js';

export const IRIS_CSV = readFileSync(fileURLToPath(new URL('../../../data/iris.csv', import.meta.url)), 'utf8');
export const WORKER_FILE = fileURLToPath(new URL('../dist/train-worker.js', import.meta.url));
export const POOL_WORKER_FILE = fileURLToPath(new URL('../dist/pool-worker.js', import.meta.url));
export const SERVER_FILE = fileURLToPath(new URL('../dist/server.js', import.meta.url));

export function tempFolder(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'bpnn-server-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer extends RunningServer {
  logs: string[];
}

/** A server on a free port of 127.0.0.1, over `folder` (models there, jobs in folder/.jobs). */
export async function testServer(folder: string, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const logs: string[] = [];
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    modelsDir: folder,
    jobsDir: join(folder, '.jobs'),
    maxJobs: 1,
    maxQueue: 4,
    maxQueueBytes: 64 * 1024 * 1024,
    keepJobs: 1000,
    keepJobBytes: 64 * 1024 * 1024,
    bodyLimit: 1024 * 1024,
    maxRows: 1000,
    shutdownTimeoutMs: 2000,
    keepAliveTimeoutMs: DEFAULT_KEEP_ALIVE_TIMEOUT_S * 1000,
    poolThreads: 1,
    poolQueue: 8,
    maxStreams: 100,
    streamTimeoutMs: 30_000,
    allowedHosts: allowedHosts(undefined, '127.0.0.1'),
    worker: true,
    workerTimeoutMs: 10_000,
    processes: 1,
    ...overrides,
  };
  const running = await startServer(config, { version: '9.9.9', log: (line) => logs.push(line), workerFile: WORKER_FILE, poolWorkerFile: POOL_WORKER_FILE });
  return { ...running, logs };
}

let irisModel: Model | undefined;
/** A small iris classifier (4-8-3), trained once per test file. */
export async function iris(): Promise<Model> {
  if (irisModel === undefined) {
    const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
    // float64: tests compare the server's answers with in-process ones to 1e-12.
    irisModel = Model.train(data, { hidden: [8], epochs: 30, seed: 1, dtype: 'float64' }).model;
  }
  return irisModel;
}
export const irisBytes = async () => writeModel(await iris());

/** A regression model y ≈ 2·a − b. */
export function line(): Model {
  const inputs = Array.from({ length: 40 }, (_, i) => [i / 10, (i % 7) / 3]);
  const data = { inputNames: ['a', 'b'], inputs, targetNames: ['y'], targets: inputs.map(([a, b]) => [2 * a - b]) };
  return Model.train(data, { hidden: [4], epochs: 20, seed: 3, task: 'regression', dtype: 'float64' }).model;
}

export async function json(response: Response): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (status ${response.status}): ${text.slice(0, 200)}`);
  }
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** Reads a whole event stream (until the server closes it, or `timeoutMs`), parsed into events. */
export async function readEvents(url: string, options: { timeoutMs?: number; headers?: Record<string, string>; onEvent?: (event: SseEvent) => void } = {}): Promise<SseEvent[]> {
  const response = await fetch(url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
  if (response.status !== 200) throw new Error(`events: status ${response.status}: ${await response.text()}`);
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`events: content-type ${response.headers.get('content-type')}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: Partial<SseEvent> & { lines: string[] } = { event: 'message', lines: [] };
      for (const lineText of block.split('\n')) {
        if (lineText.startsWith(':')) continue; // a comment (keep-alive)
        const colon = lineText.indexOf(':');
        const field = lineText.slice(0, colon);
        const value = lineText.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.lines.push(value);
        else if (field === 'event') event.event = value;
        else if (field === 'id') event.id = value;
      }
      if (event.lines.length === 0) continue;
      const parsed: SseEvent = { id: event.id, event: event.event!, data: JSON.parse(event.lines.join('\n')) };
      events.push(parsed);
      options.onEvent?.(parsed);
    }
  }
  return events;
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls a job until it is in one of `states`. */
export const jobIn = (base: string, id: string, states: string[], timeoutMs?: number) =>
  waitFor(`job ${id} to be ${states.join(' or ')}`, async () => {
    const record = await json(await fetch(`${base}/v1/jobs/${id}`));
    return states.includes(record.state) ? record : undefined;
  }, timeoutMs);

/** A training request that runs for a long time (until cancelled): a wide network, many epochs. */
// earlyStopping false: every epoch runs (by default training stops once its loss stops improving).
export const longJob = (name: string) => ({ name, csv: IRIS_CSV, target: 'species', hidden: [128, 128], epochs: 100_000, batchSize: 4, earlyStopping: false });
