/**
 * The PostgreSQL job queue in this process (PostgresJobs with pg-boss on a real database): a job
 * whose process stopped goes back to the queue, and fails after the most attempts; a shutdown
 * hands a running job to another worker; a job cancelled in the queue is never trained; a finished
 * job's model is stored as its training thread sent it, not read again on the event loop.
 */
import * as serialize from '@bpnn/serialize';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IRIS_CSV, WORKER_FILE, waitFor } from '../../test/helpers.js';
import { expectTrainedAs, referenceModel } from '../../test/trained-reference.js';
import { jobOptions, jobRequestSchema } from '../jobs/job-request.js';
import { openDatabase, type Database } from '../pg/database.js';
import { migrate } from '../pg/migrations.js';
import { Notifications } from '../pg/notifications.js';
import { freshDatabase, NO_DATABASE } from '../pg/test-database.js';
import { PostgresStore } from '../store/postgres.js';
import { PostgresJobs } from './postgres.js';

vi.mock('@bpnn/serialize', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@bpnn/serialize')>();
  return { ...actual, readModel: vi.fn(actual.readModel), modelFromTransfer: vi.fn(actual.modelFromTransfer) };
});

// A job of `epochs` epochs, every one of them run: the automatic stop would end a long one early.
const request = (epochs: number) => jobRequestSchema.parse({ name: 'q', csv: IRIS_CSV, target: 'species', hidden: [64], epochs, batchSize: 4, earlyStopping: false });

describe.skipIf(NO_DATABASE !== undefined)(`the PostgreSQL job queue${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  const closing: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    database = await freshDatabase();
    db = openDatabase(database.url);
    await migrate(db);
  });
  // Each test's queues stop with it: a queue left running would sweep the next test's jobs by its
  // own staleMs.
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  /**
   * A queue in this process. staleMs is short by default, for the test of a process that stopped
   * beating; a test that does not wait for a sweep gives a long one, so that a heartbeat delayed by
   * a loaded machine does not requeue its running job.
   */
  async function queue(worker: boolean, maxAttempts = 2, staleMs = 2000): Promise<PostgresJobs> {
    const notifications = new Notifications(database.url);
    await notifications.start();
    const store = new PostgresStore(db, notifications);
    await store.load();
    const jobs = new PostgresJobs({ db, notifications, store, workerFile: WORKER_FILE, worker, maxAttempts, heartbeatMs: 200, staleMs });
    await jobs.load();
    closing.push(async () => {
      await jobs.shutdown();
      await store.close();
      await notifications.close();
    });
    return jobs;
  }
  const row = async (id: string) => (await db.pool.query('SELECT state, attempts, worker, record FROM bpnn_jobs WHERE id = $1', [id])).rows[0];

  it('requeues the job of a process that stopped beating, and fails it after the most attempts', async () => {
    const api = await queue(false);
    const submit = async () => (await api.submit(jobOptions(request(10)), { request: request(10) }, 100)).id;
    const once = await submit();
    const twice = await submit();
    // As if processes had claimed them and died: no heartbeat row for "ghost".
    await db.pool.query("UPDATE bpnn_jobs SET state = 'running', attempts = 1, worker = 'ghost' WHERE id = $1", [once]);
    await db.pool.query("UPDATE bpnn_jobs SET state = 'running', attempts = 2, worker = 'ghost' WHERE id = $1", [twice]);
    await waitFor('the sweep', async () => ((await row(once)).state === 'queued' && (await row(twice)).state === 'failed' ? true : undefined), 10_000);
    expect((await row(once)).worker).toBeNull();
    // The pg-boss job the silent process had is cancelled and the record queued again under a new
    // one: a process that was only paused, coming back, completes or fails its own job by its id,
    // which must not be the next attempt's.
    const bossJobs = async (id: string) => (await db.pool.query("SELECT id, state FROM pgboss.job WHERE data->>'id' = $1 ORDER BY created_on, state", [id])).rows as Array<{ id: string; state: string }>;
    const [first, next, ...more] = await bossJobs(once);
    expect([first, next?.state, more]).toEqual([{ id: once, state: 'cancelled' }, 'created', []]);
    expect(next.id).not.toBe(once);
    expect(await bossJobs(twice)).toEqual([{ id: twice, state: 'cancelled' }]);
    expect(await api.get(twice)).toMatchObject({ state: 'failed', error: 'the process training the job stopped, 2 times (the most attempts: 2)' });
    expect((await api.stats()).retries).toBe(1);
    await api.cancel(once);
    expect((await row(once)).state).toBe('cancelled');
  });

  it('ends cancelled a job cancelled while its process was silent, rather than queueing it again', async () => {
    const api = await queue(false);
    const { id } = await api.submit(jobOptions(request(10)), { request: request(10) }, 100);
    // As if a process had claimed it and died, and a client had then cancelled it: cancel() sets
    // the flag and notifies the process running it, which is gone.
    await db.pool.query("UPDATE bpnn_jobs SET state = 'running', attempts = 1, worker = 'ghost', cancel_requested = true WHERE id = $1", [id]);
    await waitFor('the sweep', async () => ((await row(id)).state !== 'running' ? true : undefined), 10_000);
    expect(await row(id)).toMatchObject({ state: 'cancelled', worker: null, attempts: 1 });
    expect(await api.get(id)).toMatchObject({ state: 'cancelled', error: 'cancelled by a client' });
    const waiting = await db.pool.query("SELECT 1 FROM pgboss.job WHERE data->>'id' = $1 AND state < 'completed'", [id]);
    expect(waiting.rowCount).toBe(0);
  });

  it('says it waits for another process starting pg-boss, and gives up with a clear error', async () => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [0x62706e62]); // as a process stuck in pg-boss's start
      const lines: string[] = [];
      const notifications = new Notifications(database.url);
      const jobs = new PostgresJobs({ db, notifications, store: new PostgresStore(db, notifications), workerFile: WORKER_FILE, lockWaitMs: 300, log: (line) => lines.push(line) });
      await expect(jobs.load()).rejects.toThrow(/another process has held the lock on pg-boss's start \(its schema\) for over 0.3 s/);
      expect(lines).toEqual([expect.stringMatching(/waiting for another process to finish pg-boss's start/)]);
    } finally {
      await holder.end();
    }
  });

  it('hands a running job to another worker when its process shuts down', async () => {
    const first = await queue(true, 3, 60_000);
    const { id } = await first.submit(jobOptions(request(100_000)), { request: request(100_000) }, 100);
    await waitFor('the job to run', async () => ((await row(id)).record.epoch >= 1 ? true : undefined), 20_000);
    // Its rows (iris's 150) are in the record once the worker has read the data, before its epochs.
    expect(await row(id)).toMatchObject({ state: 'running', worker: first.me, record: { rows: 150 } });
    await first.shutdown();
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 1, worker: null });
    const second = await queue(true, 3, 60_000);
    await waitFor('another worker to take it', async () => ((await row(id)).worker === second.me ? true : undefined), 20_000);
    expect((await row(id)).attempts).toBe(2);
    const cancelled = await second.cancel(id);
    expect(cancelled.state).toBe('running'); // the worker stops at its next batch
    await waitFor('the job to be cancelled', async () => ((await row(id)).state === 'cancelled' ? true : undefined), 20_000);
  });

  it('never trains a job cancelled while it waits', async () => {
    const api = await queue(false);
    const { id } = await api.submit(jobOptions(request(10)), { request: request(10) }, 100);
    expect((await api.cancel(id)).state).toBe('cancelled');
    await queue(true);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a worker polls every 0.5 s
    expect(await row(id)).toMatchObject({ state: 'cancelled', attempts: 0 });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM bpnn_job_payloads WHERE id = $1', [id])).rows[0].n).toBe(0);
  });
});

describe.skipIf(NO_DATABASE !== undefined)(`a job's end on the PostgreSQL queue${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  it('stores the model its training thread sent, with its checksum, without reading it on the event loop', async () => {
    // A database of its own: no store of another test here hears of the model and parses it.
    const database = await freshDatabase();
    const db = openDatabase(database.url);
    const notifications = new Notifications(database.url);
    const store = new PostgresStore(db, notifications);
    const jobs = new PostgresJobs({ db, notifications, store, workerFile: WORKER_FILE, worker: true, heartbeatMs: 200, staleMs: 2000 });
    try {
      await migrate(db);
      await notifications.start();
      await store.load();
      await jobs.load();
      const body = { name: 'stored', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 15, seed: 3 };
      vi.mocked(serialize.readModel).mockClear();
      vi.mocked(serialize.modelFromTransfer).mockClear();
      const checked = jobRequestSchema.parse(body);
      const { id } = await jobs.submit(jobOptions(checked), { request: checked }, 100);
      await waitFor('the job to succeed', async () => ((await db.pool.query('SELECT state FROM bpnn_jobs WHERE id = $1', [id])).rows[0].state === 'succeeded' ? true : undefined), 20_000);
      await waitFor('the store to hear of the model', async () => store.get('stored'), 5000);
      expect(serialize.readModel).not.toHaveBeenCalled(); // nor when the notification of its own write comes back
      expect(serialize.modelFromTransfer).toHaveBeenCalledTimes(1);
      const row = (await db.pool.query('SELECT bytes, sha256 FROM bpnn_models WHERE name = $1', ['stored'])).rows[0];
      expectTrainedAs(new Uint8Array(row.bytes), row.sha256, await referenceModel(body), [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]);
      expect(store.require('stored').sha256).toBe(row.sha256);
      expect(Buffer.from(serialize.writeModel(store.require('stored').model)).equals(row.bytes), 'the Model served writes the stored file').toBe(true);
    } finally {
      await jobs.shutdown();
      await store.close();
      await notifications.close();
      await db.close();
      await database.drop();
    }
  });
});
