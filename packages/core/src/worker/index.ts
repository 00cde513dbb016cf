/**
 * @bpnn/core/worker: training in a Web Worker. The worker's script calls `serveTraining()`; the
 * page calls `trainInWorker(worker, network, inputs, targets, options)`.
 */
export { serveTraining } from './serve.js';
export type { MessageScope } from './serve.js';
export { trainInWorker } from './train-in-worker.js';
export type { WorkerLike } from './train-in-worker.js';
