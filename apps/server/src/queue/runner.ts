/**
 * One attempt at one job, in the process whose pg-boss worker fetched it: claim the record
 * (queued → running, counting the attempt, naming this process), read the data, train on a worker
 * thread (job-worker.ts), write the epochs and the latest snapshot in batches every `flushMs`,
 * store the model, and end the record. Each write names this process, so an attempt that was
 * given up on (this process was thought dead: paused, cut off) cannot overwrite what the next
 * attempt does: it learns so at its next batch of epochs, stops training and is `lost`, and
 * stores no model.
 * `stop` ends an attempt early: `cancelled` for a client, `requeue` for a shutdown (the job goes
 * back to the queue).
 */
import type { EpochInfo } from '@bpnn/core';
import { describeError } from '../http/http-error.js';
import type { JobRecord, JobState } from '../jobs/job-record.js';
import { startTrainingWorker, type TrainingWorker, type WorkerOutcome } from '../jobs/job-worker.js';
import type { JobSnapshot } from '../jobs/job-snapshot.js';
import type { ModelStore } from '../store/model-store.js';
import type { JobRecords } from './records.js';

const END_TRIES = 120;

export type StopReason = 'cancelled' | 'requeue' | 'lost';
export type AttemptEnd = 'finished' | 'requeued' | 'not claimed' | 'lost';

export interface Attempt {
  id: string;
  stop(reason: StopReason): void;
  /** Resolves with how it ended: `requeued` when the job went back to the queue, `lost` when another attempt has it. */
  done: Promise<AttemptEnd>;
}

export interface RunnerOptions {
  records: JobRecords;
  store: ModelStore;
  workerFile: string;
  /** This process (bpnn_workers.id). */
  me: string;
  stopGraceMs: number;
  flushMs?: number;
  /** The end of an attempt is written again every endRetryMs (default 1 s), endTries times at most (default 120), while PostgreSQL cannot be reached. */
  endRetryMs?: number;
  endTries?: number;
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

  /**
   * The writes that end an attempt, tried again while PostgreSQL cannot be reached (a restart):
   * given up on, the record would stay `running` under this process, which is alive, so no
   * other process would ever take the job again.
   */
  async function untilWritten<T>(what: string, write: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await write();
      } catch (error) {
        if (tries >= (options.endTries ?? END_TRIES) || describeError(error).status !== 503) throw error;
        options.log(`bpnn-server: job ${id}'s ${what} not saved yet (try ${tries}): ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, options.endRetryMs ?? 1000));
      }
    }
  }

  async function run(): Promise<AttemptEnd> {
    const { records, me } = options;
    const owned = { where: 'worker = $5', params: [me] };
    const claim = await records.move(id, ['queued'], { state: 'running', startedAt: new Date().toISOString(), finishedAt: null, epoch: 0, loss: null, valLoss: null, error: null, rows: null, stoppedBy: null }, { where: 'NOT cancel_requested', set: 'attempts = attempts + 1, worker = $5', params: [me] });
    if (claim === undefined) {
      // Cancelled, finished, or taken by another attempt; one still queued with a cancel asked for
      // (it came while the job was between attempts) ends cancelled here.
      await records.move(id, ['queued'], { state: 'cancelled', error: 'cancelled by a client' }, { where: 'cancel_requested' });
      return 'not claimed';
    }
    await untilWritten('start', () => records.clearEpochs(id));
    const end = async (state: JobState, changes: Partial<JobRecord> = {}) => {
      await untilWritten('end', () => records.move(id, ['running'], { state, finishedAt: new Date().toISOString(), error: null, ...changes }, { ...owned, set: 'worker = NULL' }));
      return 'finished' as const;
    };
    const body = await untilWritten('data', () => records.payload(id));
    if (body === undefined) return end('failed', { error: 'the job has no data (it was deleted)' });
    if (stopAs !== undefined) return stopped();

    // Epochs go to the database in batches, in order, each with the latest snapshot taken after it.
    // A batch is taken when its turn to be written comes, and one that fails (PostgreSQL
    // restarting) goes back in front of the epochs that came since, for the next flush.
    let buffered: EpochInfo[] = [];
    let snapshot: JobSnapshot | undefined;
    let writing: Promise<unknown> = Promise.resolve(undefined);
    const flush = () => {
      writing = writing.then(async () => {
        const batch = buffered;
        const latest = snapshot;
        buffered = [];
        snapshot = undefined;
        try {
          if (!(await records.epochs(id, me, batch, latest))) attempt.stop('lost');
          return undefined;
        } catch (error) {
          buffered = batch.concat(buffered);
          snapshot ??= latest;
          options.log(`bpnn-server: cannot save job ${id}'s epochs yet (kept for the next try): ${error instanceof Error ? error.message : String(error)}`);
          return error;
        }
      });
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
    await untilWritten('epochs', async () => {
      const error = await flush();
      if (error !== undefined) throw error;
    });
    if (stopAs !== undefined) return stopped();
    if (outcome.type === 'failed') return end('failed', { error: outcome.error });
    if (!(await untilWritten('model', () => records.runs(id, me)))) return 'lost';
    try {
      // As the worker sent it: nothing is parsed or hashed on the event loop (job-worker.ts).
      // At-least-once: a retry of a job whose result was stored stores it again, under the same name.
      const { model, bytes, sha256 } = outcome.trained;
      await untilWritten('model', () => options.store.put(claim.name, model, bytes, sha256));
    } catch (error) {
      return end('failed', { error: `the trained model could not be stored: ${error instanceof Error ? error.message : String(error)}` });
    }
    return end('succeeded', { rows: outcome.rows, stoppedBy: outcome.stoppedBy });

    async function stopped(): Promise<AttemptEnd> {
      if (stopAs === 'lost') {
        options.log(`bpnn-server: job ${id} went to another attempt while this process was thought stopped; this one ends`);
        return 'lost';
      }
      if (stopAs === 'cancelled') return end('cancelled', { error: 'cancelled by a client' });
      // Not tried again: the server is stopping, and once its heartbeat row is gone the others requeue the job.
      await records.move(id, ['running'], { state: 'queued', startedAt: null, error: null }, { ...owned, set: 'worker = NULL' });
      return 'requeued';
    }
  }

}
