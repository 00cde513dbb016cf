/**
 * One attempt at a job on a real PostgreSQL while the database fails some writes, as it does when
 * it restarts (`pg_ctl restart`: node-postgres's "Connection terminated unexpectedly"): no epoch
 * is lost, and the job still ends, rather than staying `running` under a live process for ever.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IRIS_CSV, WORKER_FILE } from '../../test/helpers.js';
import { newJobRecord } from '../jobs/job-record.js';
import { jobOptions, jobRequestSchema } from '../jobs/job-request.js';
import { openDatabase, type Database } from '../pg/database.js';
import { migrate } from '../pg/migrations.js';
import { Notifications } from '../pg/notifications.js';
import { freshDatabase, NO_DATABASE } from '../pg/test-database.js';
import { PostgresStore } from '../store/postgres.js';
import { JobRecords } from './records.js';
import { runAttempt } from './runner.js';

const EPOCHS = 400;
const request = jobRequestSchema.parse({ name: 'restarted', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: EPOCHS, batchSize: 4, earlyStopping: false, seed: 2 });
const restarting = () => new Error('Connection terminated unexpectedly');

describe.skipIf(NO_DATABASE !== undefined)(`an attempt while PostgreSQL restarts${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let notifications: Notifications;
  let store: PostgresStore;
  beforeAll(async () => {
    database = await freshDatabase();
    db = openDatabase(database.url);
    await migrate(db);
    notifications = new Notifications(database.url);
    await notifications.start();
    store = new PostgresStore(db, notifications);
    await store.load();
  });
  afterAll(async () => {
    await store.close();
    await notifications.close();
    await db.close();
    await database.drop();
  });

  it('keeps the epochs of a batch that could not be written, and writes the end once it can', async () => {
    const records = new JobRecords(db);
    const record = newJobRecord(jobOptions(request));
    await db.transaction((client) => records.create(client, record, new TextEncoder().encode(JSON.stringify(request))));

    // The first two batches with epochs in them fail, and so does the first try at the end.
    const epochs = records.epochs.bind(records);
    let failedBatches = 0;
    vi.spyOn(records, 'epochs').mockImplementation(async (id, infos, snapshot) => {
      if (infos.length > 0 && failedBatches < 2) {
        failedBatches++;
        throw restarting();
      }
      return epochs(id, infos, snapshot);
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
});
