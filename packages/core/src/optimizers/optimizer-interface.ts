/**
 * What an optimiser is, shared by the optimisers and everything that drives them: the interface,
 * and the zero-filled state buffer each creates lazily. The registry (optimizer.ts) imports the
 * optimisers; they import only this file.
 */
import type { Backend } from '../backend.js';
import type { FloatArray } from '../matrix.js';

/** The optimisers by name. */
export type OptimizerName = 'sgd' | 'adam' | 'rprop';

/**
 * A rule that updates the parameters from their gradients, keeping its own state (velocity,
 * moments, step sizes) between steps. Get one with `optimizer` (optimizer.ts).
 */
export interface Optimizer {
  readonly name: OptimizerName;
  /** True when the optimiser only works on the gradient of the whole training set (RPROP). */
  readonly fullBatch: boolean;
  /** Updates params in place from grads (same layout). */
  step(params: FloatArray, grads: FloatArray): void;
  /**
   * η when the step is plain gradient descent, w ← w − η·g (sgd without momentum), which a
   * compiled training step may then take itself (online.ts); undefined otherwise.
   */
  readonly descentRate?: number;
  /** η, for the optimisers that have one (sgd, adam): a schedule (schedules.ts) sets it per epoch. */
  learningRate?: number;
}

/** A zero-filled state buffer like `params`: in the backend's memory when there is one. */
export function stateLike(params: FloatArray, backend?: Backend): FloatArray {
  return backend !== undefined ? backend.allocate(params.length) : new (params.constructor as Float64ArrayConstructor)(params.length);
}
