/**
 * The PostgreSQL job queue in this process (PostgresJobs with pg-boss on a real database): a job
 * whose process stopped goes back to the queue, and fails after the most attempts; a shutdown
 * hands a running job to another worker; a job cancelled in the queue is never trained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, WORKER_FILE, waitFor } from '../../test/helpers.js';
import { jobOptions, jobRequestSchema } from '../job-request.js';
import { openDatabase, type Database } from '../pg/database.js';
import { migrate } from '../pg/migrations.js';
import { Notifications } from '../pg/notifications.js';
import { freshDatabase, NO_DATABASE } from '../pg/test-database.js';
import { PostgresStore } from '../store/postgres.js';
import { PostgresJobs } from './postgres.js';

const request = (epochs: number) => jobRequestSchema.parse({ name: 'q', csv: IRIS_CSV, target: 'species', hidden: [64], epochs, batchSize: 4 });

describe.skipIf(NO_DATABASE !== undefined)(`the PostgreSQL job queue${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  const closing: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    database = await freshDatabase();
    db = openDatabase(database.url);
    await migrate(db);
  });
  afterAll(async () => {
    for (const close of closing.reverse()) await close();
    await db.close();
    await database.drop();
  });

  async function queue(worker: boolean, maxAttempts = 2): Promise<PostgresJobs> {
    const notifications = new Notifications(database.url);
    await notifications.start();
    const store = new PostgresStore(db, notifications);
    await store.load();
    const jobs = new PostgresJobs({ db, notifications, store, workerFile: WORKER_FILE, worker, maxAttempts, heartbeatMs: 200, staleMs: 2000 });
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
    expect(await api.get(twice)).toMatchObject({ state: 'failed', error: 'the process training the job stopped, 2 times (the most attempts: 2)' });
    expect((await api.stats()).retries).toBe(1);
    await api.cancel(once);
    expect((await row(once)).state).toBe('cancelled');
  });

  it('hands a running job to another worker when its process shuts down', async () => {
    const first = await queue(true, 3);
    const { id } = await first.submit(jobOptions(request(100_000)), { request: request(100_000) }, 100);
    await waitFor('the job to run', async () => ((await row(id)).record.epoch >= 1 ? true : undefined), 20_000);
    expect((await row(id)).worker).toBe(first.me);
    await first.shutdown();
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 1, worker: null });
    const second = await queue(true, 3);
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
