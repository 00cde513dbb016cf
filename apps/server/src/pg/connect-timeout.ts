/**
 * How long a connection to PostgreSQL may take to come, and what the server says when it does not.
 *
 * node-postgres waits for ever by default (`connectionTimeoutMillis: 0`): a host that drops packets
 * (a firewall's DROP rule, an address that routes nowhere) would hold a start, and every request
 * that needs a new connection, until the operating system gives up on TCP, minutes later. The
 * server waits `DEFAULT_CONNECT_TIMEOUT_S` seconds, or what the URL's `connect_timeout` says (in
 * seconds, libpq's parameter: `postgres://…/bpnn?connect_timeout=15`), for each connection of its
 * pool, its LISTEN connection and pg-boss's pool. node-postgres's pool uses the same wait for a
 * free connection when all of its connections are lent out.
 *
 * The errors node-postgres gives then ("Connection terminated due to connection timeout", "timeout
 * expired", "timeout exceeded when trying to connect", "Connection terminated unexpectedly") name
 * neither the server nor the wait: `describeConnectError` turns them into a `DatabaseUnreachable`
 * that names both (for the log and the start-up error) and carries a `brief` without the address
 * (for an HTTP answer, which should not show where the database is).
 */
import { urlSecondsMs } from './url-seconds.js';

/** Long enough for a TLS handshake and authentication across a region; short enough for an HTTP client to wait. */
export const DEFAULT_CONNECT_TIMEOUT_S = 5;

/** The connect_timeout of a PostgreSQL URL in milliseconds (the default without one); throws naming a bad value. */
export function connectTimeoutMs(url: string): number {
  return urlSecondsMs(url, 'connect_timeout', DEFAULT_CONNECT_TIMEOUT_S);
}

/** Where a PostgreSQL URL connects: "host:port", or a Unix socket's path (node-postgres's defaults: PGHOST or localhost, 5432). */
export function serverOf(url: string): string {
  if (!URL.canParse(url)) return 'the URL given';
  const parsed = new URL(url);
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || process.env.PGHOST || 'localhost';
  const port = parsed.port || parsed.searchParams.get('port') || process.env.PGPORT || '5432';
  if (host.startsWith('/')) return `${host}/.s.PGSQL.${port}`;
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** A connection to PostgreSQL that did not come; `message` names the server, `brief` does not. */
export class DatabaseUnreachable extends Error {
  constructor(
    message: string,
    readonly brief: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseUnreachable';
  }
}

/**
 * The error of a connection attempt to `url` said plainly: a timeout names the server and the
 * seconds waited; any other error (ECONNREFUSED, ENOTFOUND, a wrong password: they name what is
 * wrong already) is returned as it is.
 */
export function describeConnectError(error: unknown, url: string, timeoutMs: number, poolSize?: number): unknown {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== undefined) return error;
  const server = serverOf(url);
  const seconds = `${timeoutMs / 1000} s`;
  if (/^(Connection terminated due to connection timeout|timeout expired)/.test(error.message)) {
    const brief = `the connection timed out after ${seconds}`;
    return new DatabaseUnreachable(`cannot connect to PostgreSQL at ${server}: ${brief}, with no answer (is the host reachable, PostgreSQL listening on that port, and no firewall dropping the packets? connect_timeout=N in the URL waits N seconds)`, brief, { cause: error });
  }
  if (/^timeout exceeded when trying to connect/.test(error.message)) {
    const brief = `no connection was free within ${seconds}`;
    return new DatabaseUnreachable(`no connection to PostgreSQL at ${server} was free within ${seconds}: all ${poolSize ?? 'the'} connections of this process's pool were lent out or still connecting`, brief, { cause: error });
  }
  if (/^Connection terminated unexpectedly/.test(error.message)) {
    const brief = 'the connection was closed before PostgreSQL answered';
    return new DatabaseUnreachable(`cannot connect to PostgreSQL at ${server}: the connection was closed before PostgreSQL answered (a firewall or proxy on the way may have cut it, or what listens there is not PostgreSQL)`, brief, { cause: error });
  }
  return error;
}
