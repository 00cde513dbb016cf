/**
 * `--keep-jobs` on PostgreSQL (a real one): a job that has just finished is not pruned under a
 * client that follows it (with `--keep-jobs 0` every such client waited for ever), one finished
 * over a minute ago is, and "a minute ago" is the database's clock, not that of the process that
 * ended the job, which may be behind.
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

const request = jobRequestSchema.parse({ name: 'kept', csv: IRIS_CSV, target: 'species', hidden: [4], epochs: 5 });

describe.skipIf(NO_DATABASE !== undefined)(`finished jobs kept on PostgreSQL${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Database;
  let records: JobRecords;
  beforeAll(async () => {
    database = await migratedDatabase();
    db = database.db;
    records = new JobRecords(db);
  });
  afterAll(async () => {
    await database.drop();
  });

  async function runningJob(): Promise<string> {
    const record = newJobRecord(jobOptions(request));
    await db.transaction((client) => records.create(client, record, new TextEncoder().encode('{}')));
    await records.move(record.id, ['queued'], { state: 'running' }, { set: 'worker = $5', params: ['w'] });
    return record.id;
  }
  const exists = async (id: string) => (await db.pool.query('SELECT 1 FROM bpnn_jobs WHERE id = $1', [id])).rowCount === 1;

  it('gives a follower the result of a job pruned with --keep-jobs 0 as it ended', async () => {
    const notifications = new Notifications(database.url);
    await notifications.start();
    const followers = new Followers(records, notifications, 200);
    try {
      const id = await runningJob();
      const heard: JobEvent[] = [];
      await followers.follow(id, 0, (event) => heard.push(event));
      await records.move(id, ['running'], { state: 'succeeded' }, { where: 'worker = $5', set: 'worker = NULL', params: ['w'] });
      await records.prune(0); // as the worker does at once after a job ends
      await waitFor('the result', () => (heard.some((event) => event.type === 'result') ? true : undefined), 10_000);
      expect(await exists(id)).toBe(true);
    } finally {
      followers.close();
      await notifications.close();
    }
  });

  it('prunes beyond --keep-jobs the jobs finished over a minute ago by the database clock', async () => {
    // This process's clock an hour behind the database's: what it would write as finishedAt
    // would make the job look long finished.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 3_600_000 });
    let id: string;
    try {
      id = await runningJob();
      await records.move(id, ['running'], { state: 'succeeded', finishedAt: new Date().toISOString() }, { where: 'worker = $5', set: 'worker = NULL', params: ['w'] });
    } finally {
      vi.useRealTimers();
    }
    const ago = (await db.pool.query<{ seconds: number }>("SELECT extract(epoch FROM now() - (record->>'finishedAt')::timestamptz)::float8 AS seconds FROM bpnn_jobs WHERE id = $1", [id])).rows[0].seconds;
    expect(ago).toBeLessThan(60); // the database's clock, not the hour-behind one
    await records.prune(0);
    expect(await exists(id)).toBe(true);
    // A minute later by the database's clock:
    await db.pool.query("UPDATE bpnn_jobs SET record = jsonb_set(record, '{finishedAt}', to_jsonb(to_char((now() - interval '61 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))) WHERE id = $1", [id]);
    await records.prune(0);
    expect(await exists(id)).toBe(false);
  });
});
