/**
 * Where a server keeps its models and jobs: folders and the in-process queue by default, or, with
 * a database URL, PostgreSQL for both (the model store, and pg-boss for the queue), so that several
 * processes on several machines share them. Opening the database runs its migrations and starts
 * listening for other processes' changes; a database that cannot be reached is an error that says
 * so (the server does not start half-connected). Under `--processes N` with folders, the jobs are
 * the primary's (cluster/primary.ts).
 */
import { ClusterJobsClient } from './cluster/jobs-client.js';
import type { ServerConfig } from './config.js';
import { JobFiles } from './jobs/job-files.js';
import type { JobService } from './jobs/job-service.js';
import { JobManager } from './jobs/jobs.js';
import type { ModelReader } from './store/model-reader.js';
import type { ModelStore } from './store/model-store.js';
import { openDatabase, type Database } from './pg/database.js';
import { migrate } from './pg/migrations.js';
import { Notifications } from './pg/notifications.js';
import { PostgresJobs } from './queue/postgres.js';
import { FolderStore } from './store/folder.js';
import { PostgresStore } from './store/postgres.js';

export interface Backends {
  store: ModelStore;
  jobs: JobService;
  /** With PostgreSQL: whether the database answers and the queue's LISTEN connection is up. */
  checks?: () => Promise<{ database: boolean; queue: boolean }>;
  /** Closes the connections (after jobs.shutdown()). */
  close(): Promise<void>;
}

/** What /readyz asks of PostgreSQL: whether a query answers, and whether the LISTEN connection is up. */
export const readiness = (db: Database, notifications: Notifications) => async () => ({ database: await db.ping(), queue: notifications.connected });

/**
 * `clusterWorker`: this process is one of `--processes N`; with folders it rescans the models
 * folder for the others' writes and asks the primary for everything about jobs. `read`: how the
 * store reads the model files it did not write (model-reader.ts; the server's reads large ones
 * in its request pool).
 */
export async function openBackends(config: ServerConfig, workerFile: string, log: (line: string) => void, clusterWorker = false, read?: ModelReader): Promise<Backends> {
  const limits = { workerFile, maxJobs: config.maxJobs, maxQueue: config.maxQueue, maxQueueBytes: config.maxQueueBytes, keepJobs: config.keepJobs, log };
  if (config.databaseUrl === undefined && clusterWorker) {
    const store = new FolderStore(config.modelsDir, log, { shared: true, read });
    return { store, jobs: new ClusterJobsClient(), close: () => store.close() };
  }
  if (config.databaseUrl === undefined) {
    const store = new FolderStore(config.modelsDir, log, { read });
    const jobs = new JobManager({ ...limits, store, files: new JobFiles(config.jobsDir, log), keepJobBytes: config.keepJobBytes });
    return { store, jobs, close: () => store.close() };
  }
  const db = openDatabase(config.databaseUrl, log);
  const notifications = new Notifications(config.databaseUrl, log);
  try {
    await migrate(db, { log });
    await notifications.start();
  } catch (error) {
    await notifications.close();
    await db.close();
    throw new Error(`cannot use the database ${db.shownUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const store = new PostgresStore(db, notifications, { log, read });
  const jobs = new PostgresJobs({ ...limits, db, notifications, store, worker: config.worker, staleMs: config.workerTimeoutMs, heartbeatMs: Math.min(1000, config.workerTimeoutMs / 4) });
  return {
    store,
    jobs,
    checks: readiness(db, notifications),
    async close() {
      await store.close();
      await notifications.close();
      await db.close();
    },
  };
}
