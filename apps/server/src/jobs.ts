/**
 * Training jobs: a bounded queue in front of at most `maxJobs` worker threads. Training never runs
 * on the event loop, so predictions stay fast while a job trains. Each job's record moves through
 * queued → running → succeeded | failed | cancelled | interrupted; listeners (the SSE route) hear
 * every epoch and the result, and every change of state is saved to disk. Finished records beyond
 * `keepJobs` are deleted, oldest first (a record holds every epoch's loss), so that a server that
 * runs for months does not fill its memory and disk with them.
 */
import { show } from '@bpnn/core';
import type { EpochInfo } from '@bpnn/core';
import { readModel } from '@bpnn/serialize';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { HttpError } from './http-error.js';
import { jobOptions, type JobRequest } from './job-request.js';
import { FINISHED, type JobRecord, type JobState, type WorkerInput, type WorkerMessage } from './job-record.js';
import type { JobFiles } from './job-files.js';
import type { ModelStore } from './model-store.js';

/** Finished job records kept by default. */
export const DEFAULT_KEEP_JOBS = 1000;

export type JobEvent = { type: 'state'; record: JobRecord } | { type: 'epoch'; info: EpochInfo } | { type: 'result'; record: JobRecord };
export type JobListener = (event: JobEvent) => void;

export interface JobManagerOptions {
  store: ModelStore;
  files: JobFiles;
  /** The bundled worker, dist/train-worker.js. */
  workerFile: string;
  /** Jobs training at once, default 1. */
  maxJobs?: number;
  /** Jobs waiting beyond those; more are refused with 429. Default 16. */
  maxQueue?: number;
  /** Finished job records kept; beyond that the oldest finished ones are deleted. Default 1000. */
  keepJobs?: number;
  /** How long a cancelled worker may take to stop before it is terminated, default 5000 ms. */
  stopGraceMs?: number;
  log?: (line: string) => void;
}

interface Job {
  record: JobRecord;
  request?: JobRequest;
  worker?: Worker;
  abort?: Int32Array;
  /** The state to end in once the worker has stopped (cancelled by a client, interrupted by shutdown). */
  stopAs?: { state: 'cancelled' | 'interrupted'; reason: string };
  /** Set once the worker has posted its result: the job ends as the result says. */
  finishing?: boolean;
  listeners: Set<JobListener>;
  done: Promise<void>;
  finish: () => void;
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;
  private closing = false;
  readonly maxJobs: number;
  readonly maxQueue: number;
  readonly keepJobs: number;

  constructor(private readonly options: JobManagerOptions) {
    this.maxJobs = options.maxJobs ?? 1;
    this.maxQueue = options.maxQueue ?? 16;
    this.keepJobs = options.keepJobs ?? DEFAULT_KEEP_JOBS;
  }

  /** Reads the records of earlier runs (unfinished ones become interrupted). */
  async load(): Promise<void> {
    for (const record of await this.options.files.load()) this.jobs.set(record.id, this.wrap(record));
    await this.prune();
  }

  /** Deletes the oldest finished records beyond keepJobs, from memory and from disk. */
  private async prune(): Promise<void> {
    const finished = [...this.jobs.values()].filter((job) => FINISHED.has(job.record.state));
    if (finished.length <= this.keepJobs) return;
    const byAge = (job: Job) => job.record.finishedAt ?? job.record.createdAt;
    finished.sort((a, b) => byAge(a).localeCompare(byAge(b)));
    const removed = finished.slice(0, finished.length - this.keepJobs);
    for (const job of removed) this.jobs.delete(job.record.id);
    await Promise.all(removed.map((job) => this.options.files.remove(job.record.id)));
  }

  list(): JobRecord[] {
    return [...this.jobs.values()].map((job) => job.record);
  }

  get(id: string): JobRecord {
    return this.job(id).record;
  }

  countByState(): Record<JobState, number> {
    const counts: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, interrupted: 0 };
    for (const job of this.jobs.values()) counts[job.record.state]++;
    return counts;
  }

  /** Queues a checked request once its record is on disk; 429 when the queue is full, 503 while shutting down. */
  async submit(request: JobRequest): Promise<JobRecord> {
    if (this.closing) throw new HttpError(503, 'the server is shutting down', { 'Retry-After': '10' });
    if (this.queue.length >= this.maxQueue) {
      throw new HttpError(429, `${this.running} jobs are training and ${this.queue.length} waiting, the most this server takes (${this.maxJobs} + ${this.maxQueue}); try again later`, { 'Retry-After': '30' });
    }
    const record: JobRecord = {
      id: randomUUID(),
      name: request.name,
      state: 'queued',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      epoch: 0,
      epochs: request.epochs ?? 200,
      loss: null,
      valLoss: null,
      options: jobOptions(request),
      rows: null,
      stoppedBy: null,
      error: null,
      losses: [],
    };
    const job = this.wrap(record);
    job.request = request;
    this.jobs.set(record.id, job);
    this.queue.push(job); // counted at once, so that concurrent submissions cannot overfill the queue
    await this.options.files.save(record);
    this.pump();
    return record;
  }

  /** Cancels a queued or running job; 409 when it has finished already. */
  cancel(id: string): JobRecord {
    const job = this.job(id);
    if (FINISHED.has(job.record.state)) throw new HttpError(409, `job ${id} has finished already (${job.record.state})`);
    this.stop(job, { state: 'cancelled', reason: 'cancelled by a client' });
    return job.record;
  }

  /** Adds a listener for a job's events; returns the function that removes it. */
  subscribe(id: string, listener: JobListener): () => void {
    const job = this.job(id);
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Refuses new jobs, interrupts queued and running ones, and waits for their workers to stop. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const pending = [...this.jobs.values()].filter((job) => !FINISHED.has(job.record.state));
    for (const job of pending) this.stop(job, { state: 'interrupted', reason: 'the server shut down' });
    await Promise.all(pending.map((job) => job.done));
    await this.options.files.flush();
  }

  private job(id: string): Job {
    const job = this.jobs.get(id);
    if (job === undefined) throw new HttpError(404, `job ${show(id)} not found`);
    return job;
  }

  private wrap(record: JobRecord): Job {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    if (FINISHED.has(record.state)) finish();
    return { record, listeners: new Set(), done, finish };
  }

  private stop(job: Job, how: NonNullable<Job['stopAs']>): void {
    if (job.record.state === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.end(job, how.state, how.reason);
      return;
    }
    if (job.finishing) return; // the model is being stored; the job ends as soon as it is
    job.stopAs ??= how;
    Atomics.store(job.abort!, 0, 1); // the training loop stops at its next batch
    const worker = job.worker!;
    const timer = setTimeout(() => void worker.terminate(), this.options.stopGraceMs ?? 5000);
    timer.unref();
    void job.done.then(() => clearTimeout(timer));
  }

  private pump(): void {
    while (this.running < this.maxJobs && this.queue.length > 0 && !this.closing) this.start(this.queue.shift()!);
  }

  private start(job: Job): void {
    this.running++;
    const abort = new Int32Array(new SharedArrayBuffer(4));
    const input: WorkerInput = { request: job.request!, abort };
    job.request = undefined; // the data is the worker's now
    job.abort = abort;
    job.worker = new Worker(this.options.workerFile, { workerData: input, stdout: false, stderr: false });
    Object.assign(job.record, { state: 'running', startedAt: new Date().toISOString() });
    void this.options.files.save(job.record);
    this.emit(job, { type: 'state', record: job.record });
    let settled = false;
    const settle = (state: JobState, error: string | null) => {
      if (settled) return;
      settled = true;
      this.running--;
      const stopAs = job.stopAs;
      this.end(job, stopAs?.state ?? state, stopAs?.reason ?? error);
      this.pump();
    };
    job.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'epoch') {
        const { info } = message;
        Object.assign(job.record, { epoch: info.epoch, epochs: info.epochs, loss: info.loss, valLoss: info.valLoss ?? null });
        job.record.losses.push(info);
        this.emit(job, { type: 'epoch', info });
        return;
      }
      job.finishing = true;
      if (message.type === 'failed') {
        settle('failed', message.error);
      } else if (job.stopAs !== undefined) {
        settle('cancelled', null); // stopped early on request: nothing is stored
      } else {
        Object.assign(job.record, { rows: message.rows, stoppedBy: message.stoppedBy });
        this.storeResult(job, message.bytes).then(
          () => settle('succeeded', null),
          (error: unknown) => settle('failed', `the trained model could not be stored: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    });
    job.worker.on('error', (error) => {
      if (!job.finishing) settle('failed', `the training worker failed: ${error.message}`);
    });
    job.worker.on('exit', (code) => {
      if (!job.finishing) settle('failed', `the training worker exited (code ${code}) before finishing`);
    });
  }

  private async storeResult(job: Job, bytes: Uint8Array): Promise<void> {
    const model = readModel(bytes, { source: `job ${job.record.id}` });
    await this.options.store.put(job.record.name, model, bytes);
  }

  private end(job: Job, state: JobState, error: string | null): void {
    Object.assign(job.record, { state, error, finishedAt: new Date().toISOString() });
    job.worker = undefined;
    job.abort = undefined;
    this.options.files.save(job.record).then(job.finish, job.finish);
    this.emit(job, { type: 'result', record: job.record });
    job.listeners.clear();
    void job.done.then(() => this.prune());
  }

  private emit(job: Job, event: JobEvent): void {
    for (const listener of job.listeners) listener(event);
  }
}
