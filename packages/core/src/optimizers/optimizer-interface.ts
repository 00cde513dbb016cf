/**
 * What an optimiser is, shared by the optimisers and everything that drives them: the interface,
 * and the zero-filled state buffer each creates lazily. The registry (optimizer.ts) imports the
 * optimisers; they import only this file.
 */
import type { Backend } from '../backend/backend.js';
import type { FloatArray } from '../data/matrix.js';

/** The optimisers by name. */
export type OptimizerName = 'sgd' | 'adam' | 'rprop' | 'quickprop' | 'lbfgs';

/**
 * What a full-batch optimiser may ask of the training (training.ts gives it): the rows of the
 * batch, and the cost J re-evaluated at the parameters as they are now, with their gradient
 * written into the grads buffer (a line search evaluates several points per step).
 */
export interface Objective {
  readonly rows: number;
  /** J at the parameters the step starts from (grads holds its gradient). */
  readonly cost: number;
  /** forward → loss → backward at the current params: returns J and fills grads. */
  evaluate(): number;
}

/**
 * A rule that updates the parameters from their gradients, keeping its own state (velocity,
 * moments, step sizes) between steps. Get one with `optimizer` (optimizer.ts).
 */
export interface Optimizer {
  readonly name: OptimizerName;
  /** True when the optimiser only works on the gradient of the whole training set (RPROP, Quickprop, L-BFGS). */
  readonly fullBatch: boolean;
  /** Updates params in place from grads (same layout); a full-batch optimiser also gets the objective. */
  step(params: FloatArray, grads: FloatArray, objective?: Objective): void;
  /**
   * η when the step is plain gradient descent, w ← w − η·g (sgd without momentum), which a
   * compiled training step may then take itself (online.ts); undefined otherwise.
   */
  readonly descentRate?: number;
  /** η, for the optimisers that have one (sgd, adam): a schedule (schedules.ts) sets it per epoch. */
  learningRate?: number;
  /** A copy of the state a continued training needs (checkpoint.ts); no tensors before the first step. */
  saveState(): OptimizerState;
  /** Takes over a saved state (same optimiser, same parameter count); its buffers are made on the next step. */
  restoreState(state: OptimizerState): void;
}

/**
 * An optimiser's state between two trainings: its steps taken (Adam's t; 0 for the others, whose
 * math does not count them) and its buffers by name,
 * each like params: Adam's `m` and `v`, SGD's `velocity`, RPROP's `delta` and `previous`.
 */
export interface OptimizerState {
  name: OptimizerName;
  steps: number;
  tensors: Record<string, FloatArray>;
}

/** The names of each optimiser's state tensors, as checkpoints store them. */
export const STATE_TENSORS: Readonly<Record<OptimizerName, readonly string[]>> = {
  sgd: ['velocity'],
  adam: ['m', 'v'],
  rprop: ['delta', 'previous'],
  quickprop: ['previousStep', 'previousSlope'],
  // s and y are (pairs, parameters): the last `history` steps and gradient changes, oldest first.
  lbfgs: ['s', 'y', 'lastStep', 'gradient'],
};

/** State tensors that hold one row per remembered pair: shape (pairs, parameters). */
export const STATE_MATRICES: readonly string[] = ['s', 'y'];

/**
 * The state tensors that cannot be negative, with what they are: Adam's v is a running mean of
 * squared gradients (a negative one makes √v̂ NaN), RPROP's delta a step size (|Δ|).
 */
export const NON_NEGATIVE_STATE: Readonly<Partial<Record<OptimizerName, Readonly<Record<string, string>>>>> = {
  adam: { v: "Adam's second moment, a mean of squared gradients" },
  rprop: { delta: "RPROP's step sizes" },
};

/** The first index of a state tensor `name` of `optimizer` that breaks NON_NEGATIVE_STATE, or −1; and what the tensor is. */
export function negativeState(optimizer: OptimizerName, name: string, values: ArrayLike<number>): { index: number; what: string } {
  const what = NON_NEGATIVE_STATE[optimizer]?.[name];
  if (what === undefined) return { index: -1, what: '' };
  for (let k = 0; k < values.length; k++) if (values[k] < 0) return { index: k, what };
  return { index: -1, what };
}

/** A copy of a state buffer that outlives the training (its memory is released when training ends). */
export function saved(buffer: FloatArray | null): FloatArray[] {
  return buffer === null ? [] : [buffer.slice()];
}

/**
 * A state buffer like `params`, holding `restored` when a saved state gave one, else `fill`.
 * In the backend's memory when there is one.
 */
export function stateFrom(params: FloatArray, backend: Backend | undefined, restored: FloatArray | undefined, fill = 0): FloatArray {
  const buffer = stateLike(params, backend);
  if (restored !== undefined) buffer.set(restored);
  else if (fill !== 0) buffer.fill(fill);
  return buffer;
}

/** A zero-filled state buffer like `params`: in the backend's memory when there is one. */
export function stateLike(params: FloatArray, backend?: Backend): FloatArray {
  return backend !== undefined ? backend.allocate(params.length) : new (params.constructor as Float64ArrayConstructor)(params.length);
}

/**
 * The smallest normal number of the buffer's dtype: 2⁻¹²⁶ for float32, 2⁻¹⁰²² for float64. Adam
 * and momentum flush every value they keep (weights, moments, velocity) below it to zero, in the
 * TypeScript loops and the WebAssembly kernels alike: a moment whose gradient stays zero decays
 * geometrically, and a weight under L2 can too, into subnormal numbers that x86 processors
 * handle about a hundred times slower. Measured on a float32 regression of 200,000 rows with the
 * automatic L2, epochs went from 0.23 s to 1.4 s by the eighth without it. Such values are far
 * below anything a step of the size of the learning rate can tell from zero.
 */
export function smallestNormal(values: FloatArray): number {
  return values instanceof Float32Array ? 2 ** -126 : 2 ** -1022;
}
