import { readModel, writeModel } from '@bpnn/serialize';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iris, line, waitFor } from '../../test/helpers.js';
import { sharedBytes } from './model-store.js';
import { openDatabase, type Database } from '../pg/database.js';
import { migrate, MIGRATIONS } from '../pg/migrations.js';
import { Notifications } from '../pg/notifications.js';
import { freshDatabase, NO_DATABASE, TEST_DATABASE_URL } from '../pg/test-database.js';
import { PostgresStore } from './postgres.js';

describe.skipIf(NO_DATABASE !== undefined)(`the PostgreSQL model store${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const opened: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    for (const thing of opened.reverse()) await thing.close();
    await database.drop();
  });

  /** One "process": its own pool, LISTEN connection and store; the poll slow, so that NOTIFY is what is tested. */
  async function open(pollMs = 60_000): Promise<{ db: Database; store: PostgresStore }> {
    const db = openDatabase(database.url);
    await migrate(db);
    const notifications = new Notifications(database.url);
    await notifications.start();
    const store = new PostgresStore(db, notifications, { pollMs });
    opened.push(db, notifications, store);
    await store.load();
    return { db, store };
  }

  it('migrates once, however often and from however many processes it runs', async () => {
    const dbs = [openDatabase(database.url), openDatabase(database.url), openDatabase(database.url)];
    opened.push(...dbs);
    const applied = await Promise.all(dbs.map((db) => migrate(db)));
    expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(dbs[0])).toEqual([]);
    const rows = (await dbs[0].pool.query('SELECT version FROM bpnn_schema_migrations ORDER BY version')).rows;
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('says it waits for another process holding the migrations\' lock, and gives up with a clear error', async () => {
    const database = await freshDatabase();
    const holder = new pg.Client({ connectionString: database.url });
    const db = openDatabase(database.url);
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [0x62706e6e]); // as a process stuck mid-migration
      const lines: string[] = [];
      await expect(migrate(db, { log: (line) => lines.push(line), lockWaitMs: 300 })).rejects.toThrow(/another process has held the lock on the database's migrations for over 0.3 s .*is a bpnn-server stuck while starting\?/);
      expect(lines).toEqual([expect.stringMatching(/waiting for another process to finish the database's migrations/)]);
      await holder.query('COMMIT');
      expect(await migrate(db, { lockWaitMs: 300 })).toEqual([1, 2]); // the lock free, it migrates
    } finally {
      await holder.end();
      await db.close();
      await database.drop();
    }
  });

  it('runs as a user without CREATE on a database an owner migrated, and tells that user what it lacks on one not migrated', async () => {
    const database = await freshDatabase();
    const role = `bpnn_user_${Math.random().toString(36).slice(2, 10)}`;
    const owner = openDatabase(database.url);
    const asUser = new URL(database.url);
    asUser.username = role;
    asUser.password = 'secret';
    const user = openDatabase(asUser.toString());
    try {
      await owner.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'secret'`);
      await owner.pool.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`); // PostgreSQL 15's default, said for older ones
      await expect(migrate(user)).rejects.toThrow(/the database user may not create the server's tables \(permission denied for schema public\): grant it CREATE on the schema, or start bpnn-server once as a user who may/);
      expect(await migrate(owner)).toEqual([1, 2]);
      await owner.pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      expect(await migrate(user)).toEqual([]);
    } finally {
      await user.close();
      await owner.close();
      await database.drop();
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
    }
  });

  it('refuses a database migrated by a newer server', async () => {
    const other = await freshDatabase();
    const db = openDatabase(other.url);
    try {
      await migrate(db);
      await db.pool.query("INSERT INTO bpnn_schema_migrations (version, name) VALUES (99, 'future')");
      await expect(migrate(db)).rejects.toThrow(/schema is at version 99, newer than this server's/);
    } finally {
      await db.close();
      await other.drop();
    }
  });

  it('a model put through one process is served, replaced and deleted in another within a second, by NOTIFY', async () => {
    const a = await open();
    const b = await open();
    const first = await iris();
    const put = await a.store.put('iris', first);
    expect(put.created).toBe(true);
    expect(a.store.get('iris')?.sha256).toBe(put.entry.sha256); // read-your-writes, at once
    // The guarantee is a second; the bound is generous for a loaded machine, and the poll is a minute away.
    const seen = await waitFor('b to see the model', () => b.store.get('iris'), 5000);
    expect(Buffer.from(seen.bytes)).toEqual(Buffer.from(writeModel(first)));
    expect(seen.model.predict([[5.1, 3.5, 1.4, 0.2]])).toEqual(first.predict([[5.1, 3.5, 1.4, 0.2]]));

    const replaced = await a.store.put('iris', line());
    expect(replaced.created).toBe(false);
    await waitFor('b to see the replacement', () => (b.store.get('iris')?.sha256 === replaced.entry.sha256 ? true : undefined), 5000);
    expect(b.store.get('iris')?.model.network.params.length).toBe(line().network.params.length);

    expect(await b.store.delete('iris')).toBe(true);
    expect(b.store.get('iris')).toBeUndefined();
    await waitFor('a to see the deletion', () => (a.store.get('iris') === undefined ? true : undefined), 5000);
    expect(await a.store.delete('iris')).toBe(false);
  });

  it('keeps the row whole: bytes, checksum, version and timestamps in one write', async () => {
    const a = await open();
    const bytes = writeModel(await iris());
    await a.store.put('rows', readModel(bytes), bytes);
    await a.store.put('rows', readModel(bytes), bytes);
    const row = (await a.db.pool.query('SELECT bytes, sha256, version, created_at, updated_at FROM bpnn_models WHERE name = $1', ['rows'])).rows[0];
    expect(Buffer.compare(row.bytes, Buffer.from(bytes))).toBe(0);
    expect(row.sha256).toBe(a.store.get('rows')?.sha256);
    expect(Number(row.version)).toBe(2);
    expect(row.updated_at.getTime()).toBeGreaterThanOrEqual(row.created_at.getTime());
  });

  it('stores bytes over shared memory with the checksum the request pool computed (a large upload), byte for byte', async () => {
    const a = await open();
    const b = await open();
    const file = writeModel(await iris());
    const shared = sharedBytes(file);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const { entry } = await a.store.put('pooled', readModel(file), shared, sha256);
    expect(entry.bytes).toBe(shared); // kept as it is: no second copy
    expect(entry.sha256).toBe(sha256);
    const row = (await a.db.pool.query('SELECT bytes, sha256 FROM bpnn_models WHERE name = $1', ['pooled'])).rows[0];
    expect(Buffer.compare(row.bytes, Buffer.from(file))).toBe(0);
    expect(row.sha256).toBe(sha256);
    await waitFor('b to load the model', () => (b.store.get('pooled')?.sha256 === sha256 ? true : undefined), 5000);
    expect(Buffer.compare(Buffer.from(b.store.get('pooled')!.bytes), Buffer.from(file))).toBe(0);
  });

  it('falls back on the periodic check when notifications are missed, and caches parsed models by checksum', async () => {
    const polling = await open(200);
    const writer = new pg.Client({ connectionString: database.url });
    await writer.connect();
    try {
      const bytes = Buffer.from(writeModel(line()));
      // Written behind the store's back, without NOTIFY: only the periodic check can see it.
      await writer.query("INSERT INTO bpnn_models (name, bytes, sha256) VALUES ('quiet', $1, 'x')", [bytes]);
      const seen = await waitFor('the poll to see the row', () => polling.store.get('quiet'), 5000);
      expect(seen.model.network.params.length).toBe(line().network.params.length);
      const hits = polling.store.cacheHits;
      await writer.query("UPDATE bpnn_models SET version = version + 1 WHERE name = 'quiet'"); // same bytes
      await waitFor('the poll to see the new version', () => (polling.store.cacheHits > hits ? true : undefined), 5000);
      expect(polling.store.get('quiet')?.model).toBe(seen.model); // not parsed again

      // A damaged row is skipped with its reason, not served, and the store keeps working.
      await writer.query("INSERT INTO bpnn_models (name, bytes, sha256) VALUES ('broken', $1, 'y')", [bytes.subarray(0, 20)]);
      await polling.store.sync();
      expect(polling.store.get('broken')).toBeUndefined();
      expect(polling.store.get('quiet')).toBeDefined();
    } finally {
      await writer.end();
    }
  });

  it('never serves a half-written model while it is replaced again and again', async () => {
    const a = await open();
    const b = await open(100);
    const models = [await iris(), line()];
    const files = models.map((model) => writeModel(model));
    const shas = new Set<string>();
    await a.store.put('busy', models[0], files[0]);
    await waitFor('b to see it', () => b.store.get('busy'), 2000);
    let reads = 0;
    const reading = (async () => {
      for (let i = 0; i < 400; i++) {
        const entry = b.store.get('busy');
        if (entry !== undefined) {
          readModel(entry.bytes); // throws on a damaged file
          expect(createHash('sha256').update(entry.bytes).digest('hex')).toBe(entry.sha256);
          shas.add(entry.sha256);
          reads++;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    for (let i = 0; i < 20; i++) await a.store.put('busy', models[i % 2], files[i % 2]);
    await reading;
    expect(reads).toBeGreaterThan(0);
    const whole = files.map((file) => createHash('sha256').update(file).digest('hex'));
    for (const sha of shas) expect(whole).toContain(sha);
  });
});
