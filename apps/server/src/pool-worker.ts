/**
 * The prediction pool's worker (bundled as dist/predict-worker.js, run by piscina): it parses a
 * large predict body, checks it, predicts, and writes the JSON answer, all off the event loop.
 * Models arrive as the bytes of their .bpnn file over shared memory and are read once per worker,
 * then kept by their SHA-256 (the newest few).
 */
import type { Model } from '@bpnn/core';
import { readModel } from '@bpnn/serialize';
import { describeError } from './http-error.js';
import { checkJobBody, type JobSpec } from './job-body.js';
import { jobOptions } from './job-request.js';
import { parseJsonText } from './json-text.js';
import { checkPredictBody, predictAnswer, rowCount } from './prediction.js';

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

export default function predict(task: PredictTask): PredictResult {
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
