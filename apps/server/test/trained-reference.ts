/**
 * The reference for a finished job's stored model: the same request trained with core directly, on
 * this thread (Model.train with the options and data the training worker builds from it), and the
 * check that a stored .bpnn file is that model: the same parameters to the bit, the same training
 * record (all but its `seconds`), the same predictions. The file's SHA-256 is checked against the
 * one the server reports.
 */
import { Model } from '@bpnn/core';
import { readModel } from '@bpnn/serialize';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { readJobData } from '../src/jobs/job-data.js';
import { jobRequestSchema, trainOptions } from '../src/jobs/job-request.js';
import { parseBody } from '../src/http/validation.js';

/** The model a job with this body trains, trained here with core. */
export async function referenceModel(body: unknown): Promise<Model> {
  const request = parseBody(jobRequestSchema, body);
  return Model.train(await readJobData(request), trainOptions(request)).model;
}

/** Expects `bytes` (a stored model file, `sha256` as the server reports it) to be `reference`, trained the same way. */
export function expectTrainedAs(bytes: Uint8Array, sha256: string, reference: Model, inputs: number[][]): void {
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  const stored = readModel(bytes, { source: 'the stored model' });
  const bits = (model: Model) => Buffer.from(model.network.params.buffer, model.network.params.byteOffset, model.network.params.byteLength);
  expect(stored.network.config()).toEqual(reference.network.config());
  expect(bits(stored).equals(bits(reference)), 'the parameters, bit for bit').toBe(true);
  expect({ ...stored.training, seconds: 0 }).toEqual({ ...reference.training, seconds: 0 });
  expect(stored.predict(inputs)).toEqual(reference.predict(inputs));
}
