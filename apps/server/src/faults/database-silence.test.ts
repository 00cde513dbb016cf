/**
 * A running server whose PostgreSQL goes silent under its open connections (a network partition:
 * no FIN, no RST, the packets dropped; test/silent-proxy.ts), with query_timeout=1 and
 * connect_timeout=1 in its URL: a request answers 503 with Retry-After within twice those bounds
 * rather than after the kernel's 15 minutes, the log names the host and port, /readyz says
 * unavailable; when the network is back, the server is ready again and hears the models another
 * process wrote meanwhile and after; and it shuts down without hanging, the database silent or not.
 */
import { describe, expect, it } from 'vitest';
import { irisBytes, json, tempFolder, testServer, waitFor, type TestServer } from '../../test/helpers.js';
import { silentProxy } from '../../test/silent-proxy.js';
import { withTimeout } from '../../test/spawn.js';
import { HEARTBEAT_MS } from '../pg/notifications.js';
import { freshDatabase, NO_DATABASE } from '../pg/test-database.js';

const put = async (server: TestServer, name: string) =>
  fetch(`${server.url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
const readyz = async (server: TestServer) => json(await fetch(`${server.url}/readyz`));
const has = async (server: TestServer, name: string) => (await fetch(`${server.url}/v1/models/${name}`)).status === 200;

describe.skipIf(NO_DATABASE !== undefined)('a PostgreSQL that goes silent under a running server', () => {
  it('answers 503 within the bounds, says unavailable, and is whole again when the network is back', async () => {
    const database = await freshDatabase();
    const proxy = await silentProxy(database.url, { connect_timeout: '1', query_timeout: '1' });
    const folders = [tempFolder(), tempFolder()];
    const partitioned = await testServer(folders[0].path, { databaseUrl: proxy.url, worker: false });
    const other = await testServer(folders[1].path, { databaseUrl: database.url, worker: false });
    try {
      expect((await put(partitioned, 'before')).status).toBe(201);
      expect(await readyz(partitioned)).toMatchObject({ status: 'ready', database: 'up', queue: 'up' });

      proxy.silent = true;
      const started = Date.now();
      const response = await put(partitioned, 'during');
      // The pool's connection times out its query (1 s), or a new one its connect (1 s): twice both at most.
      expect(Date.now() - started).toBeLessThan(2 * (1000 + 1000));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(((await response.json()) as { error: string }).error).toMatch(/^the database is unavailable \((a query had no answer within 1 s|the connection timed out after 1 s)\); try again later$/);
      expect(partitioned.logs.join('\n')).toMatch(new RegExp(`PUT /v1/models/during answered 503: the database is unavailable: (PostgreSQL at 127\\.0\\.0\\.1:${proxy.port} did not answer a query within 1 s|cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${proxy.port}: the connection timed out after 1 s)`));
      // The LISTEN connection's heartbeat (every 5 s, waited for 1 s) gives it up; the pool's ping fails.
      const unavailable = await waitFor('/readyz to say unavailable', async () => {
        const body = await readyz(partitioned);
        return body.queue === 'down' ? body : undefined;
      }, 2 * (HEARTBEAT_MS + 1000));
      expect(unavailable).toEqual({ status: 'unavailable', models: 1, database: 'down', queue: 'down' });
      expect(partitioned.logs.join('\n')).toContain(`the LISTEN connection to PostgreSQL was lost (PostgreSQL at 127.0.0.1:${proxy.port} did not answer a query within 1 s`);
      expect((await put(other, 'meanwhile')).status).toBe(201);

      proxy.silent = false;
      await waitFor('/readyz to be ready again', async () => ((await readyz(partitioned)).status === 'ready' ? true : undefined), 15_000);
      await waitFor('the model written meanwhile by the other process', () => has(partitioned, 'meanwhile').then((yes) => yes || undefined), 15_000);
      expect((await put(other, 'after')).status).toBe(201);
      await waitFor('the model written after by the other process', () => has(partitioned, 'after').then((yes) => yes || undefined), 15_000);
      expect((await put(partitioned, 'again')).status).toBe(201);
      expect(partitioned.logs).toContain('bpnn-server: the LISTEN connection to PostgreSQL is back; rereading what was missed');
    } finally {
      await withTimeout(Promise.all([partitioned.close(), other.close()]), 20_000, 'the servers to shut down');
      proxy.close();
      for (const folder of folders) folder.remove();
      await database.drop();
    }
  }, 60_000);

  it('shuts down while the database is silent, without waiting for goodbyes that never come', async () => {
    const database = await freshDatabase();
    const proxy = await silentProxy(database.url, { connect_timeout: '1', query_timeout: '1' });
    const folder = tempFolder();
    const server = await testServer(folder.path, { databaseUrl: proxy.url, worker: false });
    try {
      expect((await put(server, 'm')).status).toBe(201);
      proxy.silent = true;
      // Its pool, its LISTEN connection and pg-boss's pool hold connections that will hear nothing more.
      await withTimeout(server.close(), 20_000, 'the server to shut down');
    } finally {
      proxy.close();
      folder.remove();
      await database.drop();
    }
  }, 60_000);
});
