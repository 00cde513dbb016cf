/**
 * What the main thread and the training thread (train-worker.ts) say to each other, and the main
 * thread's side of it: start the worker, relay its epochs, stop it on request, and give back the
 * trained model or the error it threw, as the same class.
 */
import { Worker } from 'node:worker_threads';
import {
  BpnnError,
  ConfigError,
  DataError,
  FormatError,
  Matrix,
  matrixWithMissing,
  ShapeError,
  TrainingError,
  type CategoricalInput,
  type Dataset,
  type EpochInfo,
  type FitResult,
  type FloatArray,
  type MatrixDataset,
  type TrainOptions,
} from '@bpnn/core';
import type { StreamedData } from '../data/stream-data.js';

/** A Dataset as structured clone carries it: the inputs as one typed array, of the dtype read. */
export interface PlainDataset {
  inputNames: string[];
  targetNames: string[];
  rows: number;
  inputs: FloatArray;
  /**
   * Rows that share one array (readCsvDataset's rows of one label) are carried once by structured
   * clone; numeric targets as one array, (rows, targetNames.length) (a MatrixDataset's).
   */
  targets: ReadonlyArray<ReadonlyArray<string | number>> | { numbers: Float64Array };
  /** The categorical input columns, when there are any (a Dataset's). */
  categorical?: CategoricalInput[];
}

/** A FitResult as the training thread sends it: without the checkpoint, which the model's bytes carry. */
export type TrainedResult = Omit<FitResult, 'checkpoint'>;

export interface WorkerRequest {
  /** The data in memory, or (bpnn train --stream) the cache file the worker reads a block at a time. */
  data: PlainDataset | { stream: StreamedData };
  /** Every option but the callbacks (onEpoch, signal), which the worker supplies, and the model to continue. */
  options: Omit<TrainOptions, 'onEpoch' | 'signal' | 'validation' | 'from'>;
  /** One Int32: 0 while training may go on, 1 once it should stop. */
  stop: SharedArrayBuffer;
  /** The .bpnn bytes of a model to continue (--from). */
  from?: Uint8Array;
}

export type WorkerMessage =
  | { type: 'epoch'; info: EpochInfo }
  | { type: 'done'; model: Uint8Array; result: TrainedResult }
  | { type: 'error'; kind: string; field?: string; message: string };

export function plainDataset(data: Dataset | MatrixDataset): PlainDataset {
  const x = matrixWithMissing(data.inputs, 'inputs'); // missing values (NaN) go along, for a training that fills them
  return {
    inputNames: [...data.inputNames],
    targetNames: [...data.targetNames],
    rows: x.rows,
    inputs: x.data,
    targets: data.targets instanceof Matrix ? { numbers: data.targets.data as Float64Array } : data.targets,
    ...(data.categorical !== undefined && data.categorical.length > 0 && { categorical: data.categorical.map(({ name, categories }) => ({ name, categories: [...categories] })) }),
  };
}

/** The error the worker threw, rebuilt as its class so that exit codes map the same way. */
function rebuild(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  switch (message.kind) {
    case 'ConfigError': {
      const field = message.field ?? '';
      return new ConfigError(field, message.message.slice(field.length + 1));
    }
    case 'ShapeError':
      return new ShapeError(message.message);
    case 'DataError':
      return new DataError(message.message);
    case 'FormatError':
    case 'FileFormatError':
      return new FormatError(message.message);
    case 'TrainingError':
      return new TrainingError(message.message);
    case 'internal':
      return new Error(message.message);
    default:
      return new BpnnError(message.message);
  }
}

export interface Training {
  /** Resolves with the trained model's .bpnn bytes and the fit result (its checkpoint is the model's). */
  finished: Promise<{ model: Uint8Array; result: TrainedResult }>;
  /** Asks training to stop after the batch in flight (the worker keeps the weights as fit says). */
  stop(): void;
  /** Ends the worker at once (a second Ctrl-C). */
  kill(): Promise<number>;
}

/**
 * Starts the training thread. With `handOver`, the caller gives up its data set: the arrays of its
 * inputs and numeric targets move to the worker rather than being copied, whole (an array that is a
 * view of a little more room moves with that room), and the caller's data set is then empty.
 */
export function startTraining(data: Dataset | MatrixDataset | { stream: StreamedData }, options: WorkerRequest['options'], onEpoch: (info: EpochInfo) => void, from?: Uint8Array, handOver = false): Training {
  const stop = new SharedArrayBuffer(4);
  const request: WorkerRequest = { data: 'stream' in data ? data : plainDataset(data), options, stop, ...(from !== undefined && { from }) };
  // The command is one bundled file (entry.ts): run as a worker, it is the training thread.
  // A matrix that has its buffer to itself, or that the caller hands over, moves to the worker rather
  // than being copied (a million rows of 20 columns are 80 MB in float32).
  const arrays = 'stream' in request.data ? [] : [request.data.inputs, ...('numbers' in request.data.targets ? [request.data.targets.numbers] : [])];
  const transferList = arrays
    .filter((array) => array.buffer instanceof ArrayBuffer && (handOver || array.byteLength === array.buffer.byteLength))
    .map((array) => array.buffer as ArrayBuffer);
  const worker = new Worker(new URL(import.meta.url), { workerData: request, transferList });
  const finished = new Promise<{ model: Uint8Array; result: TrainedResult }>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'epoch') onEpoch(message.info);
      else if (message.type === 'done') {
        settled = true;
        resolve({ model: message.model, result: message.result });
        void worker.terminate(); // in case a thread of core's (wasm kernels) would keep it alive
      } else {
        settled = true;
        reject(rebuild(message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the training thread stopped (exit code ${code}) without a result`));
    });
  });
  return {
    finished,
    stop: () => Atomics.store(new Int32Array(stop), 0, 1),
    kill: () => worker.terminate(),
  };
}
