/**
 * PostgreSQL's own bounds on the server's connections (query-timeout.ts), against a real
 * PostgreSQL: a statement blocked on a row lock another connection holds is cancelled by
 * PostgreSQL after the URL's query_timeout, with the clear error and 503 of a query not answered,
 * and the lock holder goes on; a session left idle in a transaction is ended; an advisory lock's
 * wait, meant to last, is not cancelled and the bound is back afterwards.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../http/http-error.js';
import { takeAdvisoryLock } from './advisory-lock.js';
import { DatabaseUnreachable } from './connect-timeout.js';
import { openDatabase } from './database.js';
import { connectionOptions, IDLE_IN_TRANSACTION_S, serverConnectionOptions } from './query-timeout.js';
import { freshDatabase, NO_DATABASE, unlockLater } from './test-database.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh database with a table of one row, a pool on it with query_timeout=1, and a plain client (no bounds) holding nothing yet. */
async function lockedTable() {
  const database = await freshDatabase();
  cleanups.push(() => database.drop());
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  cleanups.push(() => holder.end());
  await holder.query('CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 0)');
  const url = `${database.url}?query_timeout=1`;
  const db = openDatabase(url);
  cleanups.push(() => db.close());
  return { url, db, holder };
}

/** The statements of other sessions on this database that wait on a lock. */
async function lockWaiters(holder: pg.Client): Promise<string[]> {
  const { rows } = await holder.query<{ query: string }>("SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
  return rows.map((row) => row.query);
}

describe("PostgreSQL's bounds on the server's connections", () => {
  it('are the URL\'s query_timeout for each statement and a minute idle in a transaction; pg-boss\'s options have neither', () => {
    expect(serverConnectionOptions('postgres://db/bpnn?query_timeout=7')).toMatchObject({ query_timeout: 7000, statement_timeout: 7000, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_S * 1000 });
    expect(serverConnectionOptions('postgres://db/bpnn').statement_timeout).toBe(30_000);
    expect(connectionOptions('postgres://db/bpnn')).not.toHaveProperty('statement_timeout');
    expect(connectionOptions('postgres://db/bpnn')).not.toHaveProperty('idle_in_transaction_session_timeout');
  });

  it.skipIf(NO_DATABASE !== undefined)('are what SHOW gives on a connection of the pool', async () => {
    const { db } = await lockedTable();
    expect((await db.pool.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0].statement_timeout).toBe('1s');
    expect((await db.pool.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout')).rows[0].idle_in_transaction_session_timeout).toBe('1min');
  });

  it.skipIf(NO_DATABASE !== undefined)('cancel a statement blocked on a row lock, with the clear error and 503; the lock holder goes on', async () => {
    const { url, db, holder } = await lockedTable();
    await holder.query('BEGIN');
    await holder.query('UPDATE t SET n = 1 WHERE id = 1');
    const port = new URL(url).port;

    // The client's own wait made longer, so that what answers is PostgreSQL's cancel (57014).
    const started = Date.now();
    const error = await db.pool.query({ text: 'UPDATE t SET n = 2 WHERE id = 1', query_timeout: 20_000 } as pg.QueryConfig).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2 * 1000 + 3000);
    expect(error).toBeInstanceOf(DatabaseUnreachable);
    expect(((error as Error).cause as { code?: string }).code).toBe('57014');
    expect((error as Error).message).toBe(`PostgreSQL at 127.0.0.1:${port} did not answer a query within 1 s; it cancelled the statement (statement_timeout: a lock held elsewhere, or a statement too large? query_timeout=N in the URL waits N seconds)`);
    expect(describeError(error)).toEqual({ status: 503, message: 'the database is unavailable (a query had no answer within 1 s); try again later', headers: { 'Retry-After': '5' } });
    expect(await lockWaiters(holder)).toEqual([]);

    // With the usual client bound (the same second), whichever gives up first, the error is the same and PostgreSQL waits no more.
    const again = await db.pool.query('UPDATE t SET n = 3 WHERE id = 1').catch((e: unknown) => e);
    expect((again as Error).message).toContain(`PostgreSQL at 127.0.0.1:${port} did not answer a query within 1 s`);
    const gone = Date.now();
    while ((await lockWaiters(holder)).length > 0 && Date.now() - gone < 2 * 1000 + 3000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await lockWaiters(holder)).toEqual([]);

    // The holder's transaction was not touched: it commits its change, which the pool then reads.
    await holder.query('COMMIT');
    expect((await db.pool.query<{ n: number }>('SELECT n FROM t WHERE id = 1')).rows).toEqual([{ n: 1 }]);
  });

  it.skipIf(NO_DATABASE !== undefined)('do not cancel an advisory lock\'s wait longer than the bound, and are back after it', async () => {
    const { db, holder } = await lockedTable();
    await holder.query('SELECT pg_advisory_lock(42)');
    cleanups.push(unlockLater(holder, 42, 2500));

    const session = await db.connect();
    cleanups.push(() => session.release());
    await takeAdvisoryLock(session, 42, { what: 'a test', scope: 'session', waitMs: 10_000 });
    expect((await session.query<{ held: boolean }>("SELECT count(*) = 1 AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = 42 AND pid = pg_backend_pid()")).rows[0].held).toBe(true);
    expect((await session.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0].statement_timeout).toBe('1s');
    await session.query('SELECT pg_advisory_unlock(42)');

    // The transaction's lock (the migrations'): the wait outlasts the bound, the bound is back inside the transaction.
    await holder.query('SELECT pg_advisory_lock(43)');
    cleanups.push(unlockLater(holder, 43, 2500));
    const inside = await db.transaction(async (client) => {
      await takeAdvisoryLock(client, 43, { what: 'a test', scope: 'transaction', waitMs: 10_000 });
      return (await client.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0].statement_timeout;
    });
    expect(inside).toBe('1s');
  });

  it.skipIf(NO_DATABASE !== undefined)('end a session left idle in a transaction after the idle bound', async () => {
    const { db, holder } = await lockedTable();
    const client = await db.connect();
    const lost = new Promise<Error>((resolve) => client.once('error', resolve));
    await client.query('SET idle_in_transaction_session_timeout = 500');
    await client.query('BEGIN');
    await client.query('UPDATE t SET n = 4 WHERE id = 1');
    // The process "vanished" with its row lock: PostgreSQL ends the session, and the lock is free.
    expect((await lost).message).toMatch(/idle-in-transaction timeout/);
    client.release(true);
    await holder.query('UPDATE t SET n = 5 WHERE id = 1');
    expect((await holder.query<{ n: number }>('SELECT n FROM t')).rows).toEqual([{ n: 5 }]);
  });
});
