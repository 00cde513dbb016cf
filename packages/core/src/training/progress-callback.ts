/**
 * What an `onProgress` callback returned (fitAsync, Model.trainAsync, trainInWorker). Training
 * does not wait for it between slices, but a promise it returns (an async callback that logs or
 * saves) is not left alone: when it rejects, training stops and the training's own promise
 * rejects with that error, rather than Node ending the process on a rejection no one handled.
 */

/** Calls `failed` with the reason if `answer` is a promise (a thenable) that rejects. */
export function onRejection(answer: unknown, failed: (reason: unknown) => void): PromiseLike<unknown> | null {
  if (answer === null || (typeof answer !== 'object' && typeof answer !== 'function')) return null;
  if (typeof (answer as PromiseLike<unknown>).then !== 'function') return null;
  return (answer as PromiseLike<unknown>).then(undefined, failed);
}
