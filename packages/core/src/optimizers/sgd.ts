/**
 * Stochastic gradient descent with classical or Nesterov momentum, in the form of Sutskever et al.
 * 2013, "On the importance of initialization and momentum in deep learning":
 *   v ← μ·v − η·g;   w ← w + v   (classical)   or   w ← w + μ·v − η·g   (Nesterov).
 */
import type { FloatArray } from '../matrix.js';
import type { Backend } from '../backend.js';
import { numberOption } from '../options.js';
import { stateLike, type Optimizer } from './optimizer.js';

export interface SgdOptions {
  /** η, default 0.01. */
  learningRate?: number;
  /** μ in [0, 1), default 0 (plain gradient descent). */
  momentum?: number;
  nesterov?: boolean;
}

export function sgd(options: SgdOptions, field = 'optimizer', backend?: Backend): Optimizer {
  const learningRate = numberOption(`${field}.learningRate`, options.learningRate, 0.01, 0, Infinity, { min: true });
  const momentum = numberOption(`${field}.momentum`, options.momentum, 0, 0, 1, { max: true });
  const nesterov = options.nesterov ?? false;
  let velocity: FloatArray | null = null;
  return {
    name: 'sgd',
    fullBatch: false,
    step(params, grads) {
      if (momentum > 0) velocity ??= stateLike(params, backend);
      if (backend?.sgdStep && backend.owns(params) && (velocity === null || backend.owns(velocity))) {
        backend.sgdStep(params, grads, velocity, learningRate, momentum, nesterov); // the same loop, natively
        return;
      }
      if (momentum === 0) {
        for (let k = 0; k < params.length; k++) params[k] -= learningRate * grads[k];
        return;
      }
      const v = velocity as FloatArray;
      for (let k = 0; k < params.length; k++) {
        v[k] = momentum * v[k] - learningRate * grads[k];
        params[k] += nesterov ? momentum * v[k] - learningRate * grads[k] : v[k];
      }
    },
  };
}
