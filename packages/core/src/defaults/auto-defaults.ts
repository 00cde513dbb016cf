/**
 * The defaults that depend on the data. Model.train (and so `bpnn train` and a server job) fills
 * every one of these options the caller leaves out by the rules below, from the data's shape alone
 * (rows, inputs, outputs, task), never from a data set's name or values; the training record keeps
 * what was chosen (`options.auto`). The rules and the evidence for them (the quality report,
 * scripts/quality, on 4 bundled and 14 PROBEN1 data sets) are in packages/core/README.md#automatic-defaults.
 */
import { FIT_DEFAULTS } from './defaults.js';
import type { DType } from '../data/matrix.js';
import type { Task } from '../data/task.js';
import type { FitOptions } from '../training/train.js';

/** What the automatic defaults look at: the training rows and the network's two ends. */
export interface DataShape {
  /** Training rows (before any validation hold-out). */
  rows: number;
  /** Input columns. */
  inputs: number;
  /** Output neurons: the number of classes, or of regression targets. */
  outputs: number;
  task: Task;
  /** The hidden layers, when the caller chose them: L2 then counts that network's weights. */
  hidden?: readonly number[];
}

/** The options the rules choose. */
export interface AutoDefaults {
  hidden: number[];
  dtype: DType;
  batchSize: number;
  l2: number;
  /** Adam's step size. */
  learningRate: number;
  epochs: number;
  /**
   * Stop once the monitored loss (the training loss, as no rows are held out; the validation loss
   * when the caller gives a validation set or split) has not improved by minDelta for patience
   * epochs, and keep the best epoch's weights: scikit-learn's rule (tol 1e-4, n_iter_no_change 10),
   * which needs no hold-out.
   */
  earlyStopping: { patience: number; minDelta: number };
}

/** The constants of the rules, in one place. */
export const AUTO_RULES = Object.freeze({
  /** Neurons of the one hidden layer: scikit-learn's 100 from this many rows on… */
  wideFromRows: 1000,
  hidden: 100,
  /** …and fewer below, where more weights overfit. */
  narrowHidden: 64,
  /** An epoch takes about this many steps (batchSize ≈ rows / stepsPerEpoch)… */
  stepsPerEpoch: 10,
  /** …within these bounds (and never more than the rows). */
  minBatchSize: 8,
  maxBatchSize: 200,
  /** Adam's step size at a batch of 32 or less; larger batches take √(batchSize / 32) times it. */
  learningRate: 1e-3,
  learningRateBatch: 32,
  /** L2: this × √(parameters / rows) for a regression, more weight decay when rows are few per weight… */
  l2PerWeightsPerRow: 0.02,
  /** …and this × √(parameters / rows) for a classification (classes overfit less than noisy numbers)… */
  classificationL2PerWeightsPerRow: 4e-4,
  /** …up to this. */
  maxL2: 0.03,
  epochs: 200,
  patience: 10,
  minDelta: 1e-4,
} as const);

/** The automatic defaults for data of this shape. */
export function autoDefaults(shape: DataShape): AutoDefaults {
  const { rows, inputs, outputs, task } = shape;
  const width = rows < AUTO_RULES.wideFromRows ? AUTO_RULES.narrowHidden : AUTO_RULES.hidden;
  const batchSize = Math.max(1, Math.min(rows, AUTO_RULES.maxBatchSize, Math.max(AUTO_RULES.minBatchSize, Math.round(rows / AUTO_RULES.stepsPerEpoch))));
  const layers = [inputs, ...(shape.hidden ?? [width]), outputs];
  const parameters = layers.slice(1).reduce((sum, m, l) => sum + layers[l] * m + m, 0);
  return {
    hidden: [width],
    // float32 runs on the WebAssembly kernels, several times as fast as float64's loops, and
    // scores as float64 does on the quality report's sets (README).
    dtype: 'float32',
    batchSize,
    // Weight decay, more the more weights each row has to fit; noisy numeric targets overfit far
    // more than classes do, so a regression's is 50 times a classification's.
    l2: Math.min(AUTO_RULES.maxL2, (task === 'regression' ? AUTO_RULES.l2PerWeightsPerRow : AUTO_RULES.classificationL2PerWeightsPerRow) * Math.sqrt(parameters / Math.max(1, rows))),
    learningRate: adamLearningRate(batchSize),
    epochs: AUTO_RULES.epochs,
    earlyStopping: { patience: AUTO_RULES.patience, minDelta: AUTO_RULES.minDelta },
  };
}

/**
 * Adam's step size for a batch size: 1e-3 up to a batch of 32, then the square-root rule for
 * larger batches (Hoffer et al. 2017, https://arxiv.org/abs/1705.08741): fewer, less noisy steps
 * take longer ones.
 */
export function adamLearningRate(batchSize: number): number {
  return AUTO_RULES.learningRate * Math.sqrt(Math.max(1, batchSize / AUTO_RULES.learningRateBatch));
}

/** The optimisers that step on the whole training set's gradient (fit refuses another batchSize). */
const FULL_BATCH: readonly (string | undefined)[] = ['rprop', 'quickprop', 'lbfgs'];

/**
 * The fit options the automatic defaults fill in: those the caller left out. The automatic stop
 * applies when `earlyStopping` is not given: it watches the training loss, as nothing is held out
 * for it (the validation loss when the caller gives a validation set or split); a full-batch
 * optimiser (rprop, quickprop, lbfgs) sizes its own batch. `rows` are the training rows (as in
 * DataShape): a batch larger than them is the whole set (fit's batches never hold more), so Adam's
 * step follows the batch that is stepped on, not the number asked for.
 */
export function autoFitOptions(options: Omit<FitOptions, 'validation' | 'onEpoch'>, auto: AutoDefaults, rows: number): Partial<Pick<FitOptions, 'epochs' | 'batchSize' | 'l2' | 'earlyStopping' | 'optimizer'>> {
  const spec = options.optimizer ?? FIT_DEFAULTS.optimizer;
  const optimizer = typeof spec === 'string' ? spec : spec?.name;
  // Adam's step size follows the batch size, unless the caller names one.
  const adam = typeof spec === 'string' ? spec === 'adam' : spec.name === 'adam' && spec.learningRate === undefined;
  // (A batch size that is not a whole number ≥ 1 is left for fit to refuse.)
  const given = options.batchSize;
  const learningRate = typeof given === 'number' && Number.isInteger(given) && given >= 1 ? adamLearningRate(Math.min(given, Math.max(1, rows))) : auto.learningRate;
  return {
    ...(adam ? { optimizer: { ...(typeof spec === 'string' ? {} : spec), name: 'adam', learningRate } } : {}),
    ...(options.epochs === undefined ? { epochs: auto.epochs } : {}),
    ...(options.batchSize === undefined && !FULL_BATCH.includes(optimizer) ? { batchSize: auto.batchSize } : {}),
    ...(options.l2 === undefined ? { l2: auto.l2 } : {}),
    ...(options.earlyStopping === undefined ? { earlyStopping: { ...auto.earlyStopping } } : {}),
  };
}

/** The caller's hidden layers when they are a list of sizes (anything else is left for the network to refuse). */
export function hiddenSizes(hidden: unknown): number[] | undefined {
  return Array.isArray(hidden) && hidden.every((m) => Number.isInteger(m) && m >= 1) ? hidden : undefined;
}
