/**
 * How deeply an uploaded model's free-form parts may nest. A model file's training record
 * (`training`, with its `options`) is kept as the file has it, unknown members and all, and written
 * again with the recursive JSON.stringify whenever the model is stored or shown: a record nested
 * thousands deep would overflow the stack there (a 500). So an upload (a .bpnn file's
 * `__metadata__.training` or the JSON form's `training`) may nest no deeper than request bodies do
 * (http/json-text.ts), and one that does is a 422 naming the limit. Everything else in a model
 * file is read against its schema, which refuses what nests where it should not.
 */
import type { Model } from '@bpnn/core';
import { HttpError } from '../http/http-error.js';
import { checkJsonDepth, MAX_JSON_DEPTH } from '../http/json-text.js';

/** Throws a 422 when the model's training record nests deeper than MAX_JSON_DEPTH. */
export function checkModelDepth(model: Model, source: string): void {
  try {
    checkJsonDepth(model.training, MAX_JSON_DEPTH, `${source}: training`);
  } catch (error) {
    throw error instanceof HttpError ? new HttpError(422, error.message) : error;
  }
}
