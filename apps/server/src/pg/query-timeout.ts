/**
 * How long a query on an open connection may wait for its answer, and TCP keepalive on every
 * connection. A database host that vanishes without closing its connections (a network partition,
 * a failed-over host gone) drops packets silently: node-postgres would wait for a query's answer
 * until the kernel gives up retransmitting (about 15 minutes on Linux), holding a connection of
 * the pool, the request that waits, or the LISTEN connection.
 *
 * Every connection of the server (its pool, its LISTEN connection, pg-boss's pool) is made from
 * `connectionOptions(url)`: keepalive probes after `KEEPALIVE_IDLE_MS` of silence, the URL's
 * connect_timeout (connect-timeout.ts), and node-postgres's client-side `query_timeout`: the
 * server's own URL parameter `query_timeout` in seconds (default `DEFAULT_QUERY_TIMEOUT_S`),
 * removed from the URL node-postgres reads, which would take it as milliseconds. A query that
 * must wait longer on purpose (an advisory lock: advisory-lock.ts) gives its own `query_timeout`.
 *
 * The same bound is PostgreSQL's `statement_timeout` on the server's pool and LISTEN connection
 * (`serverBounds`), so that PostgreSQL cancels a statement the client gave up on (a lock wait, a
 * large INSERT) rather than run it on, holding its locks, and `idle_in_transaction_session_timeout`
 * ends a session left in a transaction by a process that vanished. pg-boss's pool has neither:
 * its maintenance waits, unbounded, on pg_advisory_xact_lock behind other processes' maintenance,
 * and archives or deletes whole batches of its job table in one statement.
 *
 * `TimedClient` is the client of those connections: a query that times out ends its connection
 * (its answer, if it ever comes, belongs to nobody; the queries behind it on that connection
 * would wait as long) and fails with a `DatabaseUnreachable` naming the server and the wait.
 */
import pg from 'pg';
import { connectTimeoutMs, DatabaseUnreachable, serverOf } from './connect-timeout.js';
import { urlSecondsMs } from './url-seconds.js';

/**
 * The longest legitimate query is a model upload of the largest body (--body-limit, 10 MB by
 * default) as one INSERT: 30 s is 10 MB at under 3 Mbit/s. Raise it for larger bodies on slow links.
 */
export const DEFAULT_QUERY_TIMEOUT_S = 30;

/** Silence on a connection after which the kernel sends keepalive probes (its interval and count are the system's). */
export const KEEPALIVE_IDLE_MS = 10_000;

/**
 * How long a session may sit idle inside a transaction. The server's transactions run their
 * statements back to back; a minute idle is a process that stopped (paused, cut off, killed).
 */
export const IDLE_IN_TRANSACTION_S = 60;

/** The query_timeout of a PostgreSQL URL in milliseconds (the default without one); throws naming a bad value. */
export function queryTimeoutMs(url: string): number {
  return urlSecondsMs(url, 'query_timeout', DEFAULT_QUERY_TIMEOUT_S);
}

/** The options of every node-postgres client and pool of the server for `url`. */
export function connectionOptions(url: string) {
  const connectionString = URL.canParse(url) ? withoutQueryTimeout(url) : url;
  return {
    connectionString,
    connectionTimeoutMillis: connectTimeoutMs(url),
    query_timeout: queryTimeoutMs(url),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
    Client: TimedClient,
  };
}

/**
 * `connectionOptions` with PostgreSQL's own bounds on each statement and on a session idle in a
 * transaction: for the server's own connections, not pg-boss's (see above).
 */
export function serverConnectionOptions(url: string) {
  const options = connectionOptions(url);
  return { ...options, statement_timeout: options.query_timeout, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_S * 1000 };
}

function withoutQueryTimeout(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('query_timeout');
  return parsed.toString();
}

/** node-postgres's words when a query's `query_timeout` passes. */
const READ_TIMEOUT = 'Query read timeout';

/** PostgreSQL's SQLSTATE query_canceled, and its words when the cause is statement_timeout (not pg_cancel_backend). */
const QUERY_CANCELED = '57014';
const STATEMENT_TIMEOUT = /statement timeout/;

/** A query's answer that did not come within `ms`: the message names the server, `brief` does not. */
export function queryTimedOut(url: string, ms: number, cause: unknown): DatabaseUnreachable {
  const brief = `a query had no answer within ${ms / 1000} s`;
  return new DatabaseUnreachable(
    `PostgreSQL at ${serverOf(url)} did not answer a query within ${ms / 1000} s; its connection was closed (is the host still reachable? query_timeout=N in the URL waits N seconds)`,
    brief,
    { cause },
  );
}

/** A statement PostgreSQL cancelled after its statement_timeout `ms`: the same error as a query's answer not come. */
export function statementCancelled(url: string, ms: number, cause: unknown): DatabaseUnreachable {
  const brief = `a query had no answer within ${ms / 1000} s`;
  return new DatabaseUnreachable(
    `PostgreSQL at ${serverOf(url)} did not answer a query within ${ms / 1000} s; it cancelled the statement (statement_timeout: a lock held elsewhere, or a statement too large? query_timeout=N in the URL waits N seconds)`,
    brief,
    { cause },
  );
}

type Callback = (error: Error | null, result?: unknown) => void;

/** node-postgres's client whose timed-out queries end the connection and say where and how long. */
export class TimedClient extends pg.Client {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly statementMs: number;

  // node-postgres's pool makes its clients with its own options (connectionOptions' among them).
  constructor(config: pg.ClientConfig = {}) {
    super(config);
    this.url = config.connectionString ?? '';
    this.timeoutMs = config.query_timeout ?? 0;
    this.statementMs = config.statement_timeout || this.timeoutMs;
  }

  // node-postgres's overloads (promise, callback, submittable) are passed through as they are.
  override query(...args: unknown[]): any {
    const first = args[0] as { submit?: unknown; query_timeout?: number } | undefined;
    if (typeof first?.submit === 'function') return (super.query as (...a: unknown[]) => unknown)(...args);
    const ms = typeof first === 'object' && typeof first?.query_timeout === 'number' ? first.query_timeout : this.timeoutMs;
    const describe = (error: Error) => {
      if ((error as { code?: unknown })?.code === QUERY_CANCELED && STATEMENT_TIMEOUT.test(error.message)) return statementCancelled(this.url, this.statementMs, error);
      if (error?.message !== READ_TIMEOUT) return error;
      hangUp(this);
      return queryTimedOut(this.url, ms, error);
    };
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as Callback;
      return (super.query as (...a: unknown[]) => unknown)(...args.slice(0, -1), (error: Error | null, result: unknown) => callback(error && describe(error), result));
    }
    return ((super.query as (...a: unknown[]) => Promise<unknown>)(...args)).catch((error: Error) => Promise.reject(describe(error)));
  }
}

/** Closes a connection at once, without the goodbye (Terminate) a silent host would never answer. */
export function hangUp(client: pg.Client): void {
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
}
