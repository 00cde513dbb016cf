import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeError } from '../http/http-error.js';
import { hidePassword, openDatabase } from './database.js';

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

  it('never shows the password', () => {
    expect(hidePassword('postgres://bpnn:secret@db:5432/bpnn')).toBe('postgres://bpnn:***@db:5432/bpnn');
    expect(hidePassword('postgres://db/bpnn')).toBe('postgres://db/bpnn');
    expect(hidePassword('not a url')).not.toContain('not a url');
  });
});
