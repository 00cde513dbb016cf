import net from 'node:net';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { describeError } from '../http/http-error.js';
import { hidePassword, openDatabase } from './database.js';
import { freshDatabase, NO_DATABASE } from './test-database.js';
import { tempFolder } from '../../test/helpers.js';
import { createApp } from '../app.js';
import { readiness } from '../backends.js';
import { JobFiles } from '../jobs/job-files.js';
import { JobManager } from '../jobs/jobs.js';
import { FolderStore } from '../store/folder.js';
import { Notifications } from './notifications.js';

/** /readyz of an app whose models are loaded, with the checks bpnn-server makes of PostgreSQL at `url`. */
async function readyz(url: string, notifications: Notifications): Promise<{ status: number; body: unknown }> {
  const folder = tempFolder();
  const db = openDatabase(url);
  const store = new FolderStore(folder.path);
  await store.load();
  const app = createApp({ store, jobs: new JobManager({ store, files: new JobFiles(`${folder.path}/.jobs`), workerFile: 'unused.js' }), checks: readiness(db, notifications) });
  const listening = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(listening.address() as net.AddressInfo).port}/readyz`);
    return { status: answer.status, body: await answer.json() };
  } finally {
    await new Promise((resolve) => listening.close(resolve));
    await db.close();
    folder.remove();
  }
}

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

  it('answers /readyz 503 "unavailable" (not "loading") when the models are loaded and PostgreSQL is down', async () => {
    const url = `postgres://bpnn:secret@127.0.0.1:${await closedPort()}/bpnn`;
    expect(await readyz(url, new Notifications(url))).toEqual({ status: 503, body: { status: 'unavailable', models: 0, database: 'down', queue: 'down' } });
  });

  it.skipIf(NO_DATABASE !== undefined)('answers /readyz 200 "ready" while PostgreSQL and its notifications are up, 503 once the notifications are down', async () => {
    const database = await freshDatabase();
    const notifications = new Notifications(database.url);
    try {
      await notifications.start();
      expect(await readyz(database.url, notifications)).toEqual({ status: 200, body: { status: 'ready', models: 0, database: 'up', queue: 'up' } });
      await notifications.close();
      expect(await readyz(database.url, notifications)).toEqual({ status: 503, body: { status: 'unavailable', models: 0, database: 'up', queue: 'down' } });
    } finally {
      await notifications.close();
      await database.drop();
    }
  });

  it('never shows the password', () => {
    expect(hidePassword('postgres://bpnn:secret@db:5432/bpnn')).toBe('postgres://bpnn:***@db:5432/bpnn');
    expect(hidePassword('postgres://db/bpnn')).toBe('postgres://db/bpnn');
    expect(hidePassword('not a url')).not.toContain('not a url');
  });
});
