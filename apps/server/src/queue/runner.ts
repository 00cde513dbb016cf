/**
 * One attempt at one job, in the process whose pg-boss worker fetched it: claim the record
 * (queued → running, counting the attempt, naming this process), read the data, train on a worker
 * thread (job-worker.ts), write the epochs and the latest snapshot in batches every `flushMs`,
 * store the model, and end the record. Each final UPDATE names this process, so an attempt that
 * was given up on (this process was thought dead) cannot overwrite what the next attempt does.
 * `stop` ends an attempt early: `cancelled` for a client, `requeue` for a shutdown (the job goes
 * back to the queue).
 */
import type { EpochInfo } from '@bpnn/core';
import type { JobRecord, JobState } from '../jobs/job-record.js';
import { startTrainingWorker, type TrainingWorker, type WorkerOutcome } from '../jobs/job-worker.js';
import type { JobSnapshot } from '../jobs/job-snapshot.js';
import type { ModelStore } from '../store/model-store.js';
import type { JobRecords } from './records.js';

export type StopReason = 'cancelled' | 'requeue';

export interface Attempt {
  id: string;
  stop(reason: StopReason): void;
  /** Resolves with how it ended: `requeued` when the job went back to the queue. */
  done: Promise<'finished' | 'requeued' | 'not claimed'>;
}

export interface RunnerOptions {
  records: JobRecords;
  store: ModelStore;
  workerFile: string;
  /** This process (bpnn_workers.id). */
  me: string;
  stopGraceMs: number;
  flushMs?: number;
  log: (line: string) => void;
}

export function runAttempt(id: string, options: RunnerOptions): Attempt {
  let worker: TrainingWorker | undefined;
  let stopAs: StopReason | undefined;
  const attempt: Attempt = {
    id,
    stop(reason) {
      stopAs ??= reason;
      worker?.stop(options.stopGraceMs);
    },
    done: run(),
  };
  return attempt;

  async function run(): Promise<'finished' | 'requeued' | 'not claimed'> {
    const { records, me } = options;
    const owned = { where: 'worker = $5', params: [me] };
    const claim = await records.move(id, ['queued'], { state: 'running', startedAt: new Date().toISOString(), finishedAt: null, epoch: 0, loss: null, valLoss: null, error: null, rows: null, stoppedBy: null }, { where: 'NOT cancel_requested', set: 'attempts = attempts + 1, worker = $5', params: [me] });
    if (claim === undefined) return 'not claimed'; // cancelled, finished, or taken by another attempt
    await records.clearEpochs(id);
    const end = async (state: JobState, changes: Partial<JobRecord> = {}) => {
      await records.move(id, ['running'], { state, finishedAt: new Date().toISOString(), error: null, ...changes }, { ...owned, set: 'worker = NULL' });
      return 'finished' as const;
    };
    const body = await records.payload(id);
    if (body === undefined) return end('failed', { error: 'the job has no data (it was deleted)' });
    if (stopAs !== undefined) return stopped();

    // Epochs go to the database in batches, in order, each with the latest snapshot taken after it.
    let buffered: EpochInfo[] = [];
    let snapshot: JobSnapshot | undefined;
    let writing = Promise.resolve();
    const flush = () => {
      const batch = buffered;
      const latest = snapshot;
      buffered = [];
      snapshot = undefined;
      writing = writing.then(() => records.epochs(id, batch, latest)).catch((error: unknown) => options.log(`bpnn-server: cannot save job ${id}'s epochs: ${error instanceof Error ? error.message : String(error)}`));
      return writing;
    };
    const timer = setInterval(flush, options.flushMs ?? 200);
    timer.unref();
    const outcome = await new Promise<WorkerOutcome>((resolve) => {
      worker = startTrainingWorker(options.workerFile, { body }, {
        // The record has its rows once the worker has read the data (a state event), in order with the epochs.
        rows: (rows) => {
          writing = writing.then(async () => void (await records.move(id, ['running'], { state: 'running', rows }, owned))).catch((error: unknown) => options.log(`bpnn-server: cannot save job ${id}'s rows: ${error instanceof Error ? error.message : String(error)}`));
        },
        epoch: (info) => void buffered.push(info),
        snapshot: (taken) => void (snapshot = taken),
        outcome: resolve,
      });
      if (stopAs !== undefined) worker.stop(options.stopGraceMs);
    });
    clearInterval(timer);
    await flush();
    if (stopAs !== undefined) return stopped();
    if (outcome.type === 'failed') return end('failed', { error: outcome.error });
    try {
      // As the worker sent it: nothing is parsed or hashed on the event loop (job-worker.ts).
      // At-least-once: a retry of a job whose result was stored stores it again, under the same name.
      const { model, bytes, sha256 } = outcome.trained;
      await options.store.put(claim.name, model, bytes, sha256);
    } catch (error) {
      return end('failed', { error: `the trained model could not be stored: ${error instanceof Error ? error.message : String(error)}` });
    }
    return end('succeeded', { rows: outcome.rows, stoppedBy: outcome.stoppedBy });

    async function stopped(): Promise<'finished' | 'requeued'> {
      if (stopAs === 'cancelled') return end('cancelled', { error: 'cancelled by a client' });
      await records.move(id, ['running'], { state: 'queued', startedAt: null, error: null }, { ...owned, set: 'worker = NULL' });
      return 'requeued';
    }
  }

}
