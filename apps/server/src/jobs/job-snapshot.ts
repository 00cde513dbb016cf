/**
 * A snapshot of a job's network while it trains: the model's JSON form (the same as
 * GET /v1/models/:name/file with Accept: application/json gives, without the training record or
 * the optimiser's state) at the end of an epoch, so that a client can draw what the network
 * predicts as it learns (the web page's live decision map) with the weights themselves.
 *
 * Only small networks are snapshotted (at most MAX_SNAPSHOT_PARAMETERS weights and biases: a
 * snapshot is then at most about 100 KB of JSON), and at most one every SNAPSHOT_INTERVAL_MS, by
 * the training worker itself (train-worker.ts). Whatever carries a job's events carries them: the
 * in-process queue's listeners, the cluster primary's IPC, PostgreSQL's events table. A job that
 * succeeds sends one more, `final`, of the model exactly as it is stored (with early stopping, the
 * best epoch's weights). A server keeps only a job's latest snapshot, and none once it has ended.
 */
import { Model, modelJson, type ModelJson } from '@bpnn/core';

/** Networks with more weights and biases than this get no snapshots. */
export const MAX_SNAPSHOT_PARAMETERS = 5000;

/** A job's snapshots are at least this far apart (4 a second at most), but for the final one. */
export const SNAPSHOT_INTERVAL_MS = 250;

export interface JobSnapshot {
  /** The epoch whose end the weights are from (for the final snapshot, the epoch kept: with early stopping, the best). */
  epoch: number;
  /** True for the model as stored, once training has ended. */
  final: boolean;
  /** The model's JSON form, without its training record (null) and optimiser state. */
  model: ModelJson;
}

/** Whether a model is small enough to be snapshotted. */
export const snapshotted = (model: Model): boolean => model.network.parameterCount <= MAX_SNAPSHOT_PARAMETERS;

/** The snapshot of a model (its network as it is now) at the end of `epoch`. */
export function snapshotOf(model: Model, epoch: number, final: boolean): JobSnapshot {
  const { task, network, inputNames, targetNames, inputScaler, categorical, fill, labels, targetScaler } = model;
  // A Model of the same parts but no training record or checkpoint: the weights, and what turns raw inputs into outputs.
  const bare = new Model({ task, network, inputNames, targetNames, inputScaler, categorical, fill, labels, targetScaler });
  return { epoch, final, model: modelJson(bare) };
}

/**
 * The throttle: `due()` is true when a snapshot may be taken now (the first one at once, then
 * one per `intervalMs` at most), and counts it as taken. `now` is the clock (milliseconds).
 */
export function snapshotThrottle(intervalMs = SNAPSHOT_INTERVAL_MS, now: () => number = () => performance.now()): { due(): boolean } {
  let last = -Infinity;
  return {
    due() {
      const t = now();
      if (t - last < intervalMs) return false;
      last = t;
      return true;
    },
  };
}
