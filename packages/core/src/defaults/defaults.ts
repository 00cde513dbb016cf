/**
 * The defaults, defined once. The library resolves a missing option to these values, and the two
 * apps take theirs from here too: `bpnn train`'s flags (and their --help) and bpnn-server's job
 * schema (and its description), so that the same options train the same model everywhere.
 */

/** `new Network`: the classic back-propagation network, all sigmoid with squared error. */
export const NETWORK_DEFAULTS = Object.freeze({
  activation: 'sigmoid',
  loss: 'mse',
  dtype: 'float64',
  seed: 42,
} as const);

/** `fit` and `fitAsync`. The batch size is min(batchSize, rows); RPROP always takes the whole set. */
export const FIT_DEFAULTS = Object.freeze({
  epochs: 200,
  batchSize: 32,
  optimizer: 'adam',
  l2: 0,
  l1: 0,
  shuffle: true,
  seed: 42,
  dropout: 0,
} as const);

/** `earlyStopping: true`, or an object that leaves these out. */
export const EARLY_STOPPING_DEFAULTS = Object.freeze({ patience: 10, minDelta: 0 } as const);

/**
 * `stopAtBitFail: true`, or an object that leaves these out: stop once no output of the training
 * set is off by 0.35 or more (FANN's bit_fail_limit default and FANN_STOPFUNC_BIT's goal of 0).
 */
export const BIT_FAIL_DEFAULTS = Object.freeze({ limit: 0.35, count: 0 } as const);

/** Each optimiser's settings (the papers' own defaults; RPROP's first step is FANN's). */
export const OPTIMIZER_DEFAULTS = Object.freeze({
  sgd: Object.freeze({ learningRate: 0.01, momentum: 0, nesterov: false } as const),
  adam: Object.freeze({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const),
  rprop: Object.freeze({ increase: 1.2, decrease: 0.5, initialStep: 0.1, minStep: 1e-6, maxStep: 50 } as const),
  // FANN 2.2's learning_rate, quickprop_mu and quickprop_decay.
  quickprop: Object.freeze({ learningRate: 0.7, mu: 1.75, decay: -0.0001 } as const),
  // PyTorch's LBFGS: lr 1, history_size 10 (scikit-learn's lbfgs keeps 10 too).
  lbfgs: Object.freeze({ learningRate: 1, history: 10 } as const),
} as const);

/** Each learning-rate schedule's settings left out (PyTorch's defaults; `step.every` and `exponential.factor` have none). */
export const SCHEDULE_DEFAULTS = Object.freeze({
  step: Object.freeze({ factor: 0.1 } as const),
  cosine: Object.freeze({ minRate: 0 } as const),
  'reduce-on-plateau': Object.freeze({ factor: 0.1, patience: 10, threshold: 1e-4, cooldown: 0, minRate: 0 } as const),
} as const);

/**
 * `Model.train` (and so `bpnn train` and a server job): relu hidden layers, scaled inputs and
 * targets, softmax and cross-entropy for classes, linear and mse for numbers. The options that
 * depend on the data (hidden layers, dtype, batch size, step size, L2, epochs and when to stop) are
 * chosen by auto-defaults.ts's rules instead. Every class weighs the same (classWeights 'none').
 */
export const TRAIN_DEFAULTS = Object.freeze({
  activation: 'relu',
  scaling: 'standard',
  targetScaling: 'standard',
  classWeights: 'none',
} as const);

/**
 * The share of the training rows held out for validation when neither `validation` nor
 * `validationSplit` is given: none without early stopping (every row trains, and the last epoch's
 * weights are kept), 20 % with early stopping (it needs a loss the training did not see to stop on,
 * and restores the best epoch's weights). On the bundled data sets (5 seeded 80/20 splits each,
 * scripts/validation-split.mjs) no hold-out scored best on average, and with early stopping a 20 %
 * hold-out beat 10 %: the numbers are in packages/core/README.md#validation-and-early-stopping.
 */
export const VALIDATION_SPLIT_WITH_EARLY_STOPPING = 0.2;

/** The validation split a training uses when it does not name one (see above). */
export function defaultValidationSplit(earlyStopping: unknown): number {
  return earlyStopping === undefined || earlyStopping === false ? 0 : VALIDATION_SPLIT_WITH_EARLY_STOPPING;
}
