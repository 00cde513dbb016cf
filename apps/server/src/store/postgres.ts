/**
 * The PostgreSQL store: models as rows of bpnn_models (name, the .bpnn bytes, their SHA-256, a
 * version counted up on each replacement, timestamps), shared by every process on the database.
 * A write is one transaction that also sends NOTIFY bpnn_models, so that it is whole or absent.
 * Each process keeps every model parsed in memory and follows the table: on each notification, on
 * reconnecting, and every `pollMs` as a fallback it reads the names, checksums and versions (not
 * the bytes), fetches the rows that changed and drops the ones deleted. Parsed models are cached
 * by checksum (parse-cache.ts): bytes this process has parsed already are not parsed again.
 */
import { type Model, show } from '@bpnn/core';
import { writeModel } from '@bpnn/serialize';
import { createHash } from 'node:crypto';
import { readHere, type ModelReader } from './model-reader.js';
import { checkModelName, requireModel, storedModel, type ModelStore, type StoredModel } from './model-store.js';
import type { Database } from '../pg/database.js';
import type { Notifications } from '../pg/notifications.js';
import { ParseCache } from './parse-cache.js';

export interface PostgresStoreOptions {
  /** How often to check the table without a notification, default 1000 ms. */
  pollMs?: number;
  log?: (line: string) => void;
  /** How a row this process did not write is read (model-reader.ts): on this thread by default. */
  read?: ModelReader;
}

interface Entry extends StoredModel {
  version: number;
}

interface Row {
  name: string;
  sha256: string;
  version: string;
}

export class PostgresStore implements ModelStore {
  private readonly models = new Map<string, Entry>();
  private readonly parsed = new ParseCache();
  /** Names this process wrote, with the sync generation of the write: an older sync leaves them alone. */
  private readonly written = new Map<string, number>();
  private generation = 0;
  private syncing?: Promise<void>;
  private pending = false;
  private timer?: NodeJS.Timeout;
  /** True while the table cannot be read (logged once). */
  private failing = false;
  private readonly unlisten: Array<() => void> = [];
  private readonly log: (line: string) => void;
  ready = false;
  /** Rows that could not be read, by name, with the reason (logged once per version). */
  private readonly broken = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly notifications: Notifications,
    private readonly options: PostgresStoreOptions = {},
  ) {
    this.log = options.log ?? (() => {});
  }

  get where(): string {
    return `PostgreSQL (${this.db.shownUrl})`;
  }

  get cacheHits(): number {
    return this.parsed.hits;
  }

  get size(): number {
    return this.models.size;
  }

  async load(): Promise<{ loaded: number; skipped: string[] }> {
    this.unlisten.push(this.notifications.on('bpnn_models', () => void this.sync()));
    this.unlisten.push(this.notifications.onReconnect(() => void this.sync()));
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.ready = true;
    return { loaded: this.models.size, skipped: [...this.broken.keys()] };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const stop of this.unlisten.splice(0)) stop();
    await this.syncing;
  }

  list(): StoredModel[] {
    return [...this.models.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): StoredModel | undefined {
    return this.models.get(name);
  }

  require(name: string): StoredModel {
    return requireModel(this, name);
  }

  async put(name: string, model: Model, bytes: Uint8Array = writeModel(model), known?: string): Promise<{ created: boolean; entry: StoredModel }> {
    checkModelName(name);
    const sha256 = known ?? createHash('sha256').update(bytes).digest('hex');
    const row = await this.db.transaction(async (client) => {
      const result = await client.query<{ version: string; updated_at: Date; created: boolean }>(
        `INSERT INTO bpnn_models (name, bytes, sha256) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256,
           version = bpnn_models.version + 1, updated_at = now()
         RETURNING version, updated_at, (xmax = 0) AS created`,
        [name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), sha256],
      );
      await client.query("SELECT pg_notify('bpnn_models', $1)", [name]);
      return result.rows[0];
    });
    this.parsed.set(sha256, model);
    const entry: Entry = { ...storedModel(name, model, bytes, row.updated_at, sha256), version: Number(row.version) };
    this.written.set(name, ++this.generation);
    const current = this.models.get(name);
    if (current === undefined || current.version <= entry.version) this.models.set(name, entry);
    return { created: row.created, entry };
  }

  async delete(name: string): Promise<boolean> {
    checkModelName(name);
    const deleted = await this.db.transaction(async (client) => {
      const result = await client.query('DELETE FROM bpnn_models WHERE name = $1', [name]);
      if (result.rowCount === 0) return false;
      await client.query("SELECT pg_notify('bpnn_models', $1)", [name]);
      return true;
    });
    this.written.set(name, ++this.generation);
    this.models.delete(name);
    return deleted;
  }

  /** Brings the memory in line with the table; calls while one runs are folded into one more run. */
  sync(): Promise<void> {
    if (this.syncing !== undefined) {
      this.pending = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.pending = false;
        await this.syncOnce().then(
          () => {
            if (this.failing) this.log('bpnn-server: reading the models from PostgreSQL again');
            this.failing = false;
          },
          (error: unknown) => {
            // Once per outage, not at every check: the processes keep serving what they have.
            if (!this.failing) this.log(`bpnn-server: cannot read the models from PostgreSQL (serving those loaded): ${error instanceof Error ? error.message : String(error)}`);
            this.failing = true;
          },
        );
      } while (this.pending);
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const since = this.generation;
    const fresh = (name: string) => (this.written.get(name) ?? -1) <= since;
    const rows = (await this.db.pool.query<Row>('SELECT name, sha256, version FROM bpnn_models')).rows;
    const names = new Set(rows.map((row) => row.name));
    for (const name of [...this.models.keys()]) if (!names.has(name) && fresh(name)) this.models.delete(name);
    const changed = rows.filter((row) => {
      const current = this.models.get(row.name);
      return fresh(row.name) && (current === undefined || current.sha256 !== row.sha256 || current.version !== Number(row.version)) && this.broken.get(row.name) !== row.sha256;
    });
    for (const row of changed) {
      const current = this.models.get(row.name);
      if (current?.sha256 === row.sha256 && this.parsed.take(row.sha256) !== undefined) {
        this.models.set(row.name, { ...current, version: Number(row.version) });
        continue;
      }
      await this.fetch(row.name, since);
    }
    const used = new Set([...this.models.values()].map((entry) => entry.sha256));
    this.parsed.prune(used);
  }

  /** Reads one row's bytes and parses them (or takes the parsed model from the cache). */
  private async fetch(name: string, since: number): Promise<void> {
    const result = await this.db.pool.query<{ bytes: Buffer; sha256: string; version: string; updated_at: Date }>('SELECT bytes, sha256, version, updated_at FROM bpnn_models WHERE name = $1', [name]);
    const row = result.rows[0];
    if ((this.written.get(name) ?? -1) > since) return; // this process wrote it meanwhile
    if (row === undefined) {
      this.models.delete(name);
      return;
    }
    let bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
    let model = this.parsed.take(row.sha256);
    if (model === undefined) {
      try {
        ({ model, bytes } = await (this.options.read ?? readHere)(bytes, `model ${show(name)} in PostgreSQL`));
        if ((this.written.get(name) ?? -1) > since) return; // this process wrote it while it was read
      } catch (error) {
        this.broken.set(name, row.sha256);
        this.log(`bpnn-server: skipped model ${show(name)} in PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
        this.models.delete(name);
        return;
      }
      this.parsed.set(row.sha256, model);
    }
    this.broken.delete(name);
    this.models.set(name, { ...storedModel(name, model, bytes, row.updated_at, row.sha256), version: Number(row.version) });
  }
}
