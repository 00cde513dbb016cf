/**
 * What an `onEpoch` callback returned (fit, fitAsync, Model.train, trainInWorker): false stops
 * training after the epoch, anything else goes on. A promise (an async callback) is refused at the
 * first epoch: training waits for nothing between epochs, so a promise's false could not stop it,
 * and its rejection would reach no one (Node ends the process on an unhandled rejection).
 */
import { ConfigError, show } from '../errors.js';

const NOT_AWAITED = 'training waits for no promise between epochs, so its false could not stop training nor its failure reach you; return false to stop or nothing to go on, and start asynchronous work without returning it (stop with signal)';

/**
 * Checks an onEpoch option before training starts: a function, and not an async one. `Model.train`
 * and `trainModelOnRows` wrap the caller's in their own, so they check it before wrapping.
 */
export function checkOnEpoch(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'function') throw new ConfigError('onEpoch', `must be a function (info) => boolean | void, got ${show(value)}`);
  const kind = Object.prototype.toString.call(value);
  if (kind === '[object AsyncFunction]' || kind === '[object AsyncGeneratorFunction]') throw new ConfigError('onEpoch', `is an async function: ${NOT_AWAITED}`);
}

/** Whether `answer`, what onEpoch returned, stops training; a ConfigError when it is a promise. */
export function stopsTraining(answer: unknown): boolean {
  if (answer === false) return true;
  if (answer !== null && (typeof answer === 'object' || typeof answer === 'function') && typeof (answer as PromiseLike<unknown>).then === 'function') {
    (answer as PromiseLike<unknown>).then(undefined, () => {}); // its failure is handled here: the error below says why it was not awaited
    throw new ConfigError('onEpoch', `returned a promise: ${NOT_AWAITED}`);
  }
  return false;
}
