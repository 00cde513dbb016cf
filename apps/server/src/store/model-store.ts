/**
 * What a server's models live in, behind one interface: a folder of `.bpnn` files by default
 * (store/folder.ts), or PostgreSQL rows shared by several processes (store/postgres.ts). Both
 * keep every model parsed in memory, so that `get` and `list` answer at once; `put` and `delete`
 * resolve once the change is durable, and this process serves it from then on (read-your-writes).
 */
import { type Model, show } from '@bpnn/core';
import { createHash } from 'node:crypto';
import { HttpError } from '../http/http-error.js';

/** Letters, digits, dot, underscore and hyphen, 1 to 64, not starting with a dot (no "..", no hidden files). */
export const MODEL_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;
export const MODEL_NAME_RULE = '1 to 64 letters, digits, ".", "_" or "-", not starting with "."';

export function checkModelName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !MODEL_NAME.test(name)) {
    throw new HttpError(400, `${field} must be ${MODEL_NAME_RULE}, got ${show(name)}`);
  }
  return name;
}

/** Windows's device names, alone or before an extension ("CON", "nul.txt"): a file named so is the device there. */
const WINDOWS_DEVICE = /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)/i;

/**
 * The name of a model about to be stored (an upload, a job's result): a model name that a models
 * folder can hold on any system, so that it survives being copied, backed up or served from
 * macOS or Windows. Not a device name of Windows (400), and not another model's name in other
 * letters' case (409: "IRIS" beside "iris" is one file on a case-insensitive file system, where
 * the second would overwrite the first and a restart would find one model of the two).
 * Names already stored stay readable and replaceable as they are.
 */
export function checkNewModelName(store: Pick<ModelStore, 'list'>, name: string, field = 'name'): string {
  checkModelName(name, field);
  if (WINDOWS_DEVICE.test(name)) {
    throw new HttpError(400, `${field} ${show(name)} is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9, LPT0 to LPT9, alone or before a "."), which no file there can be named; choose another`);
  }
  const lower = name.toLowerCase();
  const other = store.list().find((entry) => entry.name !== name && entry.name.toLowerCase() === lower);
  if (other !== undefined) {
    throw new HttpError(409, `${field} ${show(name)} differs from the model ${show(other.name)} only in case, which a case-insensitive file system (macOS, Windows) holds as one file; replace ${show(other.name)} by its own name, or choose another`);
  }
  return name;
}

export interface StoredModel {
  name: string;
  model: Model;
  /** The .bpnn file's bytes, as stored, over a SharedArrayBuffer. */
  bytes: Uint8Array;
  sha256: string;
  updatedAt: string;
}

export interface ModelStore {
  /** True once the models have been read; /readyz answers 503 until then. */
  readonly ready: boolean;
  readonly size: number;
  /** Where the models are, for the start-up line ("/srv/models", "PostgreSQL"). */
  readonly where: string;
  /** Parsed networks reused because their checksum was seen before (the PostgreSQL store's cache). */
  readonly cacheHits: number;
  /** Reads every model; returns how many loaded and which were skipped. */
  load(): Promise<{ loaded: number; skipped: string[] }>;
  list(): StoredModel[];
  get(name: string): StoredModel | undefined;
  /** The model, or a 404 naming it. */
  require(name: string): StoredModel;
  /**
   * Saves a model under `name` (bytes as given, or written from the model); `created` when it is
   * new. `sha256` is the bytes' checksum when the caller has it already (the request pool computes
   * it for a large upload), so that it is not computed again on the event loop.
   */
  put(name: string, model: Model, bytes?: Uint8Array, sha256?: string): Promise<{ created: boolean; entry: StoredModel }>;
  /** Deletes a model; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Stops watching for other processes' changes. */
  close(): Promise<void>;
}

/** The model, or a 404 naming it: `require` for any store. */
export function requireModel(store: Pick<ModelStore, 'get'>, name: string): StoredModel {
  const found = store.get(checkModelName(name, 'model name'));
  if (found === undefined) throw new HttpError(404, `model ${show(name)} not found`);
  return found;
}

/** A model as stores keep it: its kernels on the event loop's thread, its bytes in shared memory. */
export function storedModel(name: string, model: Model, bytes: Uint8Array, updatedAt: Date = new Date(), sha256?: string): StoredModel {
  // Small predictions run on the event loop, one call at a time: keep the kernels on this thread.
  model.network.backend.setThreads(1);
  return { name, model, bytes: sharedBytes(bytes), sha256: sha256 ?? createHash('sha256').update(bytes).digest('hex'), updatedAt: updatedAt.toISOString() };
}

/**
 * The bytes over shared memory, so that the request pool's threads get them without a copy: as
 * they are when they already are (an upload read in the pool), else copied once.
 */
export function sharedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}
