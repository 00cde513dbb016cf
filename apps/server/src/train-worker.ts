/**
 * The worker thread that trains one job (bundled as dist/train-worker.js): it reads the request
 * (parsing it when it came as JSON text) and the data set,
 * trains with core's Model.train on this thread only (`threads: 1`), posts one message per epoch
 * and, for a small network, a snapshot of it now and then (job-snapshot.ts), and posts the model's
 * .bpnn bytes at the end (after its final snapshot). The server stops it by setting the shared abort
 * flag, which the training loop checks between batches.
 */
import { BpnnError, Model } from '@bpnn/core';
import { writeModel } from '@bpnn/serialize';
import { parentPort, workerData } from 'node:worker_threads';
import { requestOf } from './job-body.js';
import { readJobData } from './job-data.js';
import { snapshotOf, snapshotThrottle, snapshotted } from './job-snapshot.js';
import { trainOptions } from './job-request.js';
import type { WorkerInput, WorkerMessage } from './job-record.js';

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

async function main({ payload, abort }: WorkerInput): Promise<void> {
  const request = await requestOf(payload);
  const data = await readJobData(request);
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
  const bytes = writeModel(model);
  post({ type: 'done', bytes, rows: model.training?.rows ?? 0, stoppedBy: result.stoppedBy }, [bytes.buffer as ArrayBuffer]);
}

if (parentPort !== null && workerData !== undefined) {
  main(workerData as WorkerInput).catch((error: unknown) => {
    const known = error instanceof BpnnError;
    post({ type: 'failed', error: known ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`, kind: known ? error.name : 'Error' });
  });
}
