/**
 * Many clients following one fast job, with live epochs written in shared batches
 * (http/sse-batches.ts): each client, whenever it joins and from whichever Last-Event-ID, hears
 * exactly the job's record: its state, every epoch after its Last-Event-ID once and in order with
 * `id:` the epoch, then the result with `id: result` last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, json, postJson, readEvents, tempFolder, testServer, waitFor, type SseEvent, type TestServer } from '../../test/helpers.js';

let server: TestServer;
const folder = tempFolder();

beforeAll(async () => {
  server = await testServer(folder.path);
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

// A small network on iris: thousands of epochs a second, until cancelled.
const fastJob = { name: 'fast', csv: IRIS_CSV, target: 'species', hidden: [3], epochs: 100_000, earlyStopping: false, seed: 2 };

interface Follower {
  after: number;
  heard: SseEvent[];
  done: Promise<SseEvent[]>;
}

describe('many followers of one fast job', () => {
  it('each hears the job\'s record exactly: every epoch after its Last-Event-ID once, in order, with its id, then the result', async () => {
    const { id } = await json(await postJson(`${server.url}/v1/jobs`, fastJob));
    const followers: Follower[] = [];
    const follow = (after: number) => {
      const heard: SseEvent[] = [];
      const headers: Record<string, string> = after > 0 ? { 'last-event-id': String(after) } : {};
      followers.push({ after, heard, done: readEvents(`${server.url}/v1/jobs/${id}/events`, { headers, timeoutMs: 60_000, onEvent: (e) => heard.push(e) }) });
    };
    const epochNow = async () => (await json(await fetch(`${server.url}/v1/jobs/${id}`))).epoch as number;
    for (let i = 0; i < 8; i++) follow(0); // from the start
    const midway = await waitFor('200 epochs', async () => ((await epochNow()) >= 200 ? await epochNow() : undefined));
    for (let i = 0; i < 4; i++) follow(0); // a replay, then live epochs
    for (let i = 0; i < 4; i++) follow(midway - 50 + 10 * i); // reconnecting with Last-Event-ID
    // Every follower has heard live epochs beyond what anyone had when the last one joined.
    const target = (await epochNow()) + 500;
    await waitFor('every follower past the joins', () => (followers.every((f) => Number(f.heard.filter((e) => e.event === 'epoch').at(-1)?.id ?? 0) >= target) ? true : undefined), 30_000);
    expect((await fetch(`${server.url}/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(202);

    const streams = await Promise.all(followers.map((f) => f.done));
    const record = await json(await fetch(`${server.url}/v1/jobs/${id}`));
    expect(record.state).toBe('cancelled');
    expect(record.losses.length).toBeGreaterThan(target);
    followers.forEach(({ after }, i) => {
      const events = streams[i]!;
      expect(events[0]!.event).toBe('state');
      const epochs = events.filter((e) => e.event === 'epoch');
      const expected = record.losses.filter((info: { epoch: number }) => info.epoch > after);
      expect(epochs.map((e) => e.id)).toEqual(expected.map((info: { epoch: number }) => String(info.epoch)));
      expect(epochs.map((e) => e.data)).toEqual(expected);
      expect(events.at(-1)).toMatchObject({ id: 'result', event: 'result', data: { state: 'cancelled', epoch: record.epoch } });
      expect(events.filter((e) => e.event === 'result')).toHaveLength(1);
      expect(events.filter((e) => !['state', 'epoch', 'snapshot', 'result'].includes(e.event))).toEqual([]);
    });
  }, 90_000);
});
