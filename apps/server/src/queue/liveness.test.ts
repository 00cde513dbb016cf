/**
 * Heartbeats on a real PostgreSQL: a process judges the others silent only once it has itself
 * been beating for `staleMs`, after it starts and after its beats failed (PostgreSQL down: nobody
 * could beat, and the first process back took the running jobs of the others, alive as they were,
 * which then started again from epoch 1 and counted an attempt).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, waitFor } from '../../test/helpers.js';
import { newJobRecord } from '../jobs/job-record.js';
import { jobOptions, jobRequestSchema } from '../jobs/job-request.js';
import type { Database } from '../pg/database.js';
import { migratedDatabase, NO_DATABASE } from '../pg/test-database.js';
import { Liveness, type Orphan } from './liveness.js';
import { JobRecords } from './records.js';

const STALE_MS = 1500;
const request = jobRequestSchema.parse({ name: 'beat', csv: IRIS_CSV, target: 'species', hidden: [4], epochs: 3 });

describe.skipIf(NO_DATABASE !== undefined)(`heartbeats on PostgreSQL${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Database;
  beforeAll(async () => {
    database = await migratedDatabase();
    db = database.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  /** A job running under `worker`, whose last heartbeat was an hour ago. */
  async function silentJob(worker: string): Promise<string> {
    const records = new JobRecords(db);
    const record = newJobRecord(jobOptions(request));
    await db.transaction((client) => records.create(client, record, new TextEncoder().encode('{}')));
    await db.pool.query("UPDATE bpnn_jobs SET state = 'running', attempts = 1, worker = $2 WHERE id = $1", [record.id, worker]);
    await db.pool.query("INSERT INTO bpnn_workers (id, seen_at) VALUES ($1, now() - interval '1 hour')", [worker]);
    return record.id;
  }

  it('judges the others only after beating for staleMs itself, after starting and after its beats failed', async () => {
    const found: Array<{ orphan: Orphan; at: number }> = [];
    const liveness = new Liveness(db, async (orphan) => void found.push({ orphan, at: performance.now() }), { heartbeatMs: 100, staleMs: STALE_MS, log: () => {} });
    const first = await silentJob('gone-before');
    const started = performance.now();
    await liveness.start();
    try {
      await waitFor('the first orphan', () => (found.length > 0 ? true : undefined), 20_000);
      expect(found[0].orphan).toMatchObject({ id: first, worker: 'gone-before' });
      expect(found[0].at - started).toBeGreaterThanOrEqual(STALE_MS);
      // Its beats fail (the database is down, as far as it can tell), then work again.
      await db.pool.query("UPDATE bpnn_jobs SET state = 'failed' WHERE id = $1", [first]);
      const second = await silentJob('gone-during');
      const query = db.pool.query.bind(db.pool);
      let failed = 0;
      db.pool.query = ((...args: Parameters<typeof query>) => {
        if (String(args[0]).startsWith('INSERT INTO bpnn_workers')) {
          failed++;
          return Promise.reject(new Error('Connection terminated unexpectedly'));
        }
        return query(...args);
      }) as typeof query;
      await waitFor('a failed beat', () => (failed > 0 ? true : undefined), 10_000);
      const back = performance.now();
      db.pool.query = query;
      await waitFor('the second orphan', () => (found.length > 1 ? true : undefined), 20_000);
      expect(found[1].orphan).toMatchObject({ id: second, worker: 'gone-during' });
      expect(found[1].at - back).toBeGreaterThanOrEqual(STALE_MS);
    } finally {
      await liveness.stop();
    }
  });
});
