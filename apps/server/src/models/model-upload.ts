/**
 * An uploaded model (PUT /v1/models/:name), read and checked: a .bpnn file, or the JSON form. A
 * small upload is read on the event loop (readUploadedModel); a large one in the request pool
 * (readUploadedFile, run by pool-worker.ts), because reading 8 MB of weights takes a hundred
 * milliseconds or more, mostly their SHA-256. The pool's thread does everything that grows with
 * the file: it reads and checks it as readUploadedModel does (the same errors, word for word),
 * writes the .bpnn bytes of a JSON upload, copies the file into shared memory and hashes it for
 * the store. The body goes there moved, not copied, and what comes back lets the event loop build
 * the Model in a few milliseconds (serialize's model-transfer.ts): the network's parameters moved,
 * the file's bytes over shared memory.
 */
import type { Model } from '@bpnn/core';
import { readModel, readModelJson, writeModel, type TransferredModel } from '@bpnn/serialize';
import { createHash } from 'node:crypto';
import { sharedBytes } from '../store/model-store.js';

/** An upload for the request pool. */
export interface UploadTask {
  /** The model's name, for error messages. */
  name: string;
  /** What error messages call the file, when not `uploaded model "<name>"` (a store's file, model-reader.ts). */
  source?: string;
  /** The JSON form (application/json), else a .bpnn file. */
  json: boolean;
  /** The request body (its buffer moved to the pool's thread, not copied, when it is the body's alone). */
  body: Uint8Array;
}

/** What the pool answers: the model, checked, with the .bpnn file and its SHA-256; or the error's status and message. */
export type UploadResult =
  | { model: TransferredModel; bytes: Uint8Array; sha256: string }
  | { status: number; error: string };

/** The model in an upload; anything wrong with it is serialize's FileFormatError (a 422 naming the field), a training record nested too deep among them (core's reader refuses one over 32 levels, which writing it again would overflow the stack on). */
export function readUploadedModel(name: string, json: boolean, body: Uint8Array, source = `uploaded model ${JSON.stringify(name)}`): Model {
  const model = json ? readModelJson(body, { source }) : readModel(body, { source });
  return model;
}

/**
 * readUploadedModel in a pool thread, with what the store needs besides the model: the .bpnn file
 * over shared memory (the upload itself, or written from the JSON form) and its SHA-256.
 */
export function readUploadedFile(task: UploadTask): { model: Model; bytes: Uint8Array; sha256: string } {
  const model = readUploadedModel(task.name, task.json, task.body, task.source);
  const bytes = sharedBytes(task.json ? writeModel(model) : task.body);
  return { model, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
