/**
 * For tests: a fresh, empty database on the PostgreSQL that BPNN_TEST_DATABASE_URL names (.ci/run
 * starts one), dropped afterwards. Without that variable the tests that need it are skipped and
 * say why, unless BPNN_REQUIRE_DATABASE=1 (as in CI), which makes a missing database a failure.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrations.js';

export const TEST_DATABASE_URL = process.env.BPNN_TEST_DATABASE_URL;
export const REQUIRE_DATABASE = process.env.BPNN_REQUIRE_DATABASE === '1';
/** Set when the tests cannot run, with the reason (for describe.skipIf and its title). */
export const NO_DATABASE = TEST_DATABASE_URL === undefined || TEST_DATABASE_URL === '' ? 'BPNN_TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL and sets it)' : undefined;

if (NO_DATABASE !== undefined && REQUIRE_DATABASE) throw new Error(`BPNN_REQUIRE_DATABASE=1 but ${NO_DATABASE}`);
if (NO_DATABASE !== undefined) process.stderr.write(`skipping the PostgreSQL tests: ${NO_DATABASE}\n`);

/** Creates a database with a random name; returns its URL and the function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bpnn_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh database with bpnn's tables (migrated): its URL, a pool on it, and the function that closes the pool and drops it. */
export async function migratedDatabase(): Promise<{ url: string; db: Database; drop: () => Promise<void> }> {
  const fresh = await freshDatabase();
  const db = openDatabase(fresh.url);
  await migrate(db);
  return {
    url: fresh.url,
    db,
    async drop() {
      await db.close();
      await fresh.drop();
    },
  };
}

/**
 * Releases advisory lock `key`, which `holder` holds, after `ms`. The returned cleanup stops the
 * timer and waits for the unlock's answer: the waiter has the lock once the server released it,
 * which can be before `holder` has read that answer, and ending `holder` first would fail the
 * query ("Connection terminated"), a rejection no one handles.
 */
export function unlockLater(holder: pg.Client, key: number, ms: number): () => Promise<void> {
  let unlocked: Promise<unknown> | undefined;
  const timer = setTimeout(() => (unlocked = holder.query('SELECT pg_advisory_unlock($1)', [key])), ms);
  return async () => {
    clearTimeout(timer);
    await unlocked;
  };
}
