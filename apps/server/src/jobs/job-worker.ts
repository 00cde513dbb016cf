/**
 * One training job's worker thread, seen from the server: it starts the worker with the payload,
 * passes on each epoch and snapshot, and reports exactly one outcome: the trained model, or why it
 * failed (a data or training error, a crash, an exit before the end). The trained model arrives
 * ready for the store's `put` (train-worker.ts): the Model is rebuilt from its moved parameters
 * (serialize's modelFromTransfer, a few milliseconds), and the .bpnn bytes come with the SHA-256
 * the worker computed, so that the event loop neither parses nor hashes the file. `stop()` sets the shared
 * abort flag, which the training loop checks between batches, and terminates the thread if it has
 * not stopped within the grace period.
 */
import type { EpochInfo, Model } from '@bpnn/core';
import { modelFromTransfer } from '@bpnn/serialize';
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerMessage } from './job-record.js';
import type { JobPayload } from './job-body.js';
import type { JobSnapshot } from './job-snapshot.js';

/** A trained model as a store's `put` takes it: the Model, its .bpnn file and the file's SHA-256. */
export interface TrainedModel {
  model: Model;
  bytes: Uint8Array;
  sha256: string;
}

export type WorkerOutcome = { type: 'done'; trained: TrainedModel; rows: number; stoppedBy: string } | { type: 'failed'; error: string };

export interface TrainingWorker {
  stop(graceMs: number): void;
}

/** What the worker reports: the data set's rows once read, each epoch, each snapshot of the network (job-snapshot.ts), and one outcome. */
export interface WorkerListeners {
  rows(rows: number): void;
  epoch(info: EpochInfo): void;
  snapshot(snapshot: JobSnapshot): void;
  outcome(outcome: WorkerOutcome): void;
}

export function startTrainingWorker(workerFile: string, payload: JobPayload, on: WorkerListeners): TrainingWorker {
  const abort = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { payload, abort };
  const worker = new Worker(workerFile, { workerData: input, stdout: false, stderr: false });
  let settled = false;
  let exited = false;
  const settle = (outcome: WorkerOutcome) => {
    if (settled) return;
    settled = true;
    on.outcome(outcome);
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'rows') on.rows(message.rows);
    else if (message.type === 'epoch') on.epoch(message.info);
    else if (message.type === 'snapshot') on.snapshot(message.snapshot);
    else if (message.type === 'failed') settle({ type: 'failed', error: message.error });
    else settle(done(message));
  });
  worker.on('error', (error) => settle({ type: 'failed', error: `the training worker failed: ${error.message}` }));
  worker.on('exit', (code) => {
    exited = true;
    settle({ type: 'failed', error: `the training worker exited (code ${code}) before finishing` });
  });
  return {
    stop(graceMs) {
      Atomics.store(abort, 0, 1); // the training loop stops at its next batch
      const timer = setTimeout(() => {
        if (!exited) void worker.terminate();
      }, graceMs);
      timer.unref();
      worker.once('exit', () => clearTimeout(timer));
    },
  };
}

/** The worker's `done` message as an outcome, its Model rebuilt; a model that cannot be is a failure that says why. */
function done({ model, bytes, sha256, rows, stoppedBy }: Extract<WorkerMessage, { type: 'done' }>): WorkerOutcome {
  try {
    return { type: 'done', trained: { model: modelFromTransfer(model), bytes, sha256 }, rows, stoppedBy };
  } catch (error) {
    return { type: 'failed', error: `the trained model could not be stored: ${error instanceof Error ? error.message : String(error)}` };
  }
}
