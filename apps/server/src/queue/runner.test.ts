/**
 * One attempt at a job on a real PostgreSQL while the database fails some writes, as it does when
 * it restarts (`pg_ctl restart`: node-postgres's "Connection terminated unexpectedly"): no epoch
 * is lost, and the job still ends, rather than staying `running` under a live process for ever.
 * And an attempt whose process was thought dead (paused, cut off) while another attempt took the
 * job: it stops, and writes nothing more into the job's history or the model store.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IRIS_CSV, WORKER_FILE, waitFor } from '../../test/helpers.js';
import { newJobRecord } from '../jobs/job-record.js';
import { jobOptions, jobRequestSchema } from '../jobs/job-request.js';
import type { Database } from '../pg/database.js';
import { Notifications } from '../pg/notifications.js';
import { migratedDatabase, NO_DATABASE } from '../pg/test-database.js';
import { PostgresStore } from '../store/postgres.js';
import { JobRecords } from './records.js';
import { runAttempt } from './runner.js';

const EPOCHS = 400;
const request = jobRequestSchema.parse({ name: 'restarted', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: EPOCHS, batchSize: 4, earlyStopping: false, seed: 2 });
const restarting = () => new Error('Connection terminated unexpectedly');

describe.skipIf(NO_DATABASE !== undefined)(`an attempt while PostgreSQL restarts${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Database;
  let notifications: Notifications;
  let store: PostgresStore;
  beforeAll(async () => {
    database = await migratedDatabase();
    db = database.db;
    notifications = new Notifications(database.url);
    await notifications.start();
    store = new PostgresStore(db, notifications);
    await store.load();
  });
  afterAll(async () => {
    await store.close();
    await notifications.close();
    await database.drop();
  });

  it('keeps the epochs of a batch that could not be written, and writes the end once it can', async () => {
    const records = new JobRecords(db);
    const record = newJobRecord(jobOptions(request));
    await db.transaction((client) => records.create(client, record, new TextEncoder().encode(JSON.stringify(request))));

    // The first two batches with epochs in them fail, and so does the first try at the end.
    const epochs = records.epochs.bind(records);
    let failedBatches = 0;
    vi.spyOn(records, 'epochs').mockImplementation(async (id, worker, infos, snapshot) => {
      if (infos.length > 0 && failedBatches < 2) {
        failedBatches++;
        throw restarting();
      }
      return epochs(id, worker, infos, snapshot);
    });
    const move = records.move.bind(records);
    let failedEnds = 0;
    vi.spyOn(records, 'move').mockImplementation(async (id, from, changes, extra) => {
      if (changes.state === 'succeeded' && failedEnds === 0) {
        failedEnds++;
        throw restarting();
      }
      return move(id, from, changes, extra);
    });

    const lines: string[] = [];
    const attempt = runAttempt(record.id, { records, store, workerFile: WORKER_FILE, me: 'this-process', stopGraceMs: 1000, endRetryMs: 50, log: (line) => lines.push(line) });
    expect(await attempt.done).toBe('finished');
    expect([failedBatches, failedEnds]).toEqual([2, 1]); // the faults happened

    const row = (await db.pool.query('SELECT state, worker FROM bpnn_jobs WHERE id = $1', [record.id])).rows[0];
    expect(row).toEqual({ state: 'succeeded', worker: null });
    const stored = await records.get(record.id);
    expect(stored.losses.map((info) => info.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(store.get('restarted')).toBeDefined();
    expect(lines.join('\n')).toMatch(/cannot save job .*'s epochs yet \(kept for the next try\): Connection terminated unexpectedly/);
  });

  it('stops an attempt whose job another attempt took while its process was thought dead, and writes nothing more', async () => {
    const records = new JobRecords(db);
    const long = jobRequestSchema.parse({ name: 'taken', csv: IRIS_CSV, target: 'species', hidden: [64], epochs: 100_000, batchSize: 4, earlyStopping: false });
    const record = newJobRecord(jobOptions(long));
    await db.transaction((client) => records.create(client, record, new TextEncoder().encode(JSON.stringify(long))));
    const lines: string[] = [];
    const attempt = runAttempt(record.id, { records, store, workerFile: WORKER_FILE, me: 'paused', stopGraceMs: 1000, log: (line) => lines.push(line) });
    const epochsWritten = async () => Number((await db.pool.query("SELECT count(*) AS n FROM bpnn_job_events WHERE job_id = $1 AND type = 'epoch'", [record.id])).rows[0].n);
    await waitFor('the first epochs in the database', async () => ((await epochsWritten()) > 0 ? true : undefined), 20_000);

    // What the other processes do when 'paused' has been silent too long: recovery puts the job
    // back in the queue (recovery.ts), and another process's attempt claims it and clears the
    // history (runner.ts), with the same statements.
    expect(await records.move(record.id, ['running'], { state: 'queued', startedAt: null, error: null }, { where: 'worker = $5', set: 'worker = NULL', params: ['paused'] })).toBeDefined();
    expect(await records.move(record.id, ['queued'], { state: 'running' }, { set: 'attempts = attempts + 1, worker = $5', params: ['next'] })).toBeDefined();
    await records.clearEpochs(record.id);

    expect(await attempt.done).toBe('lost');
    expect(await epochsWritten()).toBe(0); // none of the paused attempt's after the hand-over
    expect((await db.pool.query('SELECT state, worker, attempts FROM bpnn_jobs WHERE id = $1', [record.id])).rows[0]).toEqual({ state: 'running', worker: 'next', attempts: 2 });
    expect(store.get('taken')).toBeUndefined();
    expect(lines.join('\n')).toMatch(/went to another attempt while this process was thought stopped/);
  }, 60_000);

  it('ends cancelled a job it finds queued with a cancel asked for (the cancel came between two attempts)', async () => {
    const records = new JobRecords(db);
    const record = newJobRecord(jobOptions(request));
    await db.transaction((client) => records.create(client, record, new TextEncoder().encode(JSON.stringify(request))));
    await db.pool.query('UPDATE bpnn_jobs SET cancel_requested = true WHERE id = $1', [record.id]);
    const attempt = runAttempt(record.id, { records, store, workerFile: WORKER_FILE, me: 'next', stopGraceMs: 1000, log: () => {} });
    expect(await attempt.done).toBe('not claimed');
    expect(await records.get(record.id)).toMatchObject({ state: 'cancelled', error: 'cancelled by a client', epoch: 0 });
  });
});
