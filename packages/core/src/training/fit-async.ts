/**
 * `fitAsync`: the training `fit` runs, driven in time slices of about SLICE_MS with the event
 * loop running between them, so that a page stays responsive and a server keeps answering while
 * a network trains on the same thread. The weights are bit-identical to `fit`'s under the same
 * options (a slice ends on a batch boundary). An abort ends training at the next batch, as in
 * `fit`: the promise resolves with `stoppedBy: 'aborted'` and the weights of the last whole epoch.
 */
import { clock } from '../clock.js';
import { ConfigError, show } from '../errors.js';
import type { MatrixLike } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import { checkOptions } from '../strict-options.js';
import { onRejection } from './progress-callback.js';
import { FIT_OPTIONS, resultOf, startTraining, type FitOptions, type FitResult } from './train.js';

/** How far a training has got, reported between slices. */
export interface TrainingProgress {
  /** Epochs finished plus the fraction of the current one, e.g. 12.5. */
  epoch: number;
  epochs: number;
  /** Seconds since training started. */
  seconds: number;
}

/** fitAsync's options: fit's, and progress reports between time slices. */
export interface FitAsyncOptions extends FitOptions {
  /**
   * Called between time slices (about every 15 ms), also in the middle of a long epoch. Training
   * does not wait for a promise it returns, but fitAsync settles only after them, and rejects with
   * the first one's error, training stopped at the next slice, when one rejects.
   */
  onProgress?: (progress: TrainingProgress) => void;
}

/** Every option of fitAsync: any other key is an error naming the closest one. */
export const FIT_ASYNC_OPTIONS: readonly string[] = [...FIT_OPTIONS, 'onProgress'];

/** The time a slice of training aims at before the event loop gets its turn. */
export const SLICE_MS = 15;

/** Trains `network` in place like `fit`, yielding to the event loop about every SLICE_MS. */
export async function fitAsync(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitAsyncOptions = {}): Promise<FitResult> {
  checkOptions(options, FIT_ASYNC_OPTIONS, 'fitAsync');
  const { onProgress } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new ConfigError('onProgress', `must be a function, got ${show(onProgress)}`);
  const training = startTraining(network, inputs, targets, options);
  try {
    await network.backend.threadsReady(); // a browser's workers start only once this thread is idle
    // What onProgress's promises came to: the first failure stops training.
    const pending = new Set<PromiseLike<unknown>>(); // those not settled yet
    const failure: { reason?: unknown; failed: boolean } = { failed: false };
    const failed = (reason: unknown) => {
      if (failure.failed) return;
      failure.failed = true;
      failure.reason = reason;
    };
    // Samples per slice: one batch at first, then sized from the speed measured so far.
    let samples = 1;
    for (;;) {
      const start = clock.now();
      if (training.advance(samples)) break;
      const elapsed = clock.now() - start;
      samples = elapsed > 0 ? Math.max(1, Math.min(samples * 4, Math.round((samples * SLICE_MS) / elapsed))) : samples * 4;
      const answer = onProgress?.({ epoch: training.progress, epochs: training.plannedEpochs, seconds: (clock.now() - training.started) / 1000 });
      const settled = onRejection(answer, failed);
      if (settled !== null) {
        pending.add(settled);
        void settled.then(() => pending.delete(settled)); // (a rejection is handled by failed: this always fulfils)
      }
      await nextTask();
      if (failure.failed) throw failure.reason;
    }
    await Promise.all([...pending]);
    if (failure.failed) throw failure.reason;
    return resultOf(training);
  } finally {
    training.close();
  }
}

/**
 * Resolves in a new task of the event loop, after what is waiting (timers, I/O, input events):
 * setImmediate in Node; in a browser a MessageChannel message, which, unlike setTimeout(0), is
 * not clamped to 4 ms once nested.
 */
function nextTask(): Promise<void> {
  const scope = globalThis as unknown as { setImmediate?: (callback: () => void) => unknown; MessageChannel?: new () => Channel };
  if (typeof scope.setImmediate === 'function') return new Promise((resolve) => scope.setImmediate!(resolve));
  if (typeof scope.MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (channel === null) {
    channel = new scope.MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const { port2 } = channel;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port2.postMessage(null);
  });
}

/** The part of a browser's MessageChannel used here. */
interface Channel {
  port1: { onmessage: (() => void) | null };
  port2: { postMessage(message: null): void };
}
let channel: Channel | null = null;
const waiting: (() => void)[] = [];
