/**
 * A PostgreSQL that goes silent under an open connection (a network partition: no FIN, no RST, the
 * packets dropped), through a proxy that stops forwarding (test/silent-proxy.ts): a query waits
 * the URL's query_timeout at most and fails naming the server and the wait, its connection is
 * closed rather than lent again; an advisory lock's wait, meant to last, is not cut; the LISTEN
 * connection notices within its heartbeat, comes back when the network does, and hears again.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { describeError } from '../http/http-error.js';
import { takeAdvisoryLock } from './advisory-lock.js';
import { DatabaseUnreachable } from './connect-timeout.js';
import { openDatabase } from './database.js';
import { HEARTBEAT_MS, Notifications } from './notifications.js';
import { connectionOptions, DEFAULT_QUERY_TIMEOUT_S, KEEPALIVE_IDLE_MS, queryTimeoutMs } from './query-timeout.js';
import { freshDatabase, NO_DATABASE, unlockLater } from './test-database.js';
import { silentProxy, type SilentProxy } from '../../test/silent-proxy.js';
import { waitFor } from '../../test/helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh database behind a proxy that can go silent, with connect_timeout=1 and query_timeout=1. */
async function silentDatabase(): Promise<{ direct: string; proxy: SilentProxy }> {
  const database = await freshDatabase();
  cleanups.push(() => database.drop());
  const proxy = await silentProxy(database.url, { connect_timeout: '1', query_timeout: '1' });
  cleanups.push(() => proxy.close());
  return { direct: database.url, proxy };
}

describe('a query on a connection whose host goes silent', () => {
  it('is waited for 30 s, or the URL\'s query_timeout, with keepalive on; a bad value is a usage error', () => {
    expect(DEFAULT_QUERY_TIMEOUT_S).toBe(30);
    expect(queryTimeoutMs('postgres://db/bpnn')).toBe(30_000);
    expect(queryTimeoutMs('postgres://db/bpnn?query_timeout=120&connect_timeout=3')).toBe(120_000);
    // node-postgres would read the URL's query_timeout as milliseconds: the server takes it out.
    expect(connectionOptions('postgres://db/bpnn?query_timeout=120&connect_timeout=3')).toMatchObject({
      connectionString: 'postgres://db/bpnn?connect_timeout=3',
      connectionTimeoutMillis: 3000,
      query_timeout: 120_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
    });
    expect(() => readConfig(['--database-url', 'postgres://db/bpnn?query_timeout=0'], {})).toThrow('--database-url: query_timeout must be a whole number of seconds, at least 1, got "0"');
    expect(() => readConfig([], { BPNN_DATABASE_URL: 'postgres://db/bpnn?query_timeout=1m' })).toThrow('BPNN_DATABASE_URL: query_timeout must be a whole number of seconds, at least 1, got "1m"');
  });

  it.skipIf(NO_DATABASE !== undefined)('fails after query_timeout naming the server and the wait, answers 503, and its connection is not lent again', async () => {
    const { proxy } = await silentDatabase();
    const db = openDatabase(proxy.url);
    cleanups.push(() => db.close());
    expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    proxy.silent = true;
    const started = Date.now();
    const error = await db.pool.query('SELECT 1').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2 * 1000 + 1000); // within twice the bound, not the kernel's 15 minutes
    expect(error).toBeInstanceOf(DatabaseUnreachable);
    expect((error as Error).message).toBe(`PostgreSQL at 127.0.0.1:${proxy.port} did not answer a query within 1 s; its connection was closed (is the host still reachable? query_timeout=N in the URL waits N seconds)`);
    expect(describeError(error)).toEqual({ status: 503, message: 'the database is unavailable (a query had no answer within 1 s); try again later', headers: { 'Retry-After': '5' } });
    // A transaction on a connection made before the silence (idle in the pool): its BEGIN times out.
    proxy.silent = false;
    (await db.connect()).release();
    proxy.silent = true;
    expect(((await db.transaction(async (client) => client.query('SELECT 3')).catch((e: unknown) => e)) as Error).message).toContain(`PostgreSQL at 127.0.0.1:${proxy.port} did not answer a query within 1 s`);
    expect(await db.ping()).toBe(false);
    proxy.silent = false;
    // The connections that went silent were closed: every query now answers at once.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => db.pool.query<{ n: number }>('SELECT $1::int AS n', [i])));
    expect(answers.map((answer) => answer.rows[0].n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await db.ping()).toBe(true);
  });

  it.skipIf(NO_DATABASE !== undefined)('does not cut an advisory lock\'s wait, which is meant to last longer than query_timeout', async () => {
    const { direct, proxy } = await silentDatabase();
    const holder = new pg.Client({ connectionString: direct });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock(42)');
    const db = openDatabase(proxy.url);
    cleanups.push(() => db.close());
    const client = await db.connect();
    cleanups.push(() => client.release());
    cleanups.push(unlockLater(holder, 42, 2500));
    const lines: string[] = [];
    await takeAdvisoryLock(client, 42, { what: 'a test', scope: 'session', waitMs: 10_000, log: (line) => lines.push(line) });
    expect(lines).toEqual(['bpnn-server: waiting for another process to finish a test (advisory lock 42), 10 s at most']);
    expect((await client.query<{ held: boolean }>("SELECT count(*) = 1 AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = 42 AND pid = pg_backend_pid()")).rows[0].held).toBe(true);
  });

  it.skipIf(NO_DATABASE !== undefined)('on the LISTEN connection: noticed within the heartbeat, reconnected when the network is back, and notifications heard again', async () => {
    const { direct, proxy } = await silentDatabase();
    const lines: string[] = [];
    const notifications = new Notifications(proxy.url, (line) => lines.push(line));
    cleanups.push(() => notifications.close());
    const heard: string[] = [];
    let reconnected = 0;
    notifications.on('bpnn_models', (payload) => heard.push(payload));
    notifications.onReconnect(() => reconnected++);
    await notifications.start();
    const notifier = new pg.Client({ connectionString: direct });
    await notifier.connect();
    cleanups.push(() => notifier.end());
    await notifier.query("SELECT pg_notify('bpnn_models', 'before')");
    await waitFor('the notification before the silence', () => (heard.includes('before') ? true : undefined));

    proxy.silent = true;
    // A heartbeat every 5 s, waited for 1 s (connect_timeout): noticed within twice that.
    await waitFor('the LISTEN connection to be given up', () => (notifications.connected ? undefined : true), 2 * (HEARTBEAT_MS + 1000));
    expect(lines[0]).toBe(`bpnn-server: the LISTEN connection to PostgreSQL was lost (PostgreSQL at 127.0.0.1:${proxy.port} did not answer a query within 1 s; its connection was closed (is the host still reachable? query_timeout=N in the URL waits N seconds)); reconnecting`);
    await notifier.query("SELECT pg_notify('bpnn_models', 'during')");

    proxy.silent = false;
    await waitFor('the LISTEN connection to come back', () => (notifications.connected && reconnected === 1 ? true : undefined), 10_000);
    expect(lines).toContain('bpnn-server: the LISTEN connection to PostgreSQL is back; rereading what was missed');
    await notifier.query("SELECT pg_notify('bpnn_models', 'after')");
    await waitFor('the notification after the silence', () => (heard.includes('after') ? true : undefined));
    // What was notified during the silence is missed: the reconnect handlers reread instead.
    expect(heard).toEqual(['before', 'after']);
  }, 40_000);
});
