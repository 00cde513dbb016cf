/**
 * The working buffers of the batch a network has in flight, from its backend's memory: per layer
 * l, a (batchSize, n_l), and z and the residual δ for l ≥ 1 (z[0] holds inputs copied in for the
 * kernels; residual[0] is unused). They are made for a batch size and only ever grow.
 */
import type { Backend } from '../backend/backend.js';
import type { FloatArray } from '../data/matrix.js';
import { ConfigError, show } from '../errors.js';

/** The most values one of a network's batch buffers holds (2^31 − 1, as MAX_PARAMETERS). */
const MAX_BUFFER_VALUES = 2 ** 31 - 1;

/** Buffers for a batch of `batchSize` rows through `layers`; a batchSize too large for them is a ConfigError. */
export function batchBuffers(layers: readonly number[], backend: Backend, batchSize: number): { a: FloatArray[]; z: FloatArray[]; residual: FloatArray[] } {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', `must be a whole number ≥ 1, got ${show(batchSize)}`);
  const widest = Math.max(...layers);
  if (batchSize * widest > MAX_BUFFER_VALUES) {
    throw new ConfigError('batchSize', `${batchSize} rows of this network's layers need buffers of ${(batchSize * widest).toLocaleString('en-US')} values, more than ${MAX_BUFFER_VALUES.toLocaleString('en-US')}: predict in smaller batches`);
  }
  return {
    a: layers.map((n) => backend.allocate(batchSize * n)),
    z: layers.map((n) => backend.allocate(batchSize * n)),
    residual: layers.map((n, l) => backend.allocate(l === 0 ? 0 : batchSize * n)),
  };
}
