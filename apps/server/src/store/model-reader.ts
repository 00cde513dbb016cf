/**
 * How a store reads a model file that this process did not write (every file at start, and another
 * process's write: the folder store's rescan under `--processes N`, the PostgreSQL store's
 * notification): the file's bytes in, the Model out. By default on the calling thread (readModel);
 * the server gives its stores one that reads a file over 64 KiB in the request pool's threads
 * (readUpload, model-upload.ts), so that a large model trained or uploaded through another process
 * does not hold this one's event loop for hundreds of milliseconds. A full pool's queue is no
 * reason to skip a model: the file is then read here. A damaged file is an Error with the same
 * message either way (serialize's FileFormatError, naming `source`).
 */
import type { Model } from '@bpnn/core';
import { modelFromTransfer, readModel } from '@bpnn/serialize';
import { INLINE_BODY_BYTES } from '../http/json-text.js';
import type { UploadResult, UploadTask } from '../models/model-upload.js';

/** The Model in a .bpnn file, with the bytes to keep (the same, or a copy over shared memory) and their SHA-256 when known. */
export type ModelReader = (bytes: Uint8Array, source: string) => Promise<{ model: Model; bytes: Uint8Array; sha256?: string }>;

/** Reads on the calling thread. */
export const readHere: ModelReader = async (bytes, source) => ({ model: readModel(bytes, { source }), bytes });

/** Reads a file over 64 KiB with `pool` (a RequestPool), a smaller one here. */
export function readInPool(pool: { readUpload(task: UploadTask): Promise<UploadResult> }): ModelReader {
  return async (bytes, source) => {
    if (bytes.length <= INLINE_BODY_BYTES) return readHere(bytes, source);
    let read: UploadResult;
    try {
      // A copy goes to the thread: the store's bytes stay whole here, whatever happens there.
      read = await pool.readUpload({ name: source, source, json: false, body: bytes.slice() });
    } catch {
      return readHere(bytes, source); // the pool's queue is full (or the pool is closed): read it here
    }
    if ('error' in read) throw new Error(read.error);
    return { model: modelFromTransfer(read.model), bytes: read.bytes, sha256: read.sha256 };
  };
}
