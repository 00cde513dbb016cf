/**
 * Training jobs: a bounded queue in front of at most `maxJobs` worker threads (job-worker.ts).
 * Training never runs on the event loop, so predictions stay fast while a job trains. Each job's
 * record moves through queued → running → succeeded | failed | cancelled | interrupted; listeners
 * (the SSE route) hear every epoch, snapshots of a small network (job-snapshot.ts) and the result.
 *
 * What it holds, and for how long: a job's data set only while it waits (the worker owns it
 * once it starts; a job cancelled in the queue drops it at once), and the queue is bounded by
 * count and by bytes of data. Finished records are kept up to `keepJobs` records and
 * `keepJobBytes` bytes, oldest deleted first (job-retention.ts).
 *
 * What it writes: a new job's record before `submit` resolves (so a 202 means it is on disk), every
 * change of state, and a running job's progress at most once a second, so that after a crash its
 * record shows the epochs it ran.
 */
import { show } from '@bpnn/core';
import type { EpochInfo } from '@bpnn/core';
import { HttpError } from '../http/http-error.js';
import type { JobPayload, JobSpec } from './job-body.js';
import { JobQueue } from './job-queue.js';
import type { JobService, JobStats } from './job-service.js';
import { DEFAULT_KEEP_JOB_BYTES, DEFAULT_KEEP_JOBS, DEFAULT_MAX_QUEUE_BYTES, type JobManagerOptions } from './job-manager-options.js';
import { epochsAfter, FINISHED, newJobRecord, type JobEvent, type JobListener, type JobRecord, type JobState } from './job-record.js';
import { expiredRecords } from './job-retention.js';
import type { JobSnapshot } from './job-snapshot.js';
import { startTrainingWorker, type TrainedModel, type TrainingWorker, type WorkerOutcome } from './job-worker.js';

/** A running job's record is saved at most this often (besides every change of state). */
export const PROGRESS_SAVE_MS = 1000;

interface Job {
  record: JobRecord;
  /** The request with its data (or its JSON text), while the job waits. */
  payload?: JobPayload;
  /** Bytes of the request's data, counted against maxQueueBytes while it waits. */
  dataBytes: number;
  /** Bytes of the finished record's JSON. */
  size: number;
  worker?: TrainingWorker;
  /** The latest snapshot of a running job's network (job-snapshot.ts), kept in memory only. */
  snapshot?: JobSnapshot;
  savedAt: number;
  /** The state to end in once the worker has stopped (cancelled by a client, interrupted by shutdown). */
  stopAs?: { state: 'cancelled' | 'interrupted'; reason: string };
  /** Set once the worker has posted its result: the job ends as the result says. */
  finishing?: boolean;
  listeners: Set<JobListener>;
  done: Promise<void>;
  finish: () => void;
}

export class JobManager implements JobService {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: JobQueue<Job>;
  private running = 0;
  private closing = false;
  readonly maxJobs: number;
  readonly maxQueue: number;
  readonly maxQueueBytes: number;
  readonly keepJobs: number;
  readonly keepJobBytes: number;

  constructor(private readonly options: JobManagerOptions) {
    this.maxJobs = options.maxJobs ?? 1;
    this.maxQueue = options.maxQueue ?? 16;
    this.maxQueueBytes = options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES;
    this.keepJobs = options.keepJobs ?? DEFAULT_KEEP_JOBS;
    this.keepJobBytes = options.keepJobBytes ?? DEFAULT_KEEP_JOB_BYTES;
    this.queue = new JobQueue(this.maxJobs, this.maxQueue, this.maxQueueBytes);
  }

  /** Reads the records of earlier runs (unfinished ones become interrupted). */
  async load(): Promise<void> {
    for (const record of await this.options.files.load()) this.jobs.set(record.id, this.wrap(record));
    await this.prune();
  }

  /** Deletes the oldest finished records beyond keepJobs and keepJobBytes, from memory and from disk. */
  private async prune(): Promise<void> {
    const finished = [...this.jobs.values()].filter((job) => FINISHED.has(job.record.state));
    const removed = expiredRecords(finished, this.keepJobs, this.keepJobBytes);
    for (const job of removed) this.jobs.delete(job.record.id);
    await Promise.all(removed.map((job) => this.options.files.remove(job.record.id)));
  }

  list(): JobRecord[] {
    return [...this.jobs.values()].map((job) => job.record);
  }

  get(id: string): JobRecord {
    return this.job(id).record;
  }

  summary(id: string): JobRecord {
    return { ...this.job(id).record, losses: [] };
  }

  countByState(): Record<JobState, number> {
    const counts: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, interrupted: 0 };
    for (const job of this.jobs.values()) counts[job.record.state]++;
    return counts;
  }

  /**
   * Queues a checked job (its options, and its data as `payload`, `dataBytes` long), and resolves
   * once its record is on disk; 429 when the queue is full (by count or bytes), 503 while shutting
   * down; rejects with the file system's error (ENOSPC: a 507) when the record cannot be written,
   * and then forgets the job.
   */
  async submit(spec: JobSpec, payload: JobPayload, dataBytes: number): Promise<JobRecord> {
    if (this.closing) throw new HttpError(503, 'the server is shutting down', { 'Retry-After': '10' });
    this.queue.checkRoom(this.running, dataBytes);
    const record = newJobRecord(spec);
    const job = this.wrap(record);
    Object.assign(job, { payload, dataBytes });
    this.jobs.set(record.id, job);
    this.queue.push(job); // counted at once, so that concurrent submissions cannot overfill the queue
    try {
      await this.options.files.create(record);
    } catch (error) {
      if (this.queue.remove(job)) this.jobs.delete(record.id); // never accepted: nothing to report or keep
      throw error;
    }
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

  /** The record now, the epochs after `after`, the latest snapshot, then live events to the result (JobService.follow). */
  follow(id: string, after: number, listener: JobListener): () => void {
    const job = this.job(id);
    listener({ type: 'state', record: job.record });
    const epochs = epochsAfter(job.record.losses, after);
    if (epochs !== undefined) listener(epochs);
    if (FINISHED.has(job.record.state)) {
      listener({ type: 'result', record: job.record });
      return () => {};
    }
    if (job.snapshot !== undefined) listener({ type: 'snapshot', snapshot: job.snapshot });
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  stats(): JobStats {
    return { queued: this.queue.length, retries: 0 }; // a job here runs once: no retries
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
    return { record, dataBytes: 0, size: JSON.stringify(record).length, savedAt: 0, listeners: new Set(), done, finish };
  }

  private stop(job: Job, how: NonNullable<Job['stopAs']>): void {
    if (this.queue.remove(job)) {
      this.end(job, how.state, how.reason);
      return;
    }
    if (job.finishing || job.worker === undefined) return; // the model is being stored; the job ends as soon as it is
    job.stopAs ??= how;
    job.worker.stop(this.options.stopGraceMs ?? 5000);
  }

  private pump(): void {
    while (this.running < this.maxJobs && this.queue.length > 0 && !this.closing) this.start(this.queue.first()!);
  }

  private start(job: Job): void {
    this.queue.remove(job);
    this.running++;
    const payload = job.payload!;
    job.payload = undefined; // the data is the worker's now
    job.worker = startTrainingWorker(this.options.workerFile, payload, {
      rows: (rows) => this.rowsRead(job, rows),
      epoch: (info) => this.progress(job, info),
      snapshot: (snapshot) => this.snapshot(job, snapshot),
      outcome: (outcome) => this.outcome(job, outcome),
    });
    Object.assign(job.record, { state: 'running', startedAt: new Date().toISOString() });
    job.savedAt = Date.now();
    void this.options.files.save(job.record);
    this.emit(job, { type: 'state', record: job.record });
  }

  /** The worker has read the data: the record has its rows from now on, not only at the end. */
  private rowsRead(job: Job, rows: number): void {
    if (job.finishing) return;
    job.record.rows = rows;
    this.emit(job, { type: 'state', record: job.record });
  }

  private progress(job: Job, info: EpochInfo): void {
    if (job.finishing) return;
    Object.assign(job.record, { epoch: info.epoch, epochs: info.epochs, loss: info.loss, valLoss: info.valLoss ?? null });
    job.record.losses.push(info);
    this.emit(job, { type: 'epoch', info });
    if (Date.now() - job.savedAt >= PROGRESS_SAVE_MS) {
      job.savedAt = Date.now();
      void this.options.files.save(job.record);
    }
  }

  private snapshot(job: Job, snapshot: JobSnapshot): void {
    if (job.finishing || job.stopAs !== undefined) return;
    job.snapshot = snapshot;
    this.emit(job, { type: 'snapshot', snapshot });
  }

  private outcome(job: Job, outcome: WorkerOutcome): void {
    job.finishing = true;
    const settle = (state: JobState, error: string | null) => {
      this.running--;
      this.end(job, job.stopAs?.state ?? state, job.stopAs?.reason ?? error);
      this.pump();
    };
    if (outcome.type === 'failed') {
      settle('failed', outcome.error);
    } else if (job.stopAs !== undefined) {
      settle('cancelled', null); // stopped early on request: nothing is stored
    } else {
      Object.assign(job.record, { rows: outcome.rows, stoppedBy: outcome.stoppedBy });
      this.storeResult(job, outcome.trained).then(
        () => settle('succeeded', null),
        (error: unknown) => settle('failed', `the trained model could not be stored: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }

  /** Stores the trained model as the worker sent it: nothing is parsed or hashed on the event loop (job-worker.ts). */
  private async storeResult(job: Job, { model, bytes, sha256 }: TrainedModel): Promise<void> {
    await this.options.store.put(job.record.name, model, bytes, sha256);
  }

  private end(job: Job, state: JobState, error: string | null): void {
    Object.assign(job.record, { state, error, finishedAt: new Date().toISOString() });
    job.worker = undefined;
    job.payload = undefined; // a job cancelled while it waited keeps no data
    job.snapshot = undefined; // an ended job's model, if any, is stored
    job.size = JSON.stringify(job.record).length;
    this.options.files.save(job.record).then(job.finish, job.finish);
    this.emit(job, { type: 'result', record: job.record });
    job.listeners.clear();
    void job.done.then(() => this.prune());
  }

  private emit(job: Job, event: JobEvent): void {
    for (const listener of job.listeners) listener(event);
  }
}
