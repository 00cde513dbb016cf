/**
 * What happens to a running job whose process is gone (liveness.ts found it silent): it goes back
 * to the queue for another worker, or, after `maxAttempts`, it fails with the reason. The UPDATE
 * names the dead process, so that when several processes notice, one acts.
 *
 * Going back to the queue is one transaction: the record, the cancel of the pg-boss job the
 * silent process had, and a new pg-boss job (a new id) for the record. A process thought dead
 * may only have been paused or cut off: when it comes back, its pg-boss worker completes or fails
 * the job it had, by that job's id, which must not be the one the next attempt runs under (it
 * would be marked completed under that attempt, and if that attempt's process died too, nothing
 * would ever take the job from the queue again).
 */
import type PgBoss from 'pg-boss';
import type { Database, Sql } from '../pg/database.js';
import type { Orphan } from './liveness.js';
import type { JobRecords } from './records.js';

export interface RecoveryContext {
  db: Database;
  records: JobRecords;
  boss: PgBoss;
  queue: string;
  maxAttempts: number;
  log: (line: string) => void;
}

export async function recoverOrphan({ id, worker, attempts }: Orphan, { db, records, boss, queue, maxAttempts, log }: RecoveryContext): Promise<void> {
  const owned = { where: 'worker = $5', set: 'worker = NULL', params: [worker] };
  // A client cancelled it while its process was silent (the cancel found it running): it ends
  // cancelled, not back in the queue, where no worker would claim it and it would wait for ever.
  const cancelled = await db.transaction(async (client) => {
    const ended = await records.move(id, ['running'], { state: 'cancelled', error: 'cancelled by a client' }, { ...owned, where: 'worker = $5 AND cancel_requested', client });
    if (ended !== undefined) await cancelQueued(client, boss, queue, id);
    return ended !== undefined;
  });
  if (cancelled) return;
  if (attempts >= maxAttempts) {
    await db.transaction(async (client) => {
      const failed = await records.move(id, ['running'], { state: 'failed', finishedAt: new Date().toISOString(), error: `the process training the job stopped, ${attempts} times (the most attempts: ${maxAttempts})` }, { ...owned, client });
      if (failed !== undefined) await cancelQueued(client, boss, queue, id);
    });
    return;
  }
  const requeued = await db.transaction(async (client) => {
    const moved = await records.move(id, ['running'], { state: 'queued', startedAt: null, error: null }, { ...owned, client });
    if (moved === undefined) return false; // another process acted first
    await cancelQueued(client, boss, queue, id);
    await boss.send(queue, { id }, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
    return true;
  });
  if (requeued) log(`bpnn-server: job ${id}'s process (${worker}) stopped during attempt ${attempts}; the job is queued again`);
}

/** Cancels, inside the caller's transaction, the pg-boss jobs not yet done of record `id` (the first has the record's id, a retry its own). */
async function cancelQueued(client: Sql, boss: PgBoss, queue: string, id: string): Promise<void> {
  const jobs = (await client.query<{ id: string }>("SELECT id FROM pgboss.job WHERE name = $1 AND data->>'id' = $2 AND state < 'completed'", [queue, id])).rows;
  if (jobs.length > 0) await boss.cancel(queue, jobs.map((job) => job.id), { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
}
