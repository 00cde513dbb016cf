/**
 * The PostgreSQL job queue (JobService): pg-boss 10 queues the jobs, with its own retries; the
 * records, events and data are in bpnn_jobs, bpnn_job_events and bpnn_job_payloads
 * (records.ts). A job is inserted, with its record and data, in one transaction. Processes
 * started as workers (the default) each run up to `maxJobs` pg-boss workers, one attempt at a
 * time (runner.ts). A process that dies mid-job is noticed by the others' heartbeats
 * (liveness.ts): its job goes back to the queue, up to `maxAttempts` attempts, then fails.
 * Cancelling sets a flag and notifies bpnn_job_cancel, which the process running the job hears
 * (and checks at each heartbeat too). Any process follows any job's events (followers.ts).
 */
import PgBoss from 'pg-boss';
import { HttpError } from '../http/http-error.js';
import type { JobPayload, JobSpec } from '../jobs/job-body.js';
import { FINISHED, newJobRecord, type JobListener, type JobRecord, type JobState } from '../jobs/job-record.js';
import type { JobService, JobStats } from '../jobs/job-service.js';
import type { ModelStore } from '../store/model-store.js';
import { LOCK_WAIT_MS, takeAdvisoryLock } from '../pg/advisory-lock.js';
import { describeConnectError } from '../pg/connect-timeout.js';
import { connectionOptions } from '../pg/query-timeout.js';
import type { Database } from '../pg/database.js';
import type { Notifications } from '../pg/notifications.js';
import { Followers } from './followers.js';
import { Liveness } from './liveness.js';
import { recoverOrphan } from './recovery.js';
import { JobRecords } from './records.js';
import { runAttempt, type Attempt } from './runner.js';

export const QUEUE = 'bpnn-training';
/** pg_advisory_lock key while pg-boss starts: "bpnb". */
const START_LOCK = 0x62706e62;

export interface PostgresJobsOptions {
  db: Database;
  notifications: Notifications;
  store: ModelStore;
  workerFile: string;
  /** Whether this process trains jobs (bpnn-server --no-worker: it only takes and shows them). */
  worker?: boolean;
  maxJobs?: number;
  maxQueue?: number;
  maxQueueBytes?: number;
  keepJobs?: number;
  /** Attempts at a job whose process died or shut down, default 3. */
  maxAttempts?: number;
  heartbeatMs?: number;
  /** A process silent this long is dead, default 10 s. */
  staleMs?: number;
  stopGraceMs?: number;
  /** How long load() waits for another process's start of pg-boss, default a minute. */
  lockWaitMs?: number;
  log?: (line: string) => void;
}

export class PostgresJobs implements JobService {
  private readonly records: JobRecords;
  private readonly boss: PgBoss;
  private readonly followers: Followers;
  private readonly liveness: Liveness;
  private readonly attempts = new Map<string, Attempt>();
  private readonly log: (line: string) => void;
  private readonly unlisten: Array<() => void> = [];
  private closing = false;
  private cancelCheck?: NodeJS.Timeout;
  readonly maxJobs: number;
  readonly maxQueue: number;
  readonly maxQueueBytes: number;
  readonly maxAttempts: number;

  constructor(private readonly options: PostgresJobsOptions) {
    this.log = options.log ?? (() => {});
    this.maxJobs = options.maxJobs ?? 1;
    this.maxQueue = options.maxQueue ?? 16;
    this.maxQueueBytes = options.maxQueueBytes ?? 64 * 1024 * 1024;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.records = new JobRecords(options.db);
    const connection = connectionOptions(options.db.url);
    const timeoutMs = connection.connectionTimeoutMillis;
    // pg-boss hands its options to node-postgres's pool: the connect timeout, keepalive, the bound
    // on a query's answer and its client (query-timeout.ts) too, which its types do not list.
    const boss: PgBoss.ConstructorOptions & typeof connection = { ...connection, max: 4, schedule: false, supervise: true, migrate: true };
    this.boss = new PgBoss(boss);
    this.boss.on('error', (error) => this.log(`bpnn-server: pg-boss: ${(describeConnectError(error, options.db.url, timeoutMs) as Error).message}`));
    this.followers = new Followers(this.records, options.notifications, 1000, this.log);
    this.liveness = new Liveness(options.db, (orphan) => recoverOrphan(orphan, { db: options.db, records: this.records, boss: this.boss, queue: QUEUE, maxAttempts: this.maxAttempts, log: this.log }), { heartbeatMs: options.heartbeatMs ?? 1000, staleMs: options.staleMs ?? 10_000, log: this.log });
  }

  /** This process's id in bpnn_workers and in the records it runs. */
  get me(): string {
    return this.liveness.id;
  }

  async load(): Promise<void> {
    // pg-boss installs and migrates its schema at start; processes starting together deadlock
    // doing that at once, so they take turns under a session advisory lock.
    const client = await this.options.db.connect();
    try {
      await takeAdvisoryLock(client, START_LOCK, { what: "pg-boss's start (its schema)", scope: 'session', waitMs: this.options.lockWaitMs ?? LOCK_WAIT_MS, log: this.log });
      await this.boss.start();
      if ((await this.boss.getQueue(QUEUE)) === null) await this.boss.createQueue(QUEUE, { name: QUEUE, retryLimit: this.maxAttempts - 1, retryDelay: 0, expireInHours: 23 });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [START_LOCK]).catch(() => {});
      client.release();
    }
    this.unlisten.push(this.options.notifications.on('bpnn_job_cancel', (id) => this.attempts.get(id)?.stop('cancelled')));
    await this.liveness.start();
    // The fallback for a cancel notification missed (the LISTEN connection was down): the flag.
    this.cancelCheck = setInterval(() => void this.checkCancels(), this.options.heartbeatMs ?? 1000);
    this.cancelCheck.unref();
    if (this.options.worker ?? true) {
      for (let i = 0; i < this.maxJobs; i++) {
        await this.boss.work<{ id: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => this.attempt(job.data.id));
      }
    }
  }

  async submit(spec: JobSpec, payload: JobPayload, dataBytes: number): Promise<JobRecord> {
    if (this.closing) throw new HttpError(503, 'the server is shutting down', { 'Retry-After': '10' });
    const { queued, queuedBytes } = await this.records.stats();
    if (queued >= this.maxQueue + this.maxJobs) {
      throw new HttpError(429, `${queued} jobs are waiting, the most this queue takes (${this.maxQueue} + ${this.maxJobs}); try again later`, { 'Retry-After': '30' });
    }
    if (queuedBytes > 0 && queuedBytes + dataBytes > this.maxQueueBytes) {
      throw new HttpError(429, `the jobs waiting hold ${queuedBytes} bytes of data; with this one's ${dataBytes} that is more than the ${this.maxQueueBytes} this queue takes; try again later`, { 'Retry-After': '30' });
    }
    const record = newJobRecord(spec);
    const body = 'body' in payload ? payload.body : new TextEncoder().encode(JSON.stringify(payload.request));
    await this.options.db.transaction(async (client) => {
      await this.records.create(client, record, body);
      const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
      await this.boss.send(QUEUE, { id: record.id }, { id: record.id, db });
    });
    return record;
  }

  list(): Promise<JobRecord[]> {
    return this.records.list();
  }

  get(id: string): Promise<JobRecord> {
    return this.records.get(id);
  }

  summary(id: string): Promise<JobRecord> {
    return this.records.summary(id);
  }

  async cancel(id: string): Promise<JobRecord> {
    const record = await this.records.get(id);
    if (FINISHED.has(record.state)) throw new HttpError(409, `job ${id} has finished already (${record.state})`);
    await this.options.db.pool.query('UPDATE bpnn_jobs SET cancel_requested = true WHERE id = $1', [id]);
    const cancelled = await this.records.move(id, ['queued'], { state: 'cancelled', finishedAt: new Date().toISOString(), error: 'cancelled by a client' });
    if (cancelled !== undefined) {
      await this.boss.cancel(QUEUE, id).catch(() => {}); // a worker that fetches it anyway cannot claim it
      return cancelled;
    }
    await this.options.db.pool.query("SELECT pg_notify('bpnn_job_cancel', $1)", [id]);
    return this.records.get(id);
  }

  follow(id: string, after: number, listener: JobListener): Promise<() => void> {
    return this.followers.follow(id, after, listener);
  }

  countByState(): Promise<Record<JobState, number>> {
    return this.records.countByState();
  }

  async stats(): Promise<JobStats> {
    const { queued, retries } = await this.records.stats();
    return { queued, retries };
  }

  /** Stops taking jobs, puts this process's running jobs back in the queue for another, and disconnects. */
  async shutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.cancelCheck);
    await this.boss.offWork(QUEUE).catch(() => {});
    for (const attempt of this.attempts.values()) attempt.stop('requeue');
    await Promise.all([...this.attempts.values()].map((attempt) => attempt.done.catch(() => {})));
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => {});
    for (const stop of this.unlisten) stop();
    this.followers.close();
    await this.liveness.stop();
  }

  private async checkCancels(): Promise<void> {
    if (this.attempts.size === 0) return;
    const rows = await this.options.db.pool.query<{ id: string }>('SELECT id FROM bpnn_jobs WHERE id = ANY($1) AND cancel_requested', [[...this.attempts.keys()]]).catch(() => ({ rows: [] }));
    for (const { id } of rows.rows) this.attempts.get(id)?.stop('cancelled');
  }

  /** pg-boss's handler: one attempt; throwing hands the job back to pg-boss for a retry. */
  private async attempt(id: string): Promise<void> {
    if (this.closing) throw new Error('the server is shutting down');
    const attempt = runAttempt(id, { records: this.records, store: this.options.store, workerFile: this.options.workerFile, me: this.me, stopGraceMs: this.options.stopGraceMs ?? 5000, log: this.log });
    this.attempts.set(id, attempt);
    try {
      const cancelled = await this.options.db.pool.query('SELECT 1 FROM bpnn_jobs WHERE id = $1 AND cancel_requested', [id]);
      if (cancelled.rowCount !== 0) attempt.stop('cancelled');
      const how = await attempt.done;
      if (how === 'requeued') {
        const last = await this.records.move(id, ['queued'], { state: 'interrupted', finishedAt: new Date().toISOString(), error: `the server shut down during the job, ${this.maxAttempts} times (the most attempts)` }, { where: 'attempts >= $5', params: [this.maxAttempts] });
        if (last === undefined) throw new Error('the server shut down during the job; another worker takes it');
      }
      if (how === 'finished') await this.records.prune(this.options.keepJobs ?? 1000);
    } finally {
      this.attempts.delete(id);
    }
  }
}
