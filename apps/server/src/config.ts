/**
 * The server's settings, from flags (which win) and environment variables. A bad value is an
 * error naming the flag or variable, the constraint and the value.
 *
 *   --port        PORT                    default 8080 (0 picks a free port)
 *   --host        HOST                    default 127.0.0.1 (loopback only)
 *   --models-dir  BPNN_MODELS_DIR         default ./models
 *   --jobs-dir    BPNN_JOBS_DIR           default <models-dir>/.jobs
 *   --max-jobs    BPNN_MAX_JOBS           jobs training at once, default 1
 *   --max-queue   BPNN_MAX_QUEUE          jobs waiting beyond those, default 16
 *   --max-queue-bytes BPNN_MAX_QUEUE_BYTES  bytes of data sets waiting, default 64mb
 *   --keep-jobs   BPNN_KEEP_JOBS          finished job records kept (oldest deleted first), default 1000
 *   --keep-job-bytes BPNN_KEEP_JOB_BYTES  bytes of finished job records kept in memory, default 64mb
 *   --token       BPNN_TOKEN              bearer token for requests that change state; default none (never empty)
 *   --read-token  BPNN_READ_TOKEN         bearer token (or --token) for reads too; default none: reads open
 *   --allowed-hosts BPNN_ALLOWED_HOSTS    Host header names taken, comma-separated or *; default the
 *                                         loopback names when --host is loopback, else any
 *   --body-limit  BPNN_BODY_LIMIT         largest request body: bytes, or 512kb, 10mb, 1gb; default 10mb
 *   --max-rows    BPNN_MAX_ROWS           rows per predict call, default 10000
 *   --pool-threads BPNN_POOL_THREADS      threads for large predictions and bodies, default cores − 1 (1 to 4)
 *   --pool-queue  BPNN_POOL_QUEUE         requests waiting for those threads (503 beyond), default 32
 *   --max-streams BPNN_MAX_STREAMS        event streams open at once (503 beyond), default 100
 *   --stream-timeout BPNN_STREAM_TIMEOUT  seconds an event stream's client may leave its output unread, default 30
 *   --shutdown-timeout BPNN_SHUTDOWN_TIMEOUT  seconds to wait for in-flight requests on SIGTERM, default 10
 *   --keep-alive-timeout BPNN_KEEP_ALIVE_TIMEOUT  seconds an idle connection stays open for its client's
 *                                         next request, default 72 (above a load balancer's 60)
 *   --database-url BPNN_DATABASE_URL      PostgreSQL for models and jobs, shared by processes; default none (folders);
 *                                         ?connect_timeout=N waits N seconds for a connection, default 5
 *                                         &query_timeout=N for a query's answer, default 30
 *   --worker / --no-worker BPNN_WORKER    whether this process trains jobs (1 or 0), default 1
 *   --worker-timeout BPNN_WORKER_TIMEOUT  seconds of silence after which a process is taken for dead and its
 *                                         job goes to another (PostgreSQL), default 10
 *   --processes   BPNN_PROCESSES          processes sharing the port (node:cluster), a number or auto; default 1
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_ROWS } from './app.js';
import { connectTimeoutMs } from './pg/connect-timeout.js';
import { queryTimeoutMs } from './pg/query-timeout.js';
import { DEFAULT_KEEP_JOB_BYTES, DEFAULT_KEEP_JOBS, DEFAULT_MAX_QUEUE_BYTES } from './jobs/job-manager-options.js';
import { allowedHosts } from './http/host-check.js';
import { DEFAULT_MAX_STREAMS, DEFAULT_STREAM_TIMEOUT_MS } from './http/sse.js';
import { DEFAULT_POOL_QUEUE, defaultPoolThreads } from './request-pool.js';
import { UsageError } from './usage-error.js';

export interface ServerConfig {
  port: number;
  host: string;
  modelsDir: string;
  jobsDir: string;
  maxJobs: number;
  maxQueue: number;
  maxQueueBytes: number;
  keepJobs: number;
  keepJobBytes: number;
  token?: string;
  readToken?: string;
  /** Host names (without port) the Host header may carry; undefined: any. */
  allowedHosts?: string[];
  bodyLimit: number;
  maxRows: number;
  poolThreads: number;
  poolQueue: number;
  /** Event streams open at once; more get 503. */
  maxStreams: number;
  /** How long an event stream's client may leave its output unread before it is dropped. */
  streamTimeoutMs: number;
  shutdownTimeoutMs: number;
  /**
   * How long an idle keep-alive connection stays open. Above the idle timeout of the load balancer
   * or proxy in front (60 s for AWS's ALB and Google's, 75 s for nginx's upstream keepalive): a server
   * that closes first races the proxy's next request on that connection, which the proxy then
   * answers 502. Node's own default is 5 s.
   */
  keepAliveTimeoutMs: number;
  /** PostgreSQL's URL: models and jobs in the database instead of folders. */
  databaseUrl?: string;
  /** Whether this process trains jobs. */
  worker: boolean;
  /** Silence after which another process takes over a process's job (PostgreSQL). */
  workerTimeoutMs: number;
  /** Processes serving the port (cluster.ts); 1: this one alone. */
  processes: number;
}

export { UsageError };

/** Seconds an idle connection stays open (ServerConfig.keepAliveTimeoutMs): Fastify's default, above common proxies' 60. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_S = 72;

export const USAGE = `usage: bpnn-server [--port N] [--host ADDRESS] [--models-dir DIR] [--jobs-dir DIR]
                   [--max-jobs N] [--max-queue N] [--max-queue-bytes SIZE] [--keep-jobs N]
                   [--keep-job-bytes SIZE] [--token TOKEN] [--read-token TOKEN] [--allowed-hosts NAMES]
                   [--body-limit SIZE] [--max-rows N] [--pool-threads N] [--pool-queue N]
                   [--max-streams N] [--stream-timeout SECONDS] [--shutdown-timeout SECONDS] [--keep-alive-timeout SECONDS] [--database-url URL] [--worker | --no-worker]
                   [--worker-timeout SECONDS] [--processes N|auto] [--help] [--version]
Each flag has an environment variable: PORT, HOST, BPNN_MODELS_DIR, BPNN_JOBS_DIR, BPNN_MAX_JOBS,
BPNN_MAX_QUEUE, BPNN_MAX_QUEUE_BYTES, BPNN_KEEP_JOBS, BPNN_KEEP_JOB_BYTES, BPNN_TOKEN and
BPNN_READ_TOKEN (prefer them to --token and --read-token, which other users can see),
BPNN_ALLOWED_HOSTS, BPNN_BODY_LIMIT, BPNN_MAX_ROWS, BPNN_POOL_THREADS, BPNN_POOL_QUEUE,
BPNN_MAX_STREAMS, BPNN_STREAM_TIMEOUT, BPNN_SHUTDOWN_TIMEOUT, BPNN_KEEP_ALIVE_TIMEOUT, BPNN_DATABASE_URL (prefer it to --database-url when it holds a password),
BPNN_WORKER (1 or 0), BPNN_WORKER_TIMEOUT, BPNN_PROCESSES.
`;

const FLAGS = {
  port: 'PORT',
  host: 'HOST',
  'models-dir': 'BPNN_MODELS_DIR',
  'jobs-dir': 'BPNN_JOBS_DIR',
  'max-jobs': 'BPNN_MAX_JOBS',
  'max-queue': 'BPNN_MAX_QUEUE',
  'max-queue-bytes': 'BPNN_MAX_QUEUE_BYTES',
  'keep-jobs': 'BPNN_KEEP_JOBS',
  'keep-job-bytes': 'BPNN_KEEP_JOB_BYTES',
  token: 'BPNN_TOKEN',
  'read-token': 'BPNN_READ_TOKEN',
  'allowed-hosts': 'BPNN_ALLOWED_HOSTS',
  'body-limit': 'BPNN_BODY_LIMIT',
  'max-rows': 'BPNN_MAX_ROWS',
  'pool-threads': 'BPNN_POOL_THREADS',
  'pool-queue': 'BPNN_POOL_QUEUE',
  'max-streams': 'BPNN_MAX_STREAMS',
  'stream-timeout': 'BPNN_STREAM_TIMEOUT',
  'shutdown-timeout': 'BPNN_SHUTDOWN_TIMEOUT',
  'keep-alive-timeout': 'BPNN_KEEP_ALIVE_TIMEOUT',
  'database-url': 'BPNN_DATABASE_URL',
  'worker-timeout': 'BPNN_WORKER_TIMEOUT',
  processes: 'BPNN_PROCESSES',
} as const;
type Flag = keyof typeof FLAGS;

/** The config, or `help`/`version` when asked for; throws UsageError on anything wrong. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig | 'help' | 'version' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        worker: { type: 'boolean' },
        'no-worker': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (values.version) return 'version';
  const read = (flag: Flag): { value: string; name: string } | undefined => {
    const fromFlag = (values as Record<string, unknown>)[flag];
    if (typeof fromFlag === 'string') return { value: fromFlag, name: `--${flag}` };
    const fromEnv = env[FLAGS[flag]];
    return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, name: FLAGS[flag] };
  };
  const whole = (flag: Flag, fallback: number, min: number, max: number): number => {
    const given = read(flag);
    if (given === undefined) return fallback;
    const n = Number(given.value);
    if (!/^\d+$/.test(given.value.trim()) || n < min || n > max) {
      throw new UsageError(`${given.name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(given.value)}`);
    }
    return n;
  };
  const modelsDir = resolve(read('models-dir')?.value ?? 'models');
  const host = read('host')?.value ?? '127.0.0.1';
  return {
    port: whole('port', 8080, 0, 65535),
    host,
    modelsDir,
    jobsDir: resolve(read('jobs-dir')?.value ?? join(modelsDir, '.jobs')),
    maxJobs: whole('max-jobs', 1, 1, 64),
    maxQueue: whole('max-queue', 16, 0, 10_000),
    maxQueueBytes: byteSize(read('max-queue-bytes'), DEFAULT_MAX_QUEUE_BYTES),
    keepJobs: whole('keep-jobs', DEFAULT_KEEP_JOBS, 0, 1_000_000),
    keepJobBytes: byteSize(read('keep-job-bytes'), DEFAULT_KEEP_JOB_BYTES),
    token: token('token', values, env),
    readToken: token('read-token', values, env),
    allowedHosts: allowedHosts(read('allowed-hosts'), host),
    bodyLimit: byteSize(read('body-limit'), DEFAULT_BODY_LIMIT),
    maxRows: whole('max-rows', DEFAULT_MAX_ROWS, 1, 10_000_000),
    poolThreads: whole('pool-threads', defaultPoolThreads(), 1, 64),
    poolQueue: whole('pool-queue', DEFAULT_POOL_QUEUE, 0, 100_000),
    maxStreams: whole('max-streams', DEFAULT_MAX_STREAMS, 1, 100_000),
    streamTimeoutMs: whole('stream-timeout', DEFAULT_STREAM_TIMEOUT_MS / 1000, 1, 3600) * 1000,
    shutdownTimeoutMs: whole('shutdown-timeout', 10, 0, 3600) * 1000,
    keepAliveTimeoutMs: whole('keep-alive-timeout', DEFAULT_KEEP_ALIVE_TIMEOUT_S, 1, 3600) * 1000,
    databaseUrl: databaseUrl(read('database-url')),
    worker: worker(values.worker === true, values['no-worker'] === true, env.BPNN_WORKER),
    workerTimeoutMs: whole('worker-timeout', 10, 2, 3600) * 1000,
    processes: read('processes')?.value.trim() === 'auto' ? availableParallelism() : whole('processes', 1, 1, 256),
  };
}

/**
 * A bearer token; an empty one (`--token ''`, `BPNN_TOKEN=`) is refused rather than taken for
 * none, which would turn authentication off without a word.
 */
function token(flag: 'token' | 'read-token', values: Record<string, unknown>, env: NodeJS.ProcessEnv): string | undefined {
  const fromFlag = values[flag];
  const given = typeof fromFlag === 'string' ? { value: fromFlag, name: `--${flag}` } : env[FLAGS[flag]] === undefined ? undefined : { value: env[FLAGS[flag]]!, name: FLAGS[flag] };
  if (given === undefined) return undefined;
  if (given.value.trim() === '') throw new UsageError(`${given.name} must be a non-empty token (leave it out for none), got ${JSON.stringify(given.value)}`);
  return given.value;
}

function databaseUrl(given: { value: string; name: string } | undefined): string | undefined {
  if (given === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(given.value)) {
    throw new UsageError(`${given.name} must be a PostgreSQL URL such as postgres://user:password@host:5432/bpnn, got a value starting ${JSON.stringify(given.value.slice(0, 12))}`);
  }
  try {
    connectTimeoutMs(given.value);
    queryTimeoutMs(given.value);
  } catch (error) {
    throw new UsageError(`${given.name}: ${(error as Error).message}`);
  }
  return given.value;
}

function worker(yes: boolean, no: boolean, env: string | undefined): boolean {
  if (yes && no) throw new UsageError('--worker and --no-worker contradict each other: give one');
  if (yes || no) return yes;
  if (env === undefined || env === '') return true;
  if (env !== '0' && env !== '1') throw new UsageError(`BPNN_WORKER must be 1 (train jobs) or 0 (do not), got ${JSON.stringify(env)}`);
  return env === '1';
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "10mb" → 10485760; a plain number is bytes. */
function byteSize(given: { value: string; name: string } | undefined, fallback: number): number {
  if (given === undefined) return fallback;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(given.value);
  const bytes = match === null ? NaN : Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]);
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new UsageError(`${given.name} must be a size such as 1048576, 512kb, 10mb or 1gb, got ${JSON.stringify(given.value)}`);
  }
  return bytes;
}
