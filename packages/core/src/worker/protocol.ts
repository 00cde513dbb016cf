/**
 * The messages between a page (or any main thread) and a worker that trains for it. A request
 * carries the network as its config and parameters and the data as flat typed arrays, which are
 * transferred, not copied; the worker answers with progress and, at the end, the trained
 * parameters or the error. Every message has `type` starting with "bpnn-" and the request's `id`,
 * so a worker can serve other messages too.
 */
import { BpnnError, ConfigError, DataError, FormatError, ShapeError, TrainingError } from '../errors.js';
import type { EpochInfo } from '../training/history.js';
import type { FloatArray } from '../data/matrix.js';
import type { NetworkConfig } from '../network/network-config.js';
import type { BackendName } from '../backend/backend.js';
import type { KernelVariant } from '../backend/kernel-variants.js';
import type { TrainingProgress } from '../training/fit-async.js';
import type { FitOptions, FitResult } from '../training/train.js';

/** A matrix as it crosses: (rows, cols) row-major. */
export interface FlatMatrix {
  rows: number;
  cols: number;
  data: FloatArray;
}

/** fit's options that can cross to a worker: no callbacks, no signal; the validation set flat. */
export type PortableFitOptions = Omit<FitOptions, 'onEpoch' | 'signal' | 'validation'> & {
  validation?: { inputs: FlatMatrix; targets: FlatMatrix };
};

export type Request =
  | {
      type: 'bpnn-train';
      id: number;
      config: NetworkConfig;
      backend: BackendName;
      /** The wasm build the page's network runs (null for js), so that the worker computes the same bits. */
      kernels: KernelVariant | null;
      params: FloatArray;
      inputs: FlatMatrix;
      targets: FlatMatrix;
      options: PortableFitOptions;
      /** Which reports the caller wants: each epoch, and progress between time slices. */
      report: { epochs: boolean; progress: boolean };
    }
  /** Stop at the next batch (the result says 'aborted'). */
  | { type: 'bpnn-abort'; id: number }
  /** Stop after the current epoch (the result says 'callback'): the caller's onEpoch returned false. */
  | { type: 'bpnn-stop'; id: number };

export type Reply =
  | { type: 'bpnn-epoch'; id: number; info: EpochInfo }
  | { type: 'bpnn-progress'; id: number; progress: TrainingProgress }
  | { type: 'bpnn-done'; id: number; params: FloatArray; result: PlainFitResult }
  | { type: 'bpnn-error'; id: number; error: PortableError };

/** A FitResult with its history as a plain array (a getter does not cross). */
export type PlainFitResult = Omit<FitResult, 'history'> & { history: EpochInfo[] };

export interface PortableError {
  name: string;
  message: string;
  field?: string;
}

export function isMessage<T extends { type: string; id: number }>(value: unknown): value is T {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('bpnn-') && typeof (value as { id?: unknown }).id === 'number';
}

export function portableError(error: unknown): PortableError {
  if (error instanceof ConfigError) return { name: error.name, message: error.message, field: error.field };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

const CLASSES: Record<string, new (message: string) => BpnnError> = { ShapeError, DataError, FormatError, TrainingError };

/** The error as the worker threw it: the same typed class, the same message. */
export function revive(error: PortableError): Error {
  if (error.name === 'ConfigError' && error.field !== undefined && error.message.startsWith(`${error.field} `)) {
    return new ConfigError(error.field, error.message.slice(error.field.length + 1));
  }
  const Class = CLASSES[error.name];
  if (Class !== undefined) return new Class(error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}
