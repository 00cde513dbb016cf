/**
 * The server's tables, created and changed at start by numbered migrations. Each runs once, in a
 * transaction, under an advisory lock (so processes starting together take turns), and its number
 * goes into bpnn_schema_migrations; running them again changes nothing. A database migrated by a
 * newer server (a number this one does not know) is refused, as a newer model file is. A process
 * that finds the lock taken says that it waits, and waits `lockWaitMs` at most (a process stuck
 * while holding it would otherwise keep every other from starting, silently).
 * pg-boss keeps its own tables in the `pgboss` schema and migrates them itself.
 */
import { LOCK_WAIT_MS, takeAdvisoryLock } from './advisory-lock.js';
import type { Database } from './database.js';

/** pg_advisory_xact_lock key: "bpnn" in ASCII. */
const LOCK = 0x62706e6e;

export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'models',
    sql: `CREATE TABLE bpnn_models (
      name text PRIMARY KEY,
      bytes bytea NOT NULL,
      sha256 text NOT NULL,
      version bigint NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    version: 2,
    name: 'jobs',
    sql: `CREATE TABLE bpnn_jobs (
      id uuid PRIMARY KEY,
      state text NOT NULL,
      record jsonb NOT NULL,
      data_bytes bigint NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      worker text,
      cancel_requested boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX bpnn_jobs_state ON bpnn_jobs (state, created_at);
    CREATE TABLE bpnn_job_payloads (
      id uuid PRIMARY KEY REFERENCES bpnn_jobs (id) ON DELETE CASCADE,
      body bytea NOT NULL
    );
    CREATE TABLE bpnn_job_events (
      seq bigserial PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES bpnn_jobs (id) ON DELETE CASCADE,
      type text NOT NULL,
      data jsonb NOT NULL
    );
    CREATE INDEX bpnn_job_events_job ON bpnn_job_events (job_id, seq);
    CREATE TABLE bpnn_workers (
      id text PRIMARY KEY,
      seen_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
];

/** Applies the migrations this database lacks; returns their numbers. */
export async function migrate(db: Database, options: { log?: (line: string) => void; lockWaitMs?: number } = {}): Promise<number[]> {
  try {
    return await applyMigrations(db, options.log, options.lockWaitMs ?? LOCK_WAIT_MS);
  } catch (error) {
    if ((error as { code?: unknown }).code !== '42501') throw error;
    throw new Error(`the database user may not create the server's tables (${(error as Error).message}): grant it CREATE on the schema, or start bpnn-server once as a user who may (later processes need only SELECT, INSERT, UPDATE and DELETE on the tables, and USAGE on their sequences)`);
  }
}

async function applyMigrations(db: Database, log: ((line: string) => void) | undefined, lockWaitMs: number): Promise<number[]> {
  return db.transaction(async (client) => {
    await takeAdvisoryLock(client, LOCK, { what: "the database's migrations", scope: 'transaction', waitMs: lockWaitMs, log });
    // Only when missing: a user without CREATE can run on a database an owner migrated.
    if ((await client.query<{ t: string | null }>("SELECT to_regclass('bpnn_schema_migrations') AS t")).rows[0].t === null) {
      await client.query('CREATE TABLE IF NOT EXISTS bpnn_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    }
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM bpnn_schema_migrations')).rows.map((row) => row.version));
    const newest = MIGRATIONS[MIGRATIONS.length - 1].version;
    const unknown = [...done].filter((version) => version > newest);
    if (unknown.length > 0) {
      throw new Error(`the database's schema is at version ${Math.max(...unknown)}, newer than this server's ${newest}: upgrade bpnn-server`);
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO bpnn_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
