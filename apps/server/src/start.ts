/**
 * Starting and stopping a whole server: the model store, the job manager and the app, listening
 * on HOST:PORT. `close()` is the graceful shutdown that SIGTERM runs: stop accepting connections,
 * answer every request from then on with Connection: close (new ones with 503), interrupt
 * training jobs (their records say so), let in-flight requests finish (up to a time limit), then
 * close what is left.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { answerClientError } from './http/client-errors.js';
import { isLoopback } from './http/host-check.js';
import { readInPool } from './store/model-reader.js';
import { RequestPool } from './request-pool.js';
import { type Lifecycle } from './http/shutdown-gate.js';
import type { ServerConfig } from './config.js';
import { openBackends } from './backends.js';
import type { JobService } from './jobs/job-service.js';
import type { ModelStore } from './store/model-store.js';

/** How long idle keep-alive connections stay open after SIGTERM, for requests already on their way. */
export const IDLE_GRACE_MS = 1000;

export interface RunningServer {
  server: Server;
  store: ModelStore;
  jobs: JobService;
  /** http://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  version?: string;
  log?: (line: string) => void;
  /** The bundled training worker; default train-worker.js beside this file (or in ../dist). */
  workerFile?: string;
  /** The bundled prediction worker; default predict-worker.js beside this file (or in ../dist). */
  poolWorkerFile?: string;
  /** This process is one of `bpnn-server --processes N` (cluster/primary.ts). */
  clusterWorker?: boolean;
}

export function defaultWorkerFile(): string {
  const beside = fileURLToPath(new URL('./train-worker.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../dist/train-worker.js', import.meta.url));
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The pool's threads start with its first task; the store reads large model files there.
  const pool = new RequestPool({ workerFile: options.poolWorkerFile, threads: config.poolThreads, queue: config.poolQueue });
  const { store, jobs, checks, close: closeBackends } = await openBackends(config, options.workerFile ?? defaultWorkerFile(), log, options.clusterWorker, readInPool(pool));
  const lifecycle: Lifecycle = { closing: false };
  const app = createApp({
    store,
    jobs,
    token: config.token,
    readToken: config.readToken,
    allowedHosts: config.allowedHosts,
    lifecycle,
    checks,
    pool,
    bodyLimit: config.bodyLimit,
    maxRows: config.maxRows,
    maxStreams: config.maxStreams,
    streamTimeoutMs: config.streamTimeoutMs,
    version: options.version,
    log,
  });
  // A request without Host reaches the app, which answers it in JSON (host-check.ts); what Node's
  // parser refuses is answered in JSON too (client-errors.ts).
  const server = createServer({ requireHostHeader: false }, app);
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  server.on('clientError', answerClientError(server));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(config.port, config.host);
  });
  const address = server.address() as AddressInfo;
  if (!isLoopback(config.host) && (config.token === undefined || config.token === '')) {
    log(`bpnn-server: warning: listening on ${config.host}, beyond loopback, without --token: anyone who reaches the port can change models and start jobs`);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Listening first, so that /healthz and /readyz (503 until loaded) answer while models load.
  await jobs.load();
  const { loaded, skipped } = await store.load();
  log(`bpnn-server: ${loaded} model${loaded === 1 ? '' : 's'} loaded from ${store.where}${skipped.length > 0 ? `, ${skipped.length} skipped` : ''}`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // From now on every response says Connection: close, and its connection ends after it.
      lifecycle.closing = true;
      // Stop listening, but leave the idle keep-alive connections open for a moment (http.Server's
      // close() would cut them at once): a request already on its way over one gets an answer
      // with Connection: close (503 if it is new) rather than a reset. Then close the idle ones.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      let sweep: NodeJS.Timeout | undefined;
      const grace = setTimeout(() => {
        server.closeIdleConnections();
        sweep = setInterval(() => server.closeIdleConnections(), 100);
      }, Math.min(IDLE_GRACE_MS, config.shutdownTimeoutMs));
      await jobs.shutdown(); // ends their event streams too
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      await pool.close();
      await closeBackends();
      clearTimeout(timer);
      clearTimeout(grace);
      clearInterval(sweep);
    })());
  return { server, store, jobs, url: `http://${host}:${address.port}`, port: address.port, close };
}
