/**
 * A PostgreSQL that does not answer, as a host that drops packets looks: a listener that accepts the
 * TCP connection and never says a word, and one that never accepts (a process stopped with its
 * listen backlog full, so the kernel drops the SYN as a firewall would). The pool's queries and
 * lent clients, the LISTEN connection and the answer of a route then say which server, and how
 * long was waited, instead of node-postgres's "Connection terminated due to connection timeout".
 * With a real PostgreSQL (BPNN_TEST_DATABASE_URL), a server reaching it through a TCP proxy that
 * goes silent: a request gets 503 saying that the connection timed out, and the log says where.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { describeError } from '../http/http-error.js';
import { connectTimeoutMs, DatabaseUnreachable, DEFAULT_CONNECT_TIMEOUT_S, serverOf } from './connect-timeout.js';
import { openDatabase } from './database.js';
import { Notifications } from './notifications.js';
import { freshDatabase, NO_DATABASE } from './test-database.js';
import { irisBytes, tempFolder, testServer, waitFor } from '../../test/helpers.js';

const sockets: net.Socket[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const child of children) child.kill('SIGKILL');
});

/** A port of 127.0.0.1 that accepts connections and never writes to them. */
async function silentPort(): Promise<{ port: number; close(): void }> {
  const server = net.createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** Whether a TCP connection to `port` is made within `ms` (kept open, to fill a backlog). */
const connects = (port: number, ms: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('connect', () => (clearTimeout(timer), resolve(true)));
    socket.once('error', () => (clearTimeout(timer), resolve(false)));
  });

/**
 * A port whose listener never accepts: a child process listening with a backlog of 1, stopped
 * (SIGSTOP), its accept queue then filled by connections of ours, after which the kernel drops
 * every new SYN unanswered.
 */
async function fullBacklogPort(): Promise<number> {
  const child = spawn(process.execPath, ['-e', "const s = require('net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
  child.kill('SIGSTOP');
  for (let i = 0; i < 16; i++) if (!(await connects(port, 1000))) return port;
  throw new Error(`the backlog of port ${port} did not fill after 16 connections`);
}

describe('a PostgreSQL that does not answer', () => {
  it('has a timeout of 5 s, or the URL\'s connect_timeout, and a bad one is a usage error', () => {
    expect(DEFAULT_CONNECT_TIMEOUT_S).toBe(5);
    expect(connectTimeoutMs('postgres://db/bpnn')).toBe(5000);
    expect(connectTimeoutMs('postgres://db/bpnn?sslmode=require&connect_timeout=15')).toBe(15_000);
    expect(() => readConfig(['--database-url', 'postgres://db/bpnn?connect_timeout=0'], {})).toThrow('--database-url: connect_timeout must be a whole number of seconds, at least 1, got "0"');
    expect(() => readConfig([], { BPNN_DATABASE_URL: 'postgres://db/bpnn?connect_timeout=2.5' })).toThrow('BPNN_DATABASE_URL: connect_timeout must be a whole number of seconds, at least 1, got "2.5"');
    expect(serverOf('postgres://u:p@db.example:6543/bpnn')).toBe('db.example:6543');
    expect(serverOf('postgres://u@[::1]/bpnn')).toBe('[::1]:5432');
    expect(serverOf('postgres:///bpnn?host=/run/postgresql')).toBe('/run/postgresql/.s.PGSQL.5432');
  });

  it('that accepts and stays silent: the pool, a transaction and LISTEN name the server and the seconds waited; a route answers 503 without the address', async () => {
    const silent = await silentPort();
    const url = `postgres://bpnn:secret@127.0.0.1:${silent.port}/bpnn?connect_timeout=1`;
    const db = openDatabase(url);
    const said = `cannot connect to PostgreSQL at 127.0.0.1:${silent.port}: the connection timed out after 1 s, with no answer`;
    try {
      const error = await db.pool.query('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnreachable);
      expect((error as Error).message).toContain(said);
      expect((error as Error).message).not.toContain('secret');
      expect(describeError(error)).toEqual({ status: 503, message: 'the database is unavailable (the connection timed out after 1 s); try again later', headers: { 'Retry-After': '5' } });
      expect(((await db.transaction(async () => 1).catch((e: unknown) => e)) as Error).message).toContain(said);
      expect(await db.ping()).toBe(false);
      const notifications = new Notifications(url);
      expect(((await notifications.start().catch((e: unknown) => e)) as Error).message).toContain(said);
      await notifications.close();
    } finally {
      await db.close();
      silent.close();
    }
  });

  it('that never accepts (a full backlog, the SYN dropped): the same', async () => {
    const port = await fullBacklogPort();
    const db = openDatabase(`postgres://bpnn@127.0.0.1:${port}/bpnn?connect_timeout=1`);
    try {
      const error = await db.pool.query('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnreachable);
      expect((error as Error).message).toContain(`cannot connect to PostgreSQL at 127.0.0.1:${port}: the connection timed out after 1 s, with no answer`);
    } finally {
      await db.close();
    }
  });

  it('that hangs up at once (as a firewall or proxy on the way may): says the connection was closed before PostgreSQL answered, and where', async () => {
    const rude = net.createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await new Promise((resolve) => rude.once('listening', resolve));
    const port = (rude.address() as net.AddressInfo).port;
    const db = openDatabase(`postgres://bpnn@127.0.0.1:${port}/bpnn`);
    try {
      const error = await db.pool.query('SELECT 1').catch((e: unknown) => e);
      expect((error as Error).message).toBe(`cannot connect to PostgreSQL at 127.0.0.1:${port}: the connection was closed before PostgreSQL answered (a firewall or proxy on the way may have cut it, or what listens there is not PostgreSQL)`);
      expect(describeError(error)).toMatchObject({ status: 503, message: 'the database is unavailable (the connection was closed before PostgreSQL answered); try again later' });
    } finally {
      await db.close();
      rude.close();
    }
  });

  it('that is busy: a request that waits past the timeout for one of the pool\'s 8 connections is told so', async () => {
    const silent = await silentPort();
    const db = openDatabase(`postgres://bpnn@127.0.0.1:${silent.port}/bpnn?connect_timeout=1`);
    try {
      // Eight connections under way fill the pool; the ninth request waits for one of them.
      const errors = await Promise.all(Array.from({ length: 9 }, () => db.pool.query('SELECT 1').then(() => new Error('answered'), (e: unknown) => e as Error)));
      const messages = errors.map((e) => e.message);
      expect(messages.filter((m) => m.startsWith(`cannot connect to PostgreSQL at 127.0.0.1:${silent.port}: the connection timed out after 1 s`))).toHaveLength(8);
      expect(messages).toContain(`no connection to PostgreSQL at 127.0.0.1:${silent.port} was free within 1 s: all 8 connections of this process's pool were lent out or still connecting`);
    } finally {
      await db.close();
      silent.close();
    }
  });

  it.skipIf(NO_DATABASE !== undefined)('that stops answering while a server runs: a request gets 503 saying the connection timed out, the log names the host and port', async () => {
    const database = await freshDatabase();
    const real = new URL(database.url);
    // A proxy to the real PostgreSQL that can go silent: its connections cut, new ones accepted and never answered.
    let silent = false;
    const open = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      open.add(client);
      client.on('error', () => {});
      if (silent) return;
      const upstream = net.connect(Number(real.port || 5432), real.hostname);
      open.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    proxy.listen(0, '127.0.0.1');
    await new Promise((resolve) => proxy.once('listening', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    const through = new URL(database.url);
    through.host = `127.0.0.1:${port}`;
    through.searchParams.set('connect_timeout', '1');
    const folder = tempFolder();
    const server = await testServer(folder.path, { databaseUrl: through.toString(), worker: false });
    const put = async () => fetch(`${server.url}/v1/models/m`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
    try {
      expect((await put()).status).toBe(201);
      silent = true;
      for (const socket of open) socket.destroy();
      // The pool's cut connections may answer first ("Connection terminated"); then every new one times out.
      const answer = await waitFor('a 503 saying the connection timed out', async () => {
        const response = await put();
        const body = (await response.json()) as { error: string };
        return response.status === 503 && /timed out/.test(body.error) ? body : undefined;
      }, 20_000);
      expect(answer).toEqual({ error: 'the database is unavailable (the connection timed out after 1 s); try again later' });
      expect(server.logs.join('\n')).toContain(`bpnn-server: PUT /v1/models/m answered 503: the database is unavailable: cannot connect to PostgreSQL at 127.0.0.1:${port}: the connection timed out after 1 s, with no answer`);
    } finally {
      silent = false;
      await server.close();
      for (const socket of open) socket.destroy();
      proxy.close();
      folder.remove();
      await database.drop();
    }
  }, 60_000);
});
