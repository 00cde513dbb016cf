/**
 * The connection to PostgreSQL (node-postgres): one pool per process, for the model store and the
 * job records, and `transaction()`, which runs a function inside BEGIN … COMMIT (ROLLBACK when it
 * throws), so that a change is whole or absent.
 */
import pg from 'pg';
import { describeConnectError } from './connect-timeout.js';
import { connectionOptions, serverConnectionOptions } from './query-timeout.js';

export type Sql = Pick<pg.PoolClient, 'query'>;

export interface Database {
  pool: pg.Pool;
  url: string;
  /** The URL without its password, for logs. */
  shownUrl: string;
  /**
   * A client of the pool for several statements (release it): one whose connection ends while it is
   * lent (PostgreSQL restarted) fails its queries and is logged, rather than ending the process.
   */
  connect(): Promise<pg.PoolClient>;
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** True when a trivial query answers within the connect timeout (a silent host is not waited for as long as a query). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The pool's size: the most connections one process holds. */
const POOL_SIZE = 8;

/**
 * node-postgres's pool whose connection errors say where and how long (connect-timeout.ts): every
 * query of the pool, and every client lent, passes through `connect`. Its connections have
 * keepalive, a bound on each query's wait for its answer, and PostgreSQL's statement_timeout and
 * idle_in_transaction_session_timeout (query-timeout.ts).
 */
class Pool extends pg.Pool {
  private readonly timeoutMs: number;

  constructor(private readonly url: string) {
    const options = serverConnectionOptions(url);
    super({ ...options, max: POOL_SIZE, idleTimeoutMillis: 30_000 });
    this.timeoutMs = options.connectionTimeoutMillis;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const describe = (error: unknown) => describeConnectError(error, this.url, this.timeoutMs, POOL_SIZE) as Error;
    if (callback === undefined) return super.connect().catch((error: unknown) => Promise.reject(describe(error)));
    super.connect((error, client, done) => callback(error ? describe(error) : error, client, done));
  }
}

export function openDatabase(url: string, log: (line: string) => void = () => {}): Database {
  const pool = new Pool(url);
  // An idle client that loses its connection emits here; without a listener the process would crash.
  const lost = (error: Error) => log(`bpnn-server: PostgreSQL connection lost: ${error.message}`);
  pool.on('error', lost);
  // The pool listens only to its idle clients; node-postgres emits 'error' on a lent one whose
  // connection ends even between its queries, which without a listener would end the process.
  const connect = async () => {
    const client = await pool.connect();
    client.on('error', lost);
    const release = client.release.bind(client);
    client.release = (error?: Error | boolean) => {
      client.removeListener('error', lost);
      release(error);
    };
    return client;
  };
  return {
    pool,
    url,
    shownUrl: hidePassword(url),
    connect,
    async transaction(work) {
      const client = await connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      try {
        await pool.query({ text: 'SELECT 1', query_timeout: connectionOptions(url).connectionTimeoutMillis } as pg.QueryConfig);
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

export function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
