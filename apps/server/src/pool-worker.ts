/**
 * The request pool's worker (bundled as dist/pool-worker.js, run by piscina), with one task per
 * kind of work that would hold the event loop: `predict` parses a large predict body, checks it,
 * predicts, and writes the JSON answer; `checkJob` parses and checks a large job body; `readUpload`
 * reads and checks a large model upload (model-upload.ts). For predictions, models arrive as the
 * bytes of their .bpnn file over shared memory and are read once per worker, then kept by their
 * SHA-256 (the newest few).
 */
import type { Model } from '@bpnn/core';
import { modelForTransfer, readModel } from '@bpnn/serialize';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { describeError } from './http/http-error.js';
import { checkJobBody, type JobSpec } from './jobs/job-body.js';
import { jobOptions } from './jobs/job-request.js';
import { parseJsonText } from './http/json-text.js';
import { readUploadedFile, type UploadResult, type UploadTask } from './models/model-upload.js';
import { checkPredictBody, predictAnswer, rowCount } from './models/prediction.js';

export interface PredictTask {
  name: string;
  sha256: string;
  /** The .bpnn file, over a SharedArrayBuffer. */
  modelBytes: Uint8Array;
  /** The request body: JSON text. */
  body: Uint8Array;
  maxRows: number;
}

/** The answer: a status and its JSON text (an error's is `{"error": …}`), and the rows predicted. */
export interface PredictResult {
  status: number;
  json: string;
  rows: number;
}

const MODELS_KEPT = 8;
const models = new Map<string, Model>();

function modelFor(task: PredictTask): Model {
  let model = models.get(task.sha256);
  if (model === undefined) {
    model = readModel(task.modelBytes, { source: `model ${JSON.stringify(task.name)}` });
    model.network.backend.setThreads(1);
    models.set(task.sha256, model);
    if (models.size > MODELS_KEPT) models.delete(models.keys().next().value!);
  }
  return model;
}

export function predict(task: PredictTask): PredictResult {
  try {
    const body = checkPredictBody(parseJsonText(task.body), task.maxRows);
    const answer = predictAnswer(task.name, modelFor(task), body);
    return { status: 200, json: JSON.stringify(answer), rows: rowCount(body) };
  } catch (error) {
    const { status, message } = describeError(error);
    if (status >= 500) throw error; // the pool's caller logs it and answers a bare 500
    return { status, json: JSON.stringify({ error: message }), rows: 0 };
  }
}

/** A checked job body's options (its data stays with the caller, as bytes), or the error's answer. */
export type JobCheck = { status: 200; spec: JobSpec } | { status: number; json: string };

export async function checkJob(body: Uint8Array): Promise<JobCheck> {
  try {
    return { status: 200, spec: jobOptions(await checkJobBody(parseJsonText(body))) };
  } catch (error) {
    const { status, message } = describeError(error);
    if (status >= 500) throw error;
    return { status, json: JSON.stringify({ error: message }) };
  }
}

/**
 * A large model upload, read and checked (the same errors as on the event loop), and the model
 * handed back with its parameters moved to the event loop's thread, not copied.
 */
export function readUpload(task: UploadTask): UploadResult {
  try {
    const { model, bytes, sha256 } = readUploadedFile(task);
    const { value, transfer } = modelForTransfer(model);
    const result: UploadResult = { model: value, bytes, sha256 };
    // piscina posts the value with these buffers in its transfer list (hence the cast: what
    // `move` marks is unwrapped before it is posted).
    return move({ [transferableSymbol]: transfer, [valueSymbol]: result }) as unknown as UploadResult;
  } catch (error) {
    const { status, message } = describeError(error);
    if (status >= 500) throw error;
    return { status, error: message };
  }
}
