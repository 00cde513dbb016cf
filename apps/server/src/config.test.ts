import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readConfig, USAGE, UsageError, type ServerConfig } from './config.js';
import { defaultPoolThreads } from './request-pool.js';

const config = (argv: string[]) => readConfig(argv, {}) as ServerConfig;

describe('readConfig', () => {
  it('has loopback-only defaults', () => {
    expect(readConfig([], {})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      modelsDir: resolve('models'),
      jobsDir: join(resolve('models'), '.jobs'),
      maxJobs: 1,
      maxQueue: 16,
      maxQueueBytes: 64 * 1024 * 1024,
      keepJobs: 1000,
      keepJobBytes: 64 * 1024 * 1024,
      token: undefined,
      readToken: undefined,
      allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      bodyLimit: 10 * 1024 * 1024,
      maxRows: 10_000,
      poolThreads: defaultPoolThreads(),
      poolQueue: 32,
      maxStreams: 100,
      streamTimeoutMs: 30_000,
      shutdownTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
      databaseUrl: undefined,
      worker: true,
      workerTimeoutMs: 10_000,
      processes: 1,
    });
  });

  it('reads the database, the worker role and the processes', () => {
    const url = 'postgres://bpnn:secret@db:5432/bpnn';
    expect(readConfig(['--database-url', url, '--no-worker', '--processes', '3', '--worker-timeout', '5'], {})).toMatchObject({ databaseUrl: url, worker: false, processes: 3, workerTimeoutMs: 5000 });
    expect(readConfig([], { BPNN_DATABASE_URL: url, BPNN_WORKER: '0', BPNN_PROCESSES: 'auto' })).toMatchObject({ databaseUrl: url, worker: false, processes: availableParallelism() });
    expect(readConfig(['--worker'], { BPNN_WORKER: '0' })).toMatchObject({ worker: true });
    expect(() => readConfig(['--database-url', 'mysql://x'], {})).toThrow(/--database-url must be a PostgreSQL URL/);
    expect(() => readConfig(['--worker', '--no-worker'], {})).toThrow(/contradict/);
    expect(() => readConfig([], { BPNN_WORKER: 'yes' })).toThrow(/BPNN_WORKER must be 1 \(train jobs\) or 0/);
    expect(() => readConfig(['--token', ''], {})).toThrow('--token must be a non-empty token (leave it out for none), got ""');
    expect(() => readConfig([], { BPNN_READ_TOKEN: '' })).toThrow('BPNN_READ_TOKEN must be a non-empty token');
    expect(() => readConfig(['--processes', '0'], {})).toThrow(/--processes must be a whole number from 1 to 256, got "0"/);
  });

  it('reads environment variables, and flags over them', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', BPNN_MODELS_DIR: '/srv/models', BPNN_MAX_JOBS: '2', BPNN_TOKEN: 't', BPNN_BODY_LIMIT: '512kb', BPNN_MAX_QUEUE: '0', BPNN_KEEP_JOBS: '50' };
    expect(readConfig([], env)).toMatchObject({ port: 9000, host: '0.0.0.0', modelsDir: '/srv/models', jobsDir: '/srv/models/.jobs', maxJobs: 2, maxQueue: 0, keepJobs: 50, token: 't', bodyLimit: 512 * 1024 });
    expect(readConfig(['--keep-jobs', '0'], env)).toMatchObject({ keepJobs: 0 });
    expect(readConfig(['--port', '0', '--models-dir', '/m', '--jobs-dir', '/j', '--body-limit', '2mb', '--token', 'u'], env)).toMatchObject({ port: 0, modelsDir: '/m', jobsDir: '/j', bodyLimit: 2 * 1024 * 1024, token: 'u' });
    expect(readConfig(['--body-limit', '1000'], {})).toMatchObject({ bodyLimit: 1000 });
    expect(readConfig(['--help'], {})).toBe('help');
  });

  it('takes a read token, byte limits for the queue and the job records, and allowed hosts', () => {
    const env = { BPNN_READ_TOKEN: 'r', BPNN_MAX_QUEUE_BYTES: '1mb', BPNN_KEEP_JOB_BYTES: '2kb', BPNN_ALLOWED_HOSTS: 'models.example.com, 10.0.0.2,::1' };
    expect(readConfig([], env)).toMatchObject({ readToken: 'r', maxQueueBytes: 1024 * 1024, keepJobBytes: 2048, allowedHosts: ['models.example.com', '10.0.0.2', '[::1]'] });
    // Bound beyond loopback: any Host unless told; bound to a loopback address: the loopback names and that address.
    expect(config(['--host', '0.0.0.0']).allowedHosts).toBeUndefined();
    expect(config(['--host', '127.0.0.2']).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', '127.0.0.2']);
    expect(config(['--allowed-hosts', '*']).allowedHosts).toBeUndefined();
  });

  it.each([
    [['--port', '65536'], {}, '--port must be a whole number from 0 to 65535, got "65536"'],
    [['--port=-1'], {}, '--port must be a whole number from 0 to 65535, got "-1"'],
    [[], { PORT: '80.5' }, 'PORT must be a whole number from 0 to 65535, got "80.5"'],
    [['--max-jobs', 'two'], {}, '--max-jobs must be a whole number from 1 to 64, got "two"'],
    [['--body-limit', '0'], {}, '--body-limit must be a size such as 1048576, 512kb, 10mb or 1gb, got "0"'],
    [['--allowed-hosts', 'a.example:8080'], {}, '--allowed-hosts must be host names without port (example.com, 10.0.0.2, [::1]) or *, got "a.example:8080"'],
    [[], { BPNN_MAX_QUEUE_BYTES: 'lots' }, 'BPNN_MAX_QUEUE_BYTES must be a size such as 1048576, 512kb, 10mb or 1gb, got "lots"'],
    [['--port'], {}, "Option '--port <value>' argument missing"],
    [['extra'], {}, "Unexpected argument 'extra'"],
  ])('refuses %j %j', (argv, env, message) => {
    expect(() => readConfig(argv, env)).toThrow(UsageError);
    expect(() => readConfig(argv, env)).toThrow(message);
  });
});

describe('the root README\'s table of flags', () => {
  it('has every flag and environment variable of the usage, and no other', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const start = readme.indexOf('| flag | environment | default |');
    const rows = readme.slice(start, readme.indexOf('\n\n', start)).split('\n').slice(2).map((row) => row.split(' | '));
    expect(rows.length).toBeGreaterThan(15);
    const documented = (cell: number, pattern: RegExp) => [...new Set(rows.flatMap((row) => [...row[cell].matchAll(pattern)].map((m) => m[1])))].sort();
    const usage = (pattern: RegExp) => [...new Set([...USAGE.matchAll(pattern)].map((m) => m[1]))].sort();
    expect(documented(0, /`(--[a-z-]+)`/g)).toEqual(usage(/\[(--[a-z-]+)/g).filter((flag) => flag !== '--help' && flag !== '--version').concat(usage(/\| (--no-[a-z-]+)/g)).sort());
    expect(documented(1, /`([A-Z_]+)/g)).toEqual(usage(/\b((?:BPNN_)?[A-Z]{4}[A-Z_]*)\b/g).filter((name) => name !== 'SIZE' && name !== 'SECONDS' && name !== 'TOKEN' && name !== 'ADDRESS' && name !== 'NAMES'));
  });
});
