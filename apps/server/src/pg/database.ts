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
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** True when a trivial query answers now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function openDatabase(url: string, log: (line: string) => void = () => {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection emits here; without a listener the process would crash.
  pool.on('error', (error) => log(`bpnn-server: PostgreSQL connection lost: ${error.message}`));
  return {
    pool,
    url,
    shownUrl: hidePassword(url),
    async transaction(work) {
      const client = await pool.connect();
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
