/**
 * The worker thread that trains one job (bundled as dist/train-worker.js): it reads the request
 * (parsing it when it came as JSON text) and the data set,
 * trains with core's Model.train on this thread only (`threads: 1`), posts one message per epoch
 * and, for a small network, a snapshot of it now and then (job-snapshot.ts), and posts the trained
 * model at the end (after its final snapshot), ready for the store, so that the server's event loop
 * reads nothing: the .bpnn bytes (over shared memory) with their SHA-256, and the Model itself as
 * serialize's modelForTransfer makes it (its parameters moved, not copied), which the server
 * rebuilds in a few milliseconds where reading the bytes again would take a hundred or more for a
 * million weights. The server stops it by setting the shared abort flag, which the training loop
 * checks between batches.
 */
import { BpnnError, Model } from '@bpnn/core';
import { modelForTransfer, writeModel } from '@bpnn/serialize';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { apiMessage } from './http/api-wording.js';
import { requestOf } from './jobs/job-body.js';
import { readJobData } from './jobs/job-data.js';
import { snapshotOf, snapshotThrottle, snapshotted } from './jobs/job-snapshot.js';
import { trainOptions } from './jobs/job-request.js';
import type { WorkerInput, WorkerMessage } from './jobs/job-record.js';
import { sharedBytes } from './store/model-store.js';

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

async function main({ payload, abort }: WorkerInput): Promise<void> {
  const request = await requestOf(payload);
  const data = await readJobData(request);
  post({ type: 'rows', rows: data.targets.length });
  const signal = { get aborted() { return Atomics.load(abort, 0) === 1; } };
  const throttle = snapshotThrottle();
  const { model, result } = Model.train(data, {
    ...trainOptions(request),
    signal,
    onEpoch: (info, current) => {
      post({ type: 'epoch', info });
      if (snapshotted(current) && throttle.due()) post({ type: 'snapshot', snapshot: snapshotOf(current, info.epoch, false) });
    },
  });
  if (snapshotted(model) && result.stoppedBy !== 'aborted') post({ type: 'snapshot', snapshot: snapshotOf(model, result.bestEpoch, true) });
  const bytes = sharedBytes(writeModel(model)); // the store keeps them in shared memory: no copy on the event loop
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { value, transfer } = modelForTransfer(model);
  post({ type: 'done', model: value, bytes, sha256, rows: model.training?.rows ?? 0, stoppedBy: result.stoppedBy }, transfer);
}

if (parentPort !== null && workerData !== undefined) {
  main(workerData as WorkerInput).catch((error: unknown) => {
    const known = error instanceof BpnnError;
    post({ type: 'failed', error: known ? apiMessage(error) : `internal error: ${error instanceof Error ? error.message : String(error)}`, kind: known ? error.name : 'Error' });
  });
}
