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
 *   --keep-jobs   BPNN_KEEP_JOBS          finished job records kept (oldest deleted first), default 1000
 *   --token       BPNN_TOKEN              bearer token for requests that change state; default none
 *   --body-limit  BPNN_BODY_LIMIT         largest request body: bytes, or 512kb, 10mb, 1gb; default 10mb
 *   --max-rows    BPNN_MAX_ROWS           rows per predict call, default 10000
 *   --shutdown-timeout BPNN_SHUTDOWN_TIMEOUT  seconds to wait for in-flight requests on SIGTERM, default 10
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_ROWS } from './app.js';
import { DEFAULT_KEEP_JOBS } from './jobs.js';

export interface ServerConfig {
  port: number;
  host: string;
  modelsDir: string;
  jobsDir: string;
  maxJobs: number;
  maxQueue: number;
  keepJobs: number;
  token?: string;
  bodyLimit: number;
  maxRows: number;
  shutdownTimeoutMs: number;
}

export class UsageError extends Error {}

export const USAGE = `usage: bpnn-server [--port N] [--host ADDRESS] [--models-dir DIR] [--jobs-dir DIR]
                   [--max-jobs N] [--max-queue N] [--keep-jobs N] [--token TOKEN]
                   [--body-limit SIZE] [--max-rows N] [--shutdown-timeout SECONDS] [--help] [--version]
Each flag has an environment variable: PORT, HOST, BPNN_MODELS_DIR, BPNN_JOBS_DIR, BPNN_MAX_JOBS,
BPNN_MAX_QUEUE, BPNN_KEEP_JOBS, BPNN_TOKEN (prefer it to --token, which other users can see),
BPNN_BODY_LIMIT, BPNN_MAX_ROWS, BPNN_SHUTDOWN_TIMEOUT.
`;

const FLAGS = {
  port: 'PORT',
  host: 'HOST',
  'models-dir': 'BPNN_MODELS_DIR',
  'jobs-dir': 'BPNN_JOBS_DIR',
  'max-jobs': 'BPNN_MAX_JOBS',
  'max-queue': 'BPNN_MAX_QUEUE',
  'keep-jobs': 'BPNN_KEEP_JOBS',
  token: 'BPNN_TOKEN',
  'body-limit': 'BPNN_BODY_LIMIT',
  'max-rows': 'BPNN_MAX_ROWS',
  'shutdown-timeout': 'BPNN_SHUTDOWN_TIMEOUT',
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
  return {
    port: whole('port', 8080, 0, 65535),
    host: read('host')?.value ?? '127.0.0.1',
    modelsDir,
    jobsDir: resolve(read('jobs-dir')?.value ?? join(modelsDir, '.jobs')),
    maxJobs: whole('max-jobs', 1, 1, 64),
    maxQueue: whole('max-queue', 16, 0, 10_000),
    keepJobs: whole('keep-jobs', DEFAULT_KEEP_JOBS, 0, 1_000_000),
    token: read('token')?.value,
    bodyLimit: byteSize(read('body-limit')),
    maxRows: whole('max-rows', DEFAULT_MAX_ROWS, 1, 10_000_000),
    shutdownTimeoutMs: whole('shutdown-timeout', 10, 0, 3600) * 1000,
  };
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "10mb" → 10485760; a plain number is bytes. */
function byteSize(given: { value: string; name: string } | undefined): number {
  if (given === undefined) return DEFAULT_BODY_LIMIT;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(given.value);
  const bytes = match === null ? NaN : Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]);
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new UsageError(`${given.name} must be a size such as 1048576, 512kb, 10mb or 1gb, got ${JSON.stringify(given.value)}`);
  }
  return bytes;
}
