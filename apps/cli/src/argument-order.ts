/**
 * `bpnn predict data.csv model.bpnn`: the model and the data given the other way round, which
 * the model reader would otherwise refuse as a damaged model file ("header length must be at most
 * 100000000 bytes … save or train the model again"). Told by the first bytes of the two files: a
 * model (either form) where the data should be, and no model where the model should be.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from './exit-codes.js';

/** The first bytes of a regular file (not stdin, a FIFO or a device, which reading would consume or block on). */
function head(path: string): string | undefined {
  try {
    if (path === '-' || !statSync(path).isFile()) return undefined;
    const fd = openSync(path, 'r');
    try {
      const bytes = Buffer.alloc(64);
      return bytes.subarray(0, readSync(fd, bytes, 0, 64, 0)).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined; // the reader says why it cannot read it
  }
}

/** A .bpnn file (8 bytes of header length, then its JSON header) or the JSON form, by its first bytes. */
function isModel(bytes: string): boolean {
  return bytes.slice(8).startsWith('{"__metadata__":{"format":"bpnn"') || /^(\xEF\xBB\xBF)?\s*\{\s*"format"\s*:\s*"bpnn"/.test(bytes); // (latin1: a UTF-8 byte-order mark is 3 characters)
}

/** Refuses (UsageError) a model argument that is no model with a data argument that is one. */
export function checkArgumentOrder(command: string, modelFile: string, dataFile: string): void {
  const model = head(modelFile);
  const data = head(dataFile);
  if (model === undefined || data === undefined || isModel(model) || !isModel(data)) return;
  throw new UsageError(`${dataFile} is a model and ${modelFile} is not: the model comes first (bpnn ${command} ${dataFile} ${modelFile})`);
}
