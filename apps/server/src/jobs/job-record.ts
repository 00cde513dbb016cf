/**
 * A training job as the API reports it and as it is kept on disk (one JSON file per job), and the
 * messages between the server and the worker that trains it.
 */
import { FIT_DEFAULTS, type EpochInfo } from '@bpnn/core';
import type { TransferredModel } from '@bpnn/serialize';
import { randomUUID } from 'node:crypto';
import type { JobSnapshot } from './job-snapshot.js';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINISHED: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export interface JobRecord {
  id: string;
  /** The model name the result is stored under. */
  name: string;
  state: JobState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Epochs run so far, and the epochs asked for. */
  epoch: number;
  epochs: number;
  loss: number | null;
  valLoss: number | null;
  /** The options of the request, without its data. */
  options: import('./job-request.js').JobOptions;
  /** Rows trained on (with validation rows), once the worker has read the data. */
  rows: number | null;
  stoppedBy: string | null;
  /** Why the job failed, was cancelled or interrupted. */
  error: string | null;
  /** One entry per epoch. */
  losses: EpochInfo[];
}

/**
 * What listeners to a job (the SSE route) hear: each change of state, each epoch, a snapshot of a
 * small network now and then (job-snapshot.ts), and the result. The epochs so far come as one
 * `epochs` event, a view of the record's history (losses[start..end)), not a copy: a client that
 * reads slowly holds no replay of its own (http/sse.ts writes it as the client takes it).
 */
export type JobEvent =
  | { type: 'state'; record: JobRecord }
  | { type: 'epochs'; losses: readonly EpochInfo[]; start: number; end: number }
  | { type: 'epoch'; info: EpochInfo }
  | { type: 'snapshot'; snapshot: JobSnapshot }
  | { type: 'result'; record: JobRecord };
export type JobListener = (event: JobEvent) => void;

/**
 * Worker → server. `rows`: the data set's rows (with validation rows), once read, before the first
 * epoch, so that the record has them while the job runs (a client's samples per second). `done` carries the trained model as the store takes it: the Model as
 * modelForTransfer made it, its .bpnn file (over shared memory) and the file's SHA-256.
 */
export type WorkerMessage =
  | { type: 'rows'; rows: number }
  | { type: 'epoch'; info: EpochInfo }
  | { type: 'snapshot'; snapshot: JobSnapshot }
  | { type: 'done'; model: TransferredModel; bytes: Uint8Array; sha256: string; rows: number; stoppedBy: string }
  | { type: 'failed'; error: string; kind: string };

/** Server → worker, as workerData: the request (checked, or its JSON text), and a flag the server sets to 1 to stop training. */
export interface WorkerInput {
  payload: import('./job-body.js').JobPayload;
  /** Int32Array over a SharedArrayBuffer of one slot. */
  abort: Int32Array;
}

/** The `epochs` event of a history's epochs after `after` (epochs run in order), or undefined when there are none. */
export function epochsAfter(losses: readonly EpochInfo[], after: number): JobEvent | undefined {
  let start = losses.length;
  while (start > 0 && losses[start - 1]!.epoch > after) start--;
  return start < losses.length ? { type: 'epochs', losses, start, end: losses.length } : undefined;
}

/** The record of a job just submitted: queued, nothing run yet. */
export function newJobRecord(spec: import('./job-request.js').JobOptions): JobRecord {
  return {
    id: randomUUID(),
    name: spec.name,
    state: 'queued',
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    epoch: 0,
    epochs: spec.epochs ?? FIT_DEFAULTS.epochs,
    loss: null,
    valLoss: null,
    options: spec,
    rows: null,
    stoppedBy: null,
    error: null,
    losses: [],
  };
}
