/**
 * The worker's side: `serveTraining()` in a Web Worker (or a Node worker thread's parentPort)
 * answers `trainInWorker`'s requests. It rebuilds the network, trains it with fitAsync (so that an
 * abort message gets through between time slices), reports each epoch and the progress when
 * asked, and sends the trained parameters back, transferred.
 */
import { fitAsync } from '../training/fit-async.js';
import { Matrix } from '../data/matrix.js';
import { Network } from '../network/network.js';
import { isMessage, portableError, type FlatMatrix, type Reply, type Request } from './protocol.js';

/** What a worker's global scope (or a Node MessagePort) offers: messages in and out. */
export interface MessageScope {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Serves training requests on `scope` (the worker's global scope by default), one at a time. */
export function serveTraining(scope: MessageScope = globalThis as unknown as MessageScope): void {
  const running = new Map<number, { aborted: boolean; stop: boolean }>();
  const reply = (message: Reply, transfer: ArrayBuffer[] = []) => scope.postMessage(message, transfer);
  scope.addEventListener('message', (event) => {
    const message = event.data;
    if (!isMessage<Request>(message)) return; // not ours
    const state = running.get(message.id);
    if (message.type === 'bpnn-abort' && state) state.aborted = true;
    else if (message.type === 'bpnn-stop' && state) state.stop = true;
    else if (message.type === 'bpnn-train') {
      if (running.size > 0) {
        reply({ type: 'bpnn-error', id: message.id, error: { name: 'ConfigError', field: 'worker', message: 'worker is already training a network; use one worker per training' } });
        return;
      }
      const control = { aborted: false, stop: false };
      running.set(message.id, control);
      train(message, control, reply).finally(() => running.delete(message.id));
    }
  });
}

async function train(request: Extract<Request, { type: 'bpnn-train' }>, control: { aborted: boolean; stop: boolean }, reply: (message: Reply, transfer?: ArrayBuffer[]) => void): Promise<void> {
  const { id, report } = request;
  try {
    const network = Network.fromParameters(request.config, request.params, request.backend, request.kernels ?? undefined);
    const { validation, ...options } = request.options;
    const result = await fitAsync(network, matrix(request.inputs), matrix(request.targets), {
      ...options,
      validation: validation && { inputs: matrix(validation.inputs), targets: matrix(validation.targets) },
      signal: control,
      onEpoch: (info) => {
        if (report.epochs) reply({ type: 'bpnn-epoch', id, info });
        return !control.stop;
      },
      onProgress: report.progress ? (progress) => reply({ type: 'bpnn-progress', id, progress }) : undefined,
    });
    const params = network.params.slice(); // out of the network's (maybe shared) memory
    reply({ type: 'bpnn-done', id, params, result: { ...result, history: result.history } }, [params.buffer as ArrayBuffer]);
  } catch (error) {
    reply({ type: 'bpnn-error', id, error: portableError(error) });
  }
}

function matrix(flat: FlatMatrix): Matrix {
  return new Matrix(flat.rows, flat.cols, flat.data);
}
