/**
 * `bpnn-server --processes N`: the primary process of a node:cluster. It forks N workers that
 * each run the whole server on the same port (the operating system's connections are shared
 * among them), prints one listening line once they all listen, starts a new worker when one dies,
 * and on SIGTERM or SIGINT stops them all and exits 0.
 *
 * With PostgreSQL the workers share models and jobs through the database, and the primary holds
 * nothing. With folders, the workers read and write the models folder (each rescans it for the
 * others' writes), and the primary owns the jobs: one JobManager, one writer of the jobs folder,
 * one set of training threads, which the workers call (cluster/jobs-host.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import type { ServerConfig } from '../config.js';
import { JobFiles } from '../jobs/job-files.js';
import { JobManager } from '../jobs/jobs.js';
import { FolderStore } from '../store/folder.js';
import { ClusterJobsHost } from './jobs-host.js';
import type { ToPrimary } from './messages.js';

/** A worker that dies is replaced after this long (not at once: a crash loop would spin). */
const RESTART_DELAY_MS = 500;

export async function runPrimary(config: ServerConfig, options: { workerFile: string; log: (line: string) => void; out: (line: string) => void }): Promise<void> {
  const { log } = options;
  // The workers accept connections from the shared socket themselves (SCHED_NONE), rather than
  // the primary handing each one over (round-robin): no hop through the primary, and a connection
  // that arrives as a worker dies waits for another instead of being handed to the dead one.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ serialization: 'advanced' });
  let jobs: JobManager | undefined;
  let store: FolderStore | undefined;
  let host: ClusterJobsHost | undefined;
  if (config.databaseUrl === undefined) {
    store = new FolderStore(config.modelsDir, log, { shared: true });
    jobs = new JobManager({ store, files: new JobFiles(config.jobsDir, log), workerFile: options.workerFile, maxJobs: config.maxJobs, maxQueue: config.maxQueue, maxQueueBytes: config.maxQueueBytes, keepJobs: config.keepJobs, keepJobBytes: config.keepJobBytes, log });
    await jobs.load();
    await store.load();
    host = new ClusterJobsHost(jobs);
  }

  let stopping = false;
  const listening = new Map<number, string>();
  let allListening!: (url: string) => void;
  let failed!: (error: Error) => void;
  const ready = new Promise<string>((resolve, reject) => ((allListening = resolve), (failed = reject)));
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: ToPrimary) => {
      if (message?.t === 'listening') {
        listening.set(worker.id, message.url);
        if (listening.size === config.processes) allListening(message.url);
      } else if (message !== null && typeof message === 'object') host?.handle(worker, message);
    });
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    host?.forget(worker);
    const wasListening = listening.delete(worker.id);
    if (stopping) return;
    if (!wasListening && listening.size < config.processes) {
      failed(new Error(`a server process exited (${signal ?? `code ${code}`}) before it listened`));
      return;
    }
    log(`bpnn-server: process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS).unref();
  });
  for (let i = 0; i < config.processes; i++) fork();

  const stop = async (code: number) => {
    stopping = true;
    await jobs?.shutdown(); // interrupts the jobs: the workers' event streams get their results
    const exits = Object.values(cluster.workers ?? {}).map((worker) => new Promise<void>((resolve) => {
      if (worker === undefined || worker.isDead()) return resolve();
      worker.once('exit', () => resolve());
      worker.process.kill('SIGTERM');
    }));
    const late = setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, config.shutdownTimeoutMs + 5000);
    await Promise.all(exits);
    clearTimeout(late);
    await store?.close();
    process.exit(code);
  };
  let url: string;
  try {
    url = await ready;
  } catch (error) {
    log(`bpnn-server: cannot start on ${config.host}:${config.port}: ${(error as Error).message}`);
    return stop(1);
  }
  options.out(`bpnn-server listening on ${url} (${config.processes} processes, models in ${config.databaseUrl === undefined ? config.modelsDir : 'PostgreSQL'})`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log(`bpnn-server: ${signal}, shutting down ${config.processes} processes`);
      void stop(0);
    });
  }
}
