/**
 * Taking a PostgreSQL advisory lock that processes starting together take turns on (the
 * migrations, pg-boss's start): a process that finds it taken says so and waits `waitMs` at most,
 * then fails naming the lock, rather than wait for ever, silently, behind a process stuck with it.
 */
import type { QueryConfig } from 'pg';
import type { Sql } from './database.js';
import { DEFAULT_QUERY_TIMEOUT_S } from './query-timeout.js';

export interface LockOptions {
  /** What the lock guards, for the messages: "the database's migrations". */
  what: string;
  /** Held until the transaction ends (pg_advisory_xact_lock), or until released (pg_advisory_lock). */
  scope: 'transaction' | 'session';
  waitMs: number;
  log?: (line: string) => void;
}

/** How long a starting process waits for another's turn, by default. */
export const LOCK_WAIT_MS = 60_000;

export async function takeAdvisoryLock(client: Sql, key: number, { what, scope, waitMs, log }: LockOptions): Promise<void> {
  const suffix = scope === 'transaction' ? '_xact' : '';
  if ((await client.query<{ got: boolean }>(`SELECT pg_try_advisory${suffix}_lock($1) AS got`, [key])).rows[0].got) return;
  log?.(`bpnn-server: waiting for another process to finish ${what} (advisory lock ${key}), ${waitMs / 1000} s at most`);
  const set = `SET${scope === 'transaction' ? ' LOCAL' : ''}`;
  await client.query(`${set} lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
  // The connection's statement_timeout (query-timeout.ts) would cancel the wait: lock_timeout bounds it instead.
  await client.query(`${set} statement_timeout = 0`);
  try {
    // A wait meant to last: the query's answer is waited for past the lock_timeout, not the usual bound (query-timeout.ts).
    await client.query({ text: `SELECT pg_advisory${suffix}_lock($1)`, values: [key], query_timeout: waitMs + DEFAULT_QUERY_TIMEOUT_S * 1000 } as QueryConfig);
  } catch (error) {
    if ((error as { code?: unknown }).code !== '55P03') throw error;
    throw new Error(`another process has held the lock on ${what} for over ${waitMs / 1000} s (pg_locks: locktype advisory, objid ${key}); is a bpnn-server stuck while starting?`);
  } finally {
    await client.query(scope === 'transaction' ? 'SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout TO DEFAULT' : 'RESET lock_timeout; RESET statement_timeout').catch(() => {});
  }
}
