/**
 * The primary's JobManager (a real one, training a real job) answering a worker's
 * ClusterJobsClient through a channel that behaves as node:cluster's IPC (each message a
 * structured clone, each send's callback once it is written): a long job's history crosses in
 * pieces, one in the channel at a time, the records of a list and of `state` and
 * `result` events without their epochs, and the worker's listener still hears every epoch, in order.
 */
import type { EpochInfo } from '@bpnn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolder, WORKER_FILE } from '../../test/helpers.js';
import { JobFiles } from '../jobs/job-files.js';
import type { JobEvent, JobRecord } from '../jobs/job-record.js';
import { jobOptions, jobRequestSchema } from '../jobs/job-request.js';
import { JobManager } from '../jobs/jobs.js';
import { FolderStore } from '../store/folder.js';
import { ClusterJobsClient } from './jobs-client.js';
import { ClusterJobsHost } from './jobs-host.js';
import type { ToPrimary, ToWorker } from './messages.js';
import { EPOCHS_PER_MESSAGE } from './outbox.js';

const EPOCHS = 3500;
const XOR = 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';

/** A worker's channel to the primary: what the host sends waits in `pipe` until `deliver` hands it over. */
function channelPair(host: ClusterJobsHost) {
  const pipe: Array<{ message: ToWorker; written?: (error: Error | null) => void }> = [];
  const crossed: ToWorker[] = [];
  let mostPiecesInPipe = 0; // pieces of a history written and not yet read
  const toWorker: Array<(message: ToWorker) => void> = [];
  const worker = {
    id: 1,
    isConnected: () => true,
    send(message: ToWorker, written?: (error: Error | null) => void) {
      pipe.push({ message: structuredClone(message), written });
      mostPiecesInPipe = Math.max(mostPiecesInPipe, pipe.filter(({ message }) => message.t === 'event' && message.event.type === 'epochs').length);
      setImmediate(deliver);
      return true;
    },
  };
  function deliver() {
    const next = pipe.shift();
    if (next === undefined) return;
    crossed.push(next.message);
    next.written?.(null);
    for (const listener of toWorker) listener(next.message);
  }
  const client = new ClusterJobsClient({
    send: (message: ToPrimary) => host.handle(worker as never, structuredClone(message)),
    on: (event: 'message' | 'disconnect', listener: (message: ToWorker) => void) => {
      if (event === 'message') toWorker.push(listener);
    },
  });
  return { client, crossed, mostPiecesInPipe: () => mostPiecesInPipe };
}

describe('the jobs of a --processes primary, through IPC', () => {
  const folder = tempFolder();
  afterAll(() => folder.remove());

  it('sends a long history in pieces, one at a time, and records without their epochs', async () => {
    const store = new FolderStore(`${folder.path}/models`);
    await store.load();
    const jobs = new JobManager({ store, files: new JobFiles(`${folder.path}/jobs`), workerFile: WORKER_FILE });
    await jobs.load();
    const request = jobRequestSchema.parse({ name: 'xor', csv: XOR, target: 'y', hidden: [2], epochs: EPOCHS, earlyStopping: false, seed: 1 });
    const { id } = await jobs.submit(jobOptions(request), { request }, XOR.length);
    await new Promise<void>((resolve) => jobs.follow(id, 0, (event) => event.type === 'result' && resolve()));
    const trained = jobs.get(id);
    expect(trained).toMatchObject({ state: 'succeeded', epoch: EPOCHS, error: null });

    const { client, crossed, mostPiecesInPipe } = channelPair(new ClusterJobsHost(jobs));
    const heard: JobEvent[] = [];
    const done = new Promise<void>((resolve) => {
      void client.follow(id, 0, (event) => {
        heard.push(event);
        if (event.type === 'result') resolve();
      });
    });
    await done;

    // What the worker heard: the state, every epoch in order, the result.
    expect(heard[0]).toMatchObject({ type: 'state', record: { id, state: 'succeeded' } });
    expect(heard.at(-1)).toMatchObject({ type: 'result', record: { id, state: 'succeeded', epoch: EPOCHS } });
    const epochs: EpochInfo[] = heard.flatMap((event) => (event.type === 'epochs' ? event.losses.slice(event.start, event.end) : []));
    expect(epochs).toEqual(trained.losses);

    // How it crossed: no message of more than EPOCHS_PER_MESSAGE epochs, one such piece in the
    // channel at a time (the next is cut once it is written), no record with its epochs.
    const pieces = crossed.filter((message) => message.t === 'event' && message.event.type === 'epochs');
    expect(pieces).toHaveLength(Math.ceil(EPOCHS / EPOCHS_PER_MESSAGE));
    for (const message of crossed) {
      if (message.t !== 'event') continue;
      const event = message.event;
      if (event.type === 'epochs') expect(event.losses.length).toBeLessThanOrEqual(EPOCHS_PER_MESSAGE);
      if (event.type === 'state' || event.type === 'result') expect(event.record.losses).toEqual([]);
    }
    expect(mostPiecesInPipe()).toBe(1);

    // A list crosses without the epochs (the route lists records without them); get and summary as asked.
    const listed = (await client.list()) as JobRecord[];
    expect(listed.map((record) => [record.id, record.losses.length])).toEqual([[id, 0]]);
    expect((await client.get(id)).losses).toEqual(trained.losses);
    expect(await client.summary(id)).toEqual({ ...trained, losses: [] });
    await jobs.shutdown();
    await store.close();
  }, 60_000);

  it('sends a live job\'s epochs once per batch for all of a worker\'s follows, each of which hears every epoch in order', async () => {
    const store = new FolderStore(`${folder.path}/models-live`);
    await store.load();
    const jobs = new JobManager({ store, files: new JobFiles(`${folder.path}/jobs-live`), workerFile: WORKER_FILE });
    await jobs.load();
    const { client, crossed } = channelPair(new ClusterJobsHost(jobs));
    const request = jobRequestSchema.parse({ name: 'xor-live', csv: XOR, target: 'y', hidden: [2], epochs: EPOCHS, earlyStopping: false, seed: 1 });
    const { id } = await jobs.submit(jobOptions(request), { request }, XOR.length);
    // Three follows before the first epoch (the training thread is still starting).
    const heard: JobEvent[][] = [[], [], []];
    const done = heard.map((events) => new Promise<void>((resolve) => {
      void client.follow(id, 0, (event) => {
        events.push(event);
        if (event.type === 'result') resolve();
      });
    }));
    await Promise.all(done);
    const trained = jobs.get(id);
    expect(trained).toMatchObject({ state: 'succeeded', epoch: EPOCHS });

    const liveEpochs = (events: JobEvent[]) => events.flatMap((event) => (event.type === 'epoch' ? [event.info] : []));
    for (const events of heard) {
      expect(events[0]).toMatchObject({ type: 'state' });
      expect(liveEpochs(events)).toEqual(trained.losses);
      expect(events.at(-1)).toMatchObject({ type: 'result', record: { state: 'succeeded' } });
    }
    // The three hear the same objects (the worker's routes format each once for all of them).
    expect(liveEpochs(heard[1]!).every((info, i) => info === liveEpochs(heard[0]!)[i])).toBe(true);
    // Each epoch crossed once, in a message naming all three follows, not once per follow.
    expect(crossed.filter((message) => message.t === 'event' && message.event.type === 'epoch')).toEqual([]);
    const live = crossed.flatMap((message) => (message.t === 'live' ? [message] : []));
    expect(live.flatMap((message) => message.infos)).toEqual(trained.losses);
    for (const message of live) expect(message.follows.map(([, from]) => from)).toEqual([0, 0, 0]);
    await jobs.shutdown();
    await store.close();
  }, 60_000);
});
