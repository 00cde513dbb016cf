/**
 * What the routes ask of training jobs, behind one interface: the in-process queue by default
 * (jobs.ts, JobManager: worker threads of this process, records in a folder), or pg-boss on
 * PostgreSQL (queue/postgres.ts: any process's workers, records and events in the database).
 * Methods may answer at once or later; the routes await them either way.
 */
import type { JobPayload, JobSpec } from './job-body.js';
import type { JobListener, JobRecord, JobState } from './job-record.js';

type Awaitable<T> = T | Promise<T>;

export interface JobStats {
  /** Jobs waiting for a worker. */
  queued: number;
  /** Attempts beyond the first, since the queue began (a worker died or was stopped mid-job). */
  retries: number;
}

export interface JobService {
  /** Reads what earlier runs left (records, the queue's tables). */
  load(): Promise<void>;
  /** Queues a checked job; resolves once its record is durable (429 full, 503 shutting down). */
  submit(spec: JobSpec, payload: JobPayload, dataBytes: number): Promise<JobRecord>;
  /** Every record kept; their `losses` may be left empty (PostgreSQL, the processes of --processes N), as the routes list them without. */
  list(): Awaitable<JobRecord[]>;
  /** The record, or a 404. */
  get(id: string): Awaitable<JobRecord>;
  /** The record without its epochs (`losses` empty), or a 404: a job's state, without its history. */
  summary(id: string): Awaitable<JobRecord>;
  /** Cancels a queued or running job; 409 when it has finished already. */
  cancel(id: string): Awaitable<JobRecord>;
  /**
   * Follows a job: `listener` hears a `state` event with the record now, the epochs after `after`,
   * the latest snapshot of a running job's network when it has one (job-snapshot.ts), then live
   * events up to the `result`. The records of `state` and `result` events may come without their
   * `losses`, and the epochs in several `epochs` events. Returns the function that stops following.
   */
  follow(id: string, after: number, listener: JobListener): Awaitable<() => void>;
  countByState(): Awaitable<Record<JobState, number>>;
  stats(): Awaitable<JobStats>;
  /** Refuses new jobs and stops this process's training (how depends on the queue). */
  shutdown(): Promise<void>;
}
