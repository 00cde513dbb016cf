/**
 * The folder store (the default ModelStore): one `.bpnn` file per model in a folder, all loaded
 * into memory at start. A file that fails to load is logged (its name and the reason) and skipped. Writes go
 * through writeFileAtomic, one at a time per name, so that the folder and the memory agree.
 */
import { type Model, show } from '@bpnn/core';
import { readModel, writeModel } from '@bpnn/serialize';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isTemporary, syncFolder, writeFileAtomic } from '../atomic-file.js';
import { checkModelName, MODEL_NAME, MODEL_NAME_RULE, requireModel, storedModel as stored, type ModelStore, type StoredModel } from '../model-store.js';

export class FolderStore implements ModelStore {
  private readonly models = new Map<string, StoredModel>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** True once the folder has been read; /readyz answers 503 until then. */
  ready = false;
  readonly cacheHits = 0;

  constructor(
    readonly folder: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Reads every `<name>.bpnn` in the folder; returns how many loaded and which were skipped. */
  async load(): Promise<{ loaded: number; skipped: string[] }> {
    await mkdir(this.folder, { recursive: true });
    const skipped: string[] = [];
    for (const entry of (await readdir(this.folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isFile()) continue;
      const path = join(this.folder, entry.name);
      if (isTemporary(entry.name)) {
        await rm(path, { force: true }); // left by a crash mid-write; the target is intact
        continue;
      }
      if (!entry.name.endsWith('.bpnn')) continue;
      const name = entry.name.slice(0, -'.bpnn'.length);
      if (!MODEL_NAME.test(name)) {
        skipped.push(entry.name);
        this.log(`bpnn-server: skipped ${path}: ${show(name)} is not a model name (${MODEL_NAME_RULE})`);
        continue;
      }
      try {
        const bytes = new Uint8Array(await readFile(path));
        const model = readModel(bytes, { source: path });
        this.models.set(name, stored(name, model, bytes, (await stat(path)).mtime));
      } catch (error) {
        skipped.push(entry.name);
        this.log(`bpnn-server: skipped ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.ready = true;
    return { loaded: this.models.size, skipped };
  }

  get where(): string {
    return this.folder;
  }

  async close(): Promise<void> {}

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

  /** Saves a model under `name` (bytes as given, or written from the model); true when it is new. */
  put(name: string, model: Model, bytes: Uint8Array = writeModel(model)): Promise<{ created: boolean; entry: StoredModel }> {
    checkModelName(name);
    return this.serial(name, async () => {
      await writeFileAtomic(this.pathOf(name), bytes);
      const created = !this.models.has(name);
      const entry = stored(name, model, bytes);
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
