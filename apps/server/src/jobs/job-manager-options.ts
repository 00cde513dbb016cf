/**
 * How a JobManager is set up: the store its models go to, the files its records go to, the
 * training worker, and the limits on what it runs, queues and keeps (the server's --max-jobs,
 * --max-queue, --max-queue-bytes, --keep-jobs and --keep-job-bytes).
 */
import type { JobFiles } from './job-files.js';
import type { ModelStore } from '../store/model-store.js';

/** Finished job records kept by default, and the bytes they may take in memory. */
export const DEFAULT_KEEP_JOBS = 1000;
export const DEFAULT_KEEP_JOB_BYTES = 64 * 1024 * 1024;
/** Bytes of data sets waiting in the queue, by default. */
export const DEFAULT_MAX_QUEUE_BYTES = 64 * 1024 * 1024;

export interface JobManagerOptions {
  store: ModelStore;
  files: JobFiles;
  /** The bundled worker, dist/train-worker.js. */
  workerFile: string;
  /** Jobs training at once, default 1. */
  maxJobs?: number;
  /** Jobs waiting beyond those; more are refused with 429. Default 16. */
  maxQueue?: number;
  /** Bytes of data sets waiting; more are refused with 429. Default 64 MiB. */
  maxQueueBytes?: number;
  /** Finished job records kept; beyond that the oldest finished ones are deleted. Default 1000. */
  keepJobs?: number;
  /** Bytes (of JSON) of finished job records kept, default 64 MiB. */
  keepJobBytes?: number;
  /** How long a cancelled worker may take to stop before it is terminated, default 5000 ms. */
  stopGraceMs?: number;
  log?: (line: string) => void;
}

