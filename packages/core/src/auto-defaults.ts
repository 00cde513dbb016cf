/**
 * The defaults that depend on the data. Model.train (and so `bpnn train` and a server job) fills
 * every one of these options the caller leaves out by the rules below, from the data's shape alone
 * (rows, inputs, outputs, task), never from a data set's name or values; the training record keeps
 * what was chosen (`options.auto`). The rules and the evidence for them (the quality report,
 * scripts/quality, on 4 bundled and 14 PROBEN1 data sets) are in packages/core/README.md#automatic-defaults.
 */
import type { DType } from './matrix.js';
import type { Task } from './task.js';

/** What the automatic defaults look at: the training rows and the network's two ends. */
export interface DataShape {
  /** Training rows (before any validation hold-out). */
  rows: number;
  /** Input columns. */
  inputs: number;
  /** Output neurons: the number of classes, or of regression targets. */
  outputs: number;
  task: Task;
}

/** The options the rules choose. */
export interface AutoDefaults {
  hidden: number[];
  dtype: DType;
  batchSize: number;
  l2: number;
  epochs: number;
  /**
   * Stop once the monitored loss (the training loss, as no rows are held out) has not improved by
   * minDelta for patience epochs, and keep the best epoch's weights: scikit-learn's rule (tol 1e-4,
   * n_iter_no_change 10), which needs no hold-out.
   */
  earlyStopping: { patience: number; minDelta: number };
}

/** The constants of the rules, in one place. */
export const AUTO_RULES = Object.freeze({
  /** Neurons of the one hidden layer. */
  hidden: 64,
  /** An epoch takes about this many steps (batchSize ≈ rows / stepsPerEpoch)… */
  stepsPerEpoch: 10,
  /** …within these bounds (and never more than the rows). */
  minBatchSize: 8,
  maxBatchSize: 200,
  epochs: 200,
  patience: 10,
  minDelta: 1e-4,
} as const);

/** The automatic defaults for data of this shape. */
export function autoDefaults(shape: DataShape): AutoDefaults {
  const { rows } = shape;
  const batchSize = Math.min(rows, Math.max(AUTO_RULES.minBatchSize, Math.min(AUTO_RULES.maxBatchSize, Math.round(rows / AUTO_RULES.stepsPerEpoch))));
  return {
    hidden: [AUTO_RULES.hidden],
    // float32 runs on the WebAssembly kernels, several times as fast as float64's loops; its
    // test scores on every set of the quality report are float64's (README).
    dtype: 'float32',
    batchSize: Math.max(1, batchSize),
    l2: 0,
    epochs: AUTO_RULES.epochs,
    earlyStopping: { patience: AUTO_RULES.patience, minDelta: AUTO_RULES.minDelta },
  };
}
