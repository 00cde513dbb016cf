/**
 * The folder store (the default ModelStore): one `.bpnn` file per model in a folder, all loaded
 * into memory at start. A file that fails to load is logged (its name and the reason) and skipped.
 * Writes go through writeFileAtomic, one at a time per name, so that the folder and the memory
 * agree, and readers (of this process or another) see the old file or the new one, whole. Shared
 * by several processes (`shared`), it rescans the folder for their changes.
 */
import { type Model, show } from '@bpnn/core';
import { writeModel } from '@bpnn/serialize';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { syncFolder, writeFileAtomic } from '../atomic-file.js';
import { isAbandoned, isTemporary } from '../temporary-file.js';
import { readHere, type ModelReader } from './model-reader.js';
import { checkModelName, checkNewModelName, MODEL_NAME, MODEL_NAME_RULE, requireModel, storedModel as stored, type ModelStore, type StoredModel } from './model-store.js';

export interface FolderStoreOptions {
  /**
   * Other processes write the folder too (bpnn-server --processes N): rescan it every `pollMs`
   * (default 500) for files added, replaced or deleted by them, and for the temporary files their
   * crashes left.
   */
  shared?: boolean;
  pollMs?: number;
  /** How a file this store did not write is read (model-reader.ts): on this thread by default. */
  read?: ModelReader;
}

export class FolderStore implements ModelStore {
  private readonly models = new Map<string, StoredModel>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Each model file as last read: "inode:size:mtime", so that a rescan reads only what changed. */
  private readonly seen = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<unknown>;
  /** True once the folder has been read; /readyz answers 503 until then. */
  ready = false;
  readonly cacheHits = 0;

  constructor(
    readonly folder: string,
    private readonly log: (line: string) => void = () => {},
    private readonly options: FolderStoreOptions = {},
  ) {}

  /** Reads every `<name>.bpnn` in the folder; returns how many loaded and which were skipped. */
  async load(): Promise<{ loaded: number; skipped: string[] }> {
    await mkdir(this.folder, { recursive: true });
    const skipped = await this.scan(true);
    this.ready = true;
    if (this.options.shared) {
      this.timer = setInterval(() => {
        this.scanning ??= this.scan(false)
          .catch((error: unknown) => this.log(`bpnn-server: cannot rescan ${this.folder}: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => (this.scanning = undefined));
      }, this.options.pollMs ?? 500);
      this.timer.unref();
    }
    return { loaded: this.models.size, skipped };
  }

  /** Reads the model files that changed since the last scan and forgets the ones deleted; returns those skipped. */
  private async scan(first: boolean): Promise<string[]> {
    const skipped: string[] = [];
    const present = new Set<string>();
    for (const entry of (await readdir(this.folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isFile()) continue;
      const path = join(this.folder, entry.name);
      if (isTemporary(entry.name)) {
        // Left by a crash mid-write (the target is intact), unless its writer, this process or
        // another (--processes, another server on the folder), is writing it now.
        const info = await stat(path).catch(() => undefined);
        if (info !== undefined && isAbandoned(entry.name, info.mtimeMs, first)) await rm(path, { force: true });
        continue;
      }
      if (!entry.name.endsWith('.bpnn')) continue;
      const name = entry.name.slice(0, -'.bpnn'.length);
      if (!MODEL_NAME.test(name)) {
        if (first) {
          skipped.push(entry.name);
          this.log(`bpnn-server: skipped ${path}: ${show(name)} is not a model name (${MODEL_NAME_RULE})`);
        }
        continue;
      }
      present.add(name);
      await this.serial(name, async () => {
        let handle;
        try {
          handle = await open(path, 'r');
          const info = await handle.stat();
          const signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
          if (this.seen.get(name) === signature) return;
          this.seen.set(name, signature); // a damaged file is reported once, not at every scan
          const read = await (this.options.read ?? readHere)(new Uint8Array(await handle.readFile()), path);
          this.models.set(name, stored(name, read.model, read.bytes, info.mtime, read.sha256));
        } catch (error) {
          if ((error as { code?: string }).code === 'ENOENT') return; // deleted meanwhile
          skipped.push(entry.name);
          this.models.delete(name);
          this.log(`bpnn-server: skipped ${path}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          await handle?.close();
        }
      });
    }
    for (const name of [...this.models.keys()]) {
      if (present.has(name)) continue;
      await this.serial(name, async () => {
        if (await stat(this.pathOf(name)).then(() => false, () => true)) {
          this.models.delete(name);
          this.seen.delete(name);
        }
      });
    }
    return skipped;
  }

  get where(): string {
    return this.folder;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.scanning;
  }

  get size(): number {
    return this.models.size;
  }

  list(): StoredModel[] {
    return [...this.models.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): StoredModel | undefined {
    return this.models.get(name);
  }

  /** The model, or a 404 naming it. */
  require(name: string): StoredModel {
    return requireModel(this, name);
  }

  /** Saves a model under `name` (bytes as given, or written from the model, with their SHA-256 when known); true when it is new. */
  async put(name: string, model: Model, bytes: Uint8Array = writeModel(model), sha256?: string): Promise<{ created: boolean; entry: StoredModel }> {
    if (!this.models.has(name)) checkNewModelName(this, name); // a file a case-insensitive file system would mix with another's
    return this.serial(name, async () => {
      await writeFileAtomic(this.pathOf(name), bytes);
      const info = await stat(this.pathOf(name));
      this.seen.set(name, `${info.ino}:${info.size}:${info.mtimeMs}`);
      const created = !this.models.has(name);
      const entry = stored(name, model, bytes, undefined, sha256);
      this.models.set(name, entry);
      return { created, entry };
    });
  }

  /** Deletes a model and its file; false when there was none. */
  delete(name: string): Promise<boolean> {
    checkModelName(name);
    return this.serial(name, async () => {
      if (!this.models.has(name)) return false;
      await rm(this.pathOf(name), { force: true });
      await syncFolder(this.folder);
      this.models.delete(name);
      this.seen.delete(name);
      return true;
    });
  }

  private pathOf(name: string): string {
    return join(this.folder, `${name}.bpnn`);
  }

  /** Runs `task` after every earlier write to the same name has finished. */
  private serial<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => {});
    this.locks.set(name, settled);
    void settled.then(() => {
      if (this.locks.get(name) === settled) this.locks.delete(name);
    });
    return next;
  }
}
