/**
 * Many clients following one running job on PostgreSQL (a real one): each change of the job is
 * read once for all of them, not once each (a read each made 150 followers take every connection
 * of the process's pool, and its other requests wait for one, then get 503), and each still hears
 * every epoch, once, in order.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IRIS_CSV, waitFor } from '../../test/helpers.js';
import { newJobRecord, type JobEvent } from '../jobs/job-record.js';
import { jobOptions, jobRequestSchema } from '../jobs/job-request.js';
import type { Database } from '../pg/database.js';
import { Notifications } from '../pg/notifications.js';
import { migratedDatabase, NO_DATABASE } from '../pg/test-database.js';
import { Followers } from './followers.js';
import { JobRecords } from './records.js';

const FOLLOWERS = 40;
const request = jobRequestSchema.parse({ name: 'followed', csv: IRIS_CSV, target: 'species', hidden: [4], epochs: 3 });
const epoch = (n: number) => ({ epoch: n, epochs: 3, loss: 1 / n, seconds: n });

describe.skipIf(NO_DATABASE !== undefined)(`followers of a job on PostgreSQL${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Database;
  beforeAll(async () => {
    database = await migratedDatabase();
    db = database.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  it('reads each change of a job once for all its followers', async () => {
    const records = new JobRecords(db);
    const notifications = new Notifications(database.url);
    await notifications.start();
    // No periodic poll in this test: only the notifications of the writes below cause reads.
    const followers = new Followers(records, notifications, 3_600_000);
    try {
      const record = newJobRecord(jobOptions(request));
      await db.transaction((client) => records.create(client, record, new TextEncoder().encode('{}')));
      await records.move(record.id, ['queued'], { state: 'running' }, { set: 'worker = $5', params: ['w'] });
      await records.epochs(record.id, 'w', [epoch(1)]);
      const heard: JobEvent[][] = Array.from({ length: FOLLOWERS }, () => []);
      const reads = vi.spyOn(records, 'eventsAfter');
      for (let i = 0; i < FOLLOWERS; i++) await followers.follow(record.id, 0, (event) => heard[i].push(event));
      // The reads of joining (each follower catches up from where its replay ended) have ended.
      await waitFor('the joining reads', async () => {
        const pending = reads.mock.results.map((result) => result.value as Promise<unknown>);
        await Promise.all(pending);
        return reads.mock.results.length === pending.length ? true : undefined;
      });
      await new Promise((resolve) => setImmediate(resolve));
      reads.mockClear();

      await records.epochs(record.id, 'w', [epoch(2)]); // one notification
      await waitFor('every follower to hear epoch 2', () => (heard.every((events) => events.some((event) => event.type === 'epoch' && event.info.epoch === 2)) ? true : undefined), 10_000);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(2); // one, or one more folded in; not one per follower
      await records.epochs(record.id, 'w', [epoch(3)]);
      await records.move(record.id, ['running'], { state: 'succeeded' }, { where: 'worker = $5', set: 'worker = NULL', params: ['w'] });
      await waitFor('every follower to hear the result', () => (heard.every((events) => events.at(-1)?.type === 'result') ? true : undefined), 10_000);
      for (const events of heard) {
        const epochs = events.flatMap((event) => (event.type === 'epoch' ? [event.info.epoch] : event.type === 'epochs' ? event.losses.slice(event.start, event.end).map((info) => info.epoch) : []));
        expect(epochs).toEqual([1, 2, 3]);
      }
      expect(reads.mock.calls.length).toBeLessThanOrEqual(6);
    } finally {
      followers.close();
      await notifications.close();
    }
  });
});
