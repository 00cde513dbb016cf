/**
 * The connection to PostgreSQL (node-postgres): one pool per process, for the model store and the
 * job records, and `transaction()`, which runs a function inside BEGIN … COMMIT (ROLLBACK when it
 * throws), so that a change is whole or absent.
 */
import pg from 'pg';

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
  /** True when a trivial query answers now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function openDatabase(url: string, log: (line: string) => void = () => {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
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
        await pool.query('SELECT 1');
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
