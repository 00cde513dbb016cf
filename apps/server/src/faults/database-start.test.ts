/**
 * dist/server.js starting on a PostgreSQL whose migrations another process holds (a process stuck
 * mid-migration, here a session holding the advisory lock): it says that it waits, rather than
 * hang silently, and a SIGTERM meanwhile stops it at once, exit 0, rather than once the lock is
 * free; the migrations then run whole when a server starts again. And starting on a database
 * host that never answers (a listener that accepts and stays silent, as a dropped packet looks):
 * it stops after the URL's connect_timeout, saying which host and port timed out after how long.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_FILE, waitFor } from '../../test/helpers.js';
import { killAll, startProcess, withTimeout } from '../../test/spawn.js';
import { freshDatabase, NO_DATABASE } from '../pg/test-database.js';

afterAll(() => killAll());

describe('a server starting on a database host that never answers', () => {
  it('stops after connect_timeout, naming the host, the port and the seconds', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket)).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [SERVER_FILE, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BPNN_DATABASE_URL: `postgres://bpnn:secret@127.0.0.1:${port}/bpnn?connect_timeout=2` } });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', resolve)), 20_000, 'the server to give up on the silent database');
      expect(code).toBe(1);
      expect(stderr).toContain(`cannot connect to PostgreSQL at 127.0.0.1:${port}: the connection timed out after 2 s, with no answer`);
      expect(stderr).not.toContain('secret');
      expect(held.length).toBeGreaterThan(0); // it did connect, and heard nothing
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  }, 30_000);
});

describe.skipIf(NO_DATABASE !== undefined)(`a server starting while another holds the migrations${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  it('says it waits, and stops at once on SIGTERM', async () => {
    const database = await freshDatabase();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [0x62706e6e]);
      const child = spawn(process.execPath, [SERVER_FILE, '--port', '0', '--database-url', database.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await waitFor('the waiting line', () => (/waiting for another process to finish the database's migrations/.test(stderr) ? true : undefined), 15_000);
      child.kill('SIGTERM');
      expect(await withTimeout(exited, 10_000, 'the exit after SIGTERM, the lock still held')).toBe(0);
      expect(stderr).toMatch(/SIGTERM while starting; stopped/);
      await holder.query('COMMIT');
      const server = await startProcess(['--database-url', database.url]);
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready', database: 'up' });
      expect(await server.stop()).toBe(0);
    } finally {
      await holder.end();
      await database.drop();
    }
  }, 60_000);
});
