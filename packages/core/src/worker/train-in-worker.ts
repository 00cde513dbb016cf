/**
 * The page's side: `trainInWorker(worker, network, inputs, targets, options)` trains `network` in a
 * worker that runs `serveTraining()`, so that the page's own thread stays free. The data is
 * checked here, copied once and transferred; the trained parameters come back into `network`.
 * It resolves with what fit would, to the bit (the worker runs the same fitAsync on the same
 * backend). `signal` (an AbortSignal) stops at the next batch; onEpoch and onProgress are called
 * here as the worker reports; onEpoch returning false stops training after the epoch the worker is
 * in when the answer arrives (it does not wait for the page), with stoppedBy 'callback'.
 */
import { ConfigError, show } from '../errors.js';
import type { FitAsyncOptions } from '../training/fit-async.js';
import type { MatrixLike } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import { checkOnEpoch, stopsTraining } from '../training/epoch-callback.js';
import { onRejection } from '../training/progress-callback.js';
import type { FitResult } from '../training/train.js';
import { isMessage, revive, type FlatMatrix, type PortableFitOptions, type Reply, type Request } from './protocol.js';

/** What a Web Worker offers (a Node worker thread through a small adapter does too). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: { data?: unknown; message?: string }) => void): void;
  removeEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: { data?: unknown; message?: string }) => void): void;
}

let nextId = 1;

export async function trainInWorker(worker: WorkerLike, network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitAsyncOptions = {}): Promise<FitResult> {
  const { onEpoch, onProgress, signal, validation, ...rest } = options;
  if (worker === null || typeof worker !== 'object' || typeof worker.postMessage !== 'function' || typeof worker.addEventListener !== 'function') {
    throw new ConfigError('worker', `must be a Worker (postMessage and addEventListener), got ${show(worker)}`);
  }
  checkOnEpoch(onEpoch);
  if (signal !== undefined && typeof (signal as AbortSignal).addEventListener !== 'function') {
    throw new ConfigError('signal', 'must be an AbortSignal to stop a training in a worker');
  }
  const transfer: ArrayBuffer[] = [];
  const flat = (value: MatrixLike, name: string, width: number): FlatMatrix => {
    const x = network.checkInputs(value, name, width);
    const data = x.data.slice(); // our own copy, to transfer: the caller's arrays stay usable
    transfer.push(data.buffer as ArrayBuffer);
    return { rows: x.rows, cols: x.cols, data };
  };
  const portable: PortableFitOptions = { ...rest };
  const request: Request = {
    type: 'bpnn-train',
    id: nextId++,
    config: network.config(),
    backend: network.backend.name,
    kernels: network.backend.kernels,
    params: network.params.slice(),
    inputs: flat(inputs, 'inputs', network.inputSize),
    targets: flat(targets, 'targets', network.outputSize),
    options: portable,
    report: { epochs: onEpoch !== undefined, progress: onProgress !== undefined },
  };
  if (validation !== undefined) {
    portable.validation = { inputs: flat(validation.inputs, 'validation inputs', network.inputSize), targets: flat(validation.targets, 'validation targets', network.outputSize) };
  }
  transfer.push(request.params.buffer as ArrayBuffer);
  const { id } = request;
  const abortSignal = signal as AbortSignal | undefined;

  return await new Promise<FitResult>((resolve, reject) => {
    let settled = false; // finished, one way or another: a late rejection of onProgress's changes nothing
    const finish = () => {
      settled = true;
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onError);
      abortSignal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => worker.postMessage({ type: 'bpnn-abort', id } satisfies Request, []);
    const onError = (event: { message?: string }) => {
      finish();
      reject(new Error(`the training worker failed${event.message ? `: ${event.message}` : ' (its script did not load, or a message could not be read)'}`));
    };
    const onMessage = (event: { data?: unknown }) => {
      const reply = event.data;
      if (!isMessage<Reply>(reply) || reply.id !== id) return;
      try {
        if (reply.type === 'bpnn-epoch') {
          if (onEpoch !== undefined && stopsTraining(onEpoch(reply.info))) worker.postMessage({ type: 'bpnn-stop', id } satisfies Request, []);
        } else if (reply.type === 'bpnn-progress') {
          onRejection(onProgress?.(reply.progress), (reason) => {
            if (!settled) stop(reason);
          });
        } else if (reply.type === 'bpnn-done') {
          finish();
          network.params.set(reply.params);
          resolve(reply.result);
        } else if (reply.type === 'bpnn-error') {
          finish();
          reject(revive(reply.error));
        }
      } catch (error) {
        stop(error);
      }
    };
    /** A callback of the caller threw, or its promise rejected: stop the worker's training and pass the error on. */
    const stop = (error: unknown) => {
      finish();
      worker.postMessage({ type: 'bpnn-abort', id } satisfies Request, []);
      reject(error);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onError);
    abortSignal?.addEventListener('abort', onAbort);
    worker.postMessage(request, transfer);
    if (abortSignal?.aborted) onAbort();
  });
}
