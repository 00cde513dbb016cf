/**
 * The worker thread that trains one job (bundled as dist/train-worker.js): it reads the data set,
 * trains with core's Model.train on this thread only (`threads: 1`), posts one message per epoch,
 * and posts the model's .bpnn bytes at the end. The server stops it by setting the shared abort
 * flag, which the training loop checks between batches.
 */
import { BpnnError, DataError, Matrix, Model, type Dataset, show } from '@bpnn/core';
import { readCsvDataset, writeModel } from '@bpnn/serialize';
import { parentPort, workerData } from 'node:worker_threads';
import { trainOptions, type JobRequest } from './job-request.js';
import type { WorkerInput, WorkerMessage } from './job-record.js';

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

async function main({ request, abort }: WorkerInput): Promise<void> {
  const data = request.csv !== undefined
    ? await readCsvDataset(request.csv, { target: request.target, features: request.features, delimiter: request.delimiter, source: 'csv' })
    : datasetFromRows(request);
  const signal = { get aborted() { return Atomics.load(abort, 0) === 1; } };
  const { model, result } = Model.train(data, {
    ...trainOptions(request),
    signal,
    onEpoch: (info) => post({ type: 'epoch', info }),
  });
  const bytes = writeModel(model);
  post({ type: 'done', bytes, rows: model.training?.rows ?? 0, stoppedBy: result.stoppedBy }, [bytes.buffer as ArrayBuffer]);
}

/** A Dataset from JSON rows: numeric inputs by name, targets as given; a bad cell is named. */
export function datasetFromRows(request: JobRequest): Dataset {
  const rows = request.rows!;
  const targetNames = typeof request.target === 'string' ? [request.target] : request.target;
  for (const name of targetNames) {
    if (!Object.hasOwn(rows[0], name)) throw new DataError(`rows[0] has no target column ${show(name)}`);
  }
  const inputNames = request.features ?? Object.keys(rows[0]).filter((key) => !targetNames.includes(key));
  if (inputNames.length === 0) throw new DataError(`rows have no feature columns besides the target ${targetNames.join(', ')}`);
  const inputs = new Matrix(rows.length, inputNames.length, new Float64Array(rows.length * inputNames.length)); // (rows, inputs)
  const targets = rows.map((row, r) => {
    inputNames.forEach((name, c) => {
      const value = row[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataError(`rows[${r}].${name} must be a finite number, got ${show(value)}`);
      inputs.data[r * inputNames.length + c] = value;
    });
    return targetNames.map((name) => {
      const value = row[name];
      if (value === undefined || value === '') throw new DataError(`rows[${r}].${name} is missing (a target)`);
      return value;
    });
  });
  return { inputNames, inputs, targetNames, targets };
}

if (parentPort !== null && workerData !== undefined) {
  main(workerData as WorkerInput).catch((error: unknown) => {
    const known = error instanceof BpnnError;
    post({ type: 'failed', error: known ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`, kind: known ? error.name : 'Error' });
  });
}
