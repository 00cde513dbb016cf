/**
 * What happens to a running job whose process is gone (liveness.ts found it silent): it goes back
 * to the queue for another worker (pg-boss's fail, which retries it), or, after `maxAttempts`, it
 * fails with the reason. The UPDATE names the dead process, so that when several processes
 * notice, one acts.
 */
import type PgBoss from 'pg-boss';
import type { Orphan } from './liveness.js';
import type { JobRecords } from './records.js';

export interface RecoveryContext {
  records: JobRecords;
  boss: PgBoss;
  queue: string;
  maxAttempts: number;
  log: (line: string) => void;
}

export async function recoverOrphan({ id, worker, attempts }: Orphan, { records, boss, queue, maxAttempts, log }: RecoveryContext): Promise<void> {
  const owned = { where: 'worker = $5', set: 'worker = NULL', params: [worker] };
  if (attempts >= maxAttempts) {
    const failed = await records.move(id, ['running'], { state: 'failed', finishedAt: new Date().toISOString(), error: `the process training the job stopped, ${attempts} times (the most attempts: ${maxAttempts})` }, owned);
    if (failed !== undefined) await boss.cancel(queue, id).catch(() => {});
    return;
  }
  const requeued = await records.move(id, ['running'], { state: 'queued', startedAt: null, error: null }, owned);
  if (requeued === undefined) return; // another process acted first
  log(`bpnn-server: job ${id}'s process (${worker}) stopped during attempt ${attempts}; the job is queued again`);
  await boss.fail(queue, id, { message: `process ${worker} stopped` }).catch((error: unknown) => log(`bpnn-server: cannot requeue job ${id}: ${error instanceof Error ? error.message : String(error)}`));
}
