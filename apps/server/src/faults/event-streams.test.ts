/**
 * Faults: event-stream clients that never read. A finished job with 100,000 epochs replays about
 * 12 MB of events; ten clients that ask for it and never read must not make the server hold ten
 * replays. The server (a process of its own, measured through /metrics) writes each replay at the
 * client's pace, so its heap stays within a few MB of where it was, drops the clients once they
 * have left their output unread for --stream-timeout, refuses streams beyond --max-streams with a
 * 503 JSON answer, and still gives a client that reads the whole replay, and a resumed one
 * (Last-Event-ID) the epochs after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, readEvents, SERVER_FILE, tempFolder, waitFor } from '../../test/helpers.js';

const folder = tempFolder();
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  folder.remove();
});

const EPOCHS = 100_000;
const CLIENTS = 10;

/** A finished job's record with EPOCHS epochs, as a server that ran it would have left it. */
function writeLongJob(): string {
  const id = randomUUID();
  const losses = Array.from({ length: EPOCHS }, (_, i) => ({ epoch: i + 1, epochs: EPOCHS, loss: 1 / (i + 2) + Math.random() * 1e-9, valLoss: 1 / (i + 3) + Math.random() * 1e-9, valAccuracy: 0.5 + i / EPOCHS / 3, seconds: i / 1000 + Math.random() * 1e-6 }));
  const at = new Date().toISOString();
  const record = { id, name: 'long', state: 'succeeded', createdAt: at, startedAt: at, finishedAt: at, epoch: EPOCHS, epochs: EPOCHS, loss: losses.at(-1)!.loss, valLoss: losses.at(-1)!.valLoss, options: { name: 'long', epochs: EPOCHS }, rows: 150, stoppedBy: 'epochs', error: null, losses };
  mkdirSync(join(folder.path, '.jobs'), { recursive: true });
  writeFileSync(join(folder.path, '.jobs', `${id}.json`), JSON.stringify(record));
  return id;
}

/** A client that asks for the events and reads nothing: its socket paused from the start. */
function stalledClient(port: number, path: string): { socket: net.Socket; closed: Promise<void> } {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  return { socket, closed };
}

describe('event streams to clients that never read', () => {
  it(`hold the server's heap within bounds for ${CLIENTS} stalled clients of a ${EPOCHS}-epoch replay, are dropped after --stream-timeout, and are capped by --max-streams`, async () => {
    const id = writeLongJob();
    child = spawn(process.execPath, ['--expose-gc', SERVER_FILE, '--port', '0', '--models-dir', folder.path, '--stream-timeout', '6', '--max-streams', String(CLIENTS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const url = await waitFor('the listening line', () => /listening on (http:\/\/127\.0\.0\.1:(\d+)) /.exec(stdout) ?? undefined, 10_000);
    const [, base, port] = url;
    const metrics = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const metric = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
      return { heap: metric('bpnn_server_nodejs_heap_size_used_bytes'), rss: metric('bpnn_server_process_resident_memory_bytes'), streams: metric('bpnn_event_streams') };
    };
    const before = await metrics();

    const clients = Array.from({ length: CLIENTS }, () => stalledClient(Number(port), `/v1/jobs/${id}/events`));
    // Every stream open (on a loaded machine the server takes a while to answer all ten), then
    // a second more of replays pushed against the stalled sockets, the heap sampled throughout.
    let peak = before;
    const sample = async () => {
      const now = await metrics();
      if (now.heap > peak.heap) peak = now;
      return now;
    };
    await waitFor('every stalled stream open', async () => ((await sample()).streams === CLIENTS ? true : undefined), 30_000);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sample();
    }
    console.log(`event streams: heap ${(before.heap / 2 ** 20).toFixed(1)} MB → peak ${(peak.heap / 2 ** 20).toFixed(1)} MB with ${CLIENTS} stalled clients (rss ${(before.rss / 2 ** 20).toFixed(0)} → ${(peak.rss / 2 ** 20).toFixed(0)} MB)`);
    // Ten replays of ~12 MB held as strings would be hundreds of MB; a chunk each is under 1 MB.
    expect(peak.heap - before.heap, `heap ${before.heap} → ${peak.heap}, rss ${before.rss} → ${peak.rss}`).toBeLessThan(32 * 1024 * 1024);
    expect((await metrics()).streams).toBe(CLIENTS);
    // One stream more than --max-streams: a 503 JSON answer at once, saying why.
    const refused = await fetch(`${base}/v1/jobs/${id}/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await json(refused)).toEqual({ error: `${CLIENTS} event streams are open, the most this server takes (--max-streams ${CLIENTS}); try again shortly` });

    // Unread for 6 s: the server closes them (its gauge falls to 0), and a client that then reads
    // finds a cut replay (no result) and the end of the stream.
    await waitFor('the stalled streams dropped', async () => ((await metrics()).streams === 0 ? true : undefined), 20_000);
    for (const { socket, closed } of clients) {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.resume();
      await closed;
      expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(text).not.toContain('event: result');
      expect(text.length).toBeLessThan(12_000_000);
    }

    // A client that reads gets the whole replay and the result; a resumed one the epochs after its Last-Event-ID.
    const all = await readEvents(`${base}/v1/jobs/${id}/events`, { timeoutMs: 25_000 });
    expect(all.map((e) => e.event).slice(0, 2)).toEqual(['state', 'epoch']);
    expect(all.filter((e) => e.event === 'epoch')).toHaveLength(EPOCHS);
    expect(all.at(-1)).toMatchObject({ event: 'result', id: 'result', data: { state: 'succeeded', epoch: EPOCHS } });
    const resumed = await readEvents(`${base}/v1/jobs/${id}/events`, { headers: { 'Last-Event-ID': String(EPOCHS - 3) } });
    expect(resumed.map((e) => [e.event, e.id])).toEqual([['state', undefined], ['epoch', String(EPOCHS - 2)], ['epoch', String(EPOCHS - 1)], ['epoch', String(EPOCHS)], ['result', 'result']]);

    const after = await metrics();
    expect(after.streams).toBe(0);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toMatch(/internal|RangeError|heap out of memory/);
  }, 120_000);
});
