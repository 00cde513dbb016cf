import net from 'node:net';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { describeError } from '../http/http-error.js';
import { hidePassword, openDatabase } from './database.js';
import { freshDatabase, NO_DATABASE } from './test-database.js';

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the database connection', () => {
  it('answers 503 with Retry-After, not a 500, when PostgreSQL cannot be reached', async () => {
    const db = openDatabase(`postgres://bpnn:secret@127.0.0.1:${await closedPort()}/bpnn`);
    try {
      expect(await db.ping()).toBe(false);
      const error = await db.pool.query('SELECT 1').catch((e: unknown) => e);
      expect(describeError(error)).toEqual({ status: 503, message: 'the database is unavailable (ECONNREFUSED); try again later', headers: { 'Retry-After': '5' } });
      const failed = await db.transaction(async () => 1).catch((e: unknown) => e);
      expect(describeError(failed).status).toBe(503);
    } finally {
      await db.close();
    }
  });

  // A restart of PostgreSQL (pg_ctl restart) ends every connection, those inside a transaction
  // too: node-postgres emits 'error' on a client the pool has lent out, and an 'error' without a
  // listener would end the process (a job's epochs are written in transactions every 200 ms).
  it.skipIf(NO_DATABASE !== undefined)('survives its connection ending inside a transaction: the transaction fails, the process goes on', async () => {
    const database = await freshDatabase();
    const lines: string[] = [];
    const db = openDatabase(database.url, (line) => lines.push(line));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const failed = await db
        .transaction(async (client) => {
          const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
          // Ended between two statements, as a restart does, while no query of this client runs.
          const ended = new Promise<void>((resolve) => (client as unknown as pg.Client).once('end', () => resolve()));
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await ended;
          await client.query('SELECT 1');
        })
        .catch((error: unknown) => error);
      expect(describeError(failed)).toMatchObject({ status: 503 });
      expect(lines.join('\n')).toMatch(/PostgreSQL connection lost/);
      expect(await db.ping()).toBe(true); // a new connection serves the next query
    } finally {
      await admin.end();
      await db.close();
      await database.drop();
    }
  });

  it('never shows the password', () => {
    expect(hidePassword('postgres://bpnn:secret@db:5432/bpnn')).toBe('postgres://bpnn:***@db:5432/bpnn');
    expect(hidePassword('postgres://db/bpnn')).toBe('postgres://db/bpnn');
    expect(hidePassword('not a url')).not.toContain('not a url');
  });
});
