/**
 * The training thread. `Model.train` runs synchronously, so while it runs its thread handles no
 * events: no Ctrl-C, no redraws. The CLI therefore trains here, in a worker thread, and keeps the
 * main thread free to draw progress and to catch SIGINT; a Ctrl-C sets a flag in shared memory,
 * which `signal.aborted` reads between batches. The trained model comes back as .bpnn bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BpnnError, ConfigError, Matrix, Model, trainModelOnRows, type Dataset, type MatrixDataset, type TrainOptions } from '@bpnn/core';
import { cacheRows } from '../data/cache-rows.js';
import type { StreamedData } from '../data/stream-data.js';
import { readModel, writeModel } from '@bpnn/serialize';
import type { PlainDataset, WorkerMessage, WorkerRequest } from './train-protocol.js';

function dataset(plain: PlainDataset): Dataset | MatrixDataset {
  const inputs = new Matrix(plain.rows, plain.inputNames.length, plain.inputs);
  const { targets } = plain;
  const categorical = plain.categorical === undefined ? {} : { categorical: plain.categorical };
  if ('numbers' in targets) return { inputNames: plain.inputNames, targetNames: plain.targetNames, inputs, targets: new Matrix(plain.rows, plain.targetNames.length, targets.numbers), ...categorical };
  return { ...plain, inputs, targets };
}

/** bpnn train --stream: core trains from the cache file, which this thread reads a block at a time. */
function trainStreamed(data: StreamedData, options: TrainOptions): { model: Model; result: ReturnType<typeof Model.train>['result'] } {
  const source = cacheRows(data.path, data.footer, data.targets, data.source);
  try {
    const { inputNames, targetNames, categorical, request } = data.footer;
    return trainModelOnRows({ inputNames, targetNames, labels: data.labels, source, categorical, inputType: request.dtype }, options);
  } finally {
    source.close();
  }
}

/**
 * Model.train on the data set in memory, which nothing else holds: once training is over it is
 * garbage, so its memory is free again before the model (with a checkpoint as long as the rows)
 * is written.
 */
function trainInMemory(plain: PlainDataset, options: TrainOptions): ReturnType<typeof Model.train> {
  return Model.train(dataset(plain), options);
}

/** The request's data set, which the request then lets go of. */
function takeData(): PlainDataset {
  const data = request.data as PlainDataset;
  (request as { data?: unknown }).data = undefined;
  return data;
}

const request = workerData as WorkerRequest;
const stop = new Int32Array(request.stop);
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  const options: TrainOptions = {
    ...request.options,
    ...(request.from !== undefined && { from: readModel(request.from, { source: 'the model to continue' }) }),
    onEpoch: (info) => post({ type: 'epoch', info }),
    // This thread's data are its own (moved or copied here), so they are scaled where they lie.
    scaleInPlace: true,
    signal: {
      get aborted() {
        return Atomics.load(stop, 0) !== 0;
      },
    },
  };
  const { model, result } = 'stream' in request.data ? trainStreamed(request.data.stream, options) : trainInMemory(takeData(), options);
  const bytes = writeModel(model);
  // The result's checkpoint is the model's, which the bytes carry, and the bytes move rather than
  // being copied: with a million rows, its order alone is 4 MB.
  const { checkpoint: _checkpoint, ...sent } = result;
  post({ type: 'done', model: bytes, result: sent }, [bytes.buffer as ArrayBuffer]);
} catch (error) {
  if (error instanceof BpnnError) {
    post({ type: 'error', kind: error.name, field: error instanceof ConfigError ? error.field : undefined, message: error.message });
  } else {
    post({ type: 'error', kind: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
