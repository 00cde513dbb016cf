/**
 * The training form's defaults: the project's own, the values core resolves a missing option to
 * (model.ts, train.ts and the optimisers today; `bpnn train` shows the same). Core exports the
 * seed; the rest are its literals, copied. The page reads them through this one module: when core
 * exports them as one object (branch strict: TRAIN_DEFAULTS, FIT_DEFAULTS and OPTIMIZER_DEFAULTS
 * in packages/core/src/defaults.ts, whose names and shapes these are), this file's body becomes
 *   export { TRAIN_DEFAULTS, FIT_DEFAULTS, OPTIMIZER_DEFAULTS } from '@bpnn/core';
 */
import { DEFAULT_SEED } from '@bpnn/core';

/** Model.train (packages/core/src/model.ts). */
export const TRAIN_DEFAULTS = Object.freeze({
  hidden: Object.freeze([64]) as readonly number[],
  activation: 'relu',
  scaling: 'standard',
  targetScaling: 'standard',
  dtype: 'float64',
} as const);

/** fit (packages/core/src/train.ts): no validation hold-out unless asked for. */
export const FIT_DEFAULTS = Object.freeze({
  epochs: 200,
  batchSize: 32,
  optimizer: 'adam',
  l2: 0,
  shuffle: true,
  seed: DEFAULT_SEED,
} as const);

/** Each optimiser's own settings (packages/core/src/optimizers). */
export const OPTIMIZER_DEFAULTS = Object.freeze({
  sgd: Object.freeze({ learningRate: 0.01, momentum: 0, nesterov: false } as const),
  adam: Object.freeze({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const),
  rprop: Object.freeze({ increase: 1.2, decrease: 0.5, initialStep: 0.1, minStep: 1e-6, maxStep: 50 } as const),
} as const);
