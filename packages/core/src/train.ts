/**
 * `fit`: its options, their checks, and the training they set up (training.ts: epochs, shuffling,
 * validation, early stopping; epoch.ts: one step as its named parts, as in FANN's fann_train,
 * forward → loss → backward → optimiser step, and the guard against divergence). `fit` drives the
 * training to its end in one call; `fitAsync` (fit-async.ts) drives the same one in time slices.
 */
import { ConfigError, DataError, ShapeError, show } from './errors.js';
import { Batch, allRows, type RowSet } from './batch.js';
import type { EpochInfo } from './history.js';
import { Matrix, type MatrixLike } from './matrix.js';
import { SCORE_CHUNK } from './score.js';
import type { Network } from './network.js';
import type { ThreadCount } from './backend.js';
import { integerOption, numberOption } from './options.js';
import { optimizer as createOptimizer, type Optimizer, type OptimizerSpec } from './optimizers/optimizer.js';
import { clock } from './clock.js';
import { Training, type StopReason } from './training.js';
import { Random } from './random.js';
import { splitIndices } from './split.js';

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping, default 10. */
  patience?: number;
  /** The smallest drop in the monitored loss that counts as an improvement, default 0. */
  minDelta?: number;
}

export interface FitOptions {
  /** Passes over the training set, default 200. */
  epochs?: number;
  /** Samples per gradient step: 1 is online training, the set's size is batch training. Default
   * min(32, rows); RPROP always uses the whole set. */
  batchSize?: number;
  /** Default adam. */
  optimizer?: OptimizerSpec;
  /** L2 weight decay λ: J gains ½·λ·ΣW² (weights only, not biases). Default 0. */
  l2?: number;
  /** Shuffle the samples every epoch, default true. */
  shuffle?: boolean;
  /** Seed for shuffles and the validation split, default 42. */
  seed?: number;
  /** A held-out set, scored after every epoch. */
  validation?: { inputs: MatrixLike; targets: MatrixLike };
  /** Or a fraction of the training rows, drawn at random (seeded), held out instead. */
  validationSplit?: number;
  /** Stop when the validation loss (training loss without validation) stops improving, and
   * restore the weights of the best epoch. */
  earlyStopping?: boolean | EarlyStoppingOptions;
  /** Stop as soon as an epoch's training loss is at or below this (FANN's desired error). */
  targetLoss?: number;
  /** Called after every epoch; returning false stops training (the weights are kept). */
  onEpoch?: (info: EpochInfo) => boolean | void;
  /** Checked between batches: training stops cleanly once it is aborted (an AbortSignal fits). */
  signal?: { readonly aborted: boolean };
  /** Threads for this training (wasm backend), instead of the network's own setting. */
  threads?: ThreadCount;
}


export type { EpochInfo };

export type { StopReason };

export interface FitResult {
  history: EpochInfo[];
  /** Epochs run. */
  epochs: number;
  stoppedBy: StopReason;
  /** The epoch whose weights the network holds now (with early stopping, the best one). */
  bestEpoch: number;
  loss: number;
  valLoss?: number;
  seconds: number;
}

/** Trains `network` in place on (inputs, targets) and reports how it went. */
export function fit(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitOptions = {}): FitResult {
  const training = startTraining(network, inputs, targets, options);
  try {
    training.advance(Infinity);
    return resultOf(training);
  } finally {
    training.close();
  }
}

/**
 * Checks the options and the data and sets up a training of `network` that the caller advances
 * (training.ts) and must close. Until then the network is in training: it cannot start another.
 */
export function startTraining(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitOptions): Training {
  const untrainable = network.activations.findIndex((a) => !a.trainable);
  if (untrainable >= 0) {
    throw new ConfigError(
      `activation of layer ${untrainable + 1}`,
      `is ${show(network.activations[untrainable].name)}, a step function with no useful derivative: the network can predict but not train (replace it with sigmoid or tanh to train)`,
    );
  }
  if (inTraining.has(network)) {
    throw new ConfigError('network', 'is already training (a fitAsync that has not settled yet); wait for it, or train a clone');
  }
  const epochs = integerOption('epochs', options.epochs, 200, 1);
  const l2 = numberOption('l2', options.l2, 0, 0, Infinity);
  const opt = createOptimizer(options.optimizer ?? 'adam', 'optimizer', network.backend);
  const random = new Random(integerOption('seed', options.seed, 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const targetLoss = options.targetLoss === undefined ? -Infinity : numberOption('targetLoss', options.targetLoss, 0, 0, Infinity);

  const early = earlyStoppingOptions(options.earlyStopping);
  integerOption('batchSize', options.batchSize, 1, 1);
  const threadsBefore = network.backend.threads;
  if (options.threads !== undefined) network.backend.setThreads(options.threads);
  // The network's own working buffers first: what follows (data, optimiser state) is freed at the end.
  const rowsGiven = inputs instanceof Matrix ? inputs.rows : inputs.length;
  network.reserve(Math.max(1, Math.min(opt.fullBatch ? rowsGiven : (options.batchSize ?? 32), rowsGiven), Math.min(SCORE_CHUNK, rowsGiven)));
  const mark = network.backend.mark();
  const close = () => {
    network.backend.release(mark);
    if (options.threads !== undefined) network.backend.setThreads(threadsBefore);
    inTraining.delete(network);
  };
  try {
    const data = checkData(network, inputs, targets, options, opt, random);
    const training = new Training(network, { ...data, epochs, l2, opt, random, targetLoss, early, onEpoch: options.onEpoch, signal: options.signal, close });
    inTraining.add(network);
    return training;
  } catch (error) {
    close();
    throw error;
  }
}

/** Networks between startTraining and close. */
const inTraining = new WeakSet<Network>();

/** What fit and fitAsync report once `training` is done. */
export function resultOf(training: Training): FitResult {
  const { history, bestEpoch, stoppedBy } = training;
  const chosen = bestEpoch > 0 ? history.at(bestEpoch) : undefined;
  let epochInfos: EpochInfo[] | undefined;
  return {
    // Made when first read: 10,000 epochs of online training make 10,000 objects.
    get history() {
      return (epochInfos ??= history.all());
    },
    epochs: history.length,
    stoppedBy,
    bestEpoch,
    loss: chosen?.loss ?? NaN,
    valLoss: chosen?.valLoss,
    seconds: (clock.now() - training.started) / 1000,
  };
}

/** The training and validation rows, the batch size and the batch buffers of a training. */
function checkData(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitOptions, opt: Optimizer, random: Random) {
  // The caller's matrices are read as they are (arrays of rows are converted once); batches are
  // gathered from them by row index, so a validation split copies nothing.
  const own = (length: number) => network.allocateBuffer(length); // freed when training closes
  const x = network.checkInputs(inputs, 'inputs', network.inputSize, own);
  const train = allRows(x, checkTargets(network, targets, x.rows, 'targets'));
  let validation: RowSet | undefined;
  if (options.validation !== undefined) {
    if (options.validationSplit !== undefined) throw new ConfigError('validationSplit', 'cannot be given with a validation set');
    const vx = network.checkInputs(options.validation.inputs, 'validation inputs', network.inputSize, own);
    validation = allRows(vx, checkTargets(network, options.validation.targets, vx.rows, 'validation targets'));
  } else if (options.validationSplit !== undefined) {
    const fraction = numberOption('validationSplit', options.validationSplit, 0, 0, 1, { min: true, max: true });
    const split = splitIndices(x.rows, fraction, random);
    if (split.train.length === 0 || split.held.length === 0) {
      throw new ConfigError('validationSplit', `${fraction} of ${x.rows} rows leaves ${split.train.length} to train on and ${split.held.length} to validate on; both need at least one`);
    }
    validation = { ...train, index: split.held };
    train.index = split.train;
  }
  const rows = train.index.length;
  if (rows === 0) throw new DataError('inputs has no rows to train on');

  const batchSize = opt.fullBatch ? rows : integerOption('batchSize', options.batchSize, Math.min(32, rows), 1);
  if (opt.fullBatch && options.batchSize !== undefined && options.batchSize !== rows) {
    throw new ConfigError('batchSize', `must be the whole training set (${rows}) for ${opt.name}, which steps on the sign of the full gradient; got ${show(options.batchSize)}`);
  }
  const batch = new Batch(network, Math.min(batchSize, rows));
  const scoring = validation && new Batch(network, Math.min(SCORE_CHUNK, validation.index.length));
  return { train, validation, batchSize, batch, scoring, shuffle: options.shuffle ?? true };
}

function checkTargets(network: Network, targets: MatrixLike, rows: number, name: string): Matrix {
  const y = network.checkInputs(targets, name, network.outputSize, (length) => network.allocateBuffer(length));
  if (y.rows !== rows) throw new ShapeError(`${name} have ${y.rows} rows, the inputs ${rows}`);
  const loss = network.loss.name;
  if (loss !== 'mse') {
    for (let k = 0; k < y.data.length; k++) {
      const v = y.data[k];
      if (v < 0 || v > 1) {
        const r = Math.floor(k / y.cols);
        throw new DataError(`${name} row ${r} column ${k - r * y.cols} is ${show(v)}, but ${loss} needs targets in [0, 1]`);
      }
    }
  }
  if (loss === 'categorical-cross-entropy') {
    for (let r = 0; r < y.rows; r++) {
      let sum = 0;
      for (let j = 0; j < y.cols; j++) sum += y.data[r * y.cols + j];
      if (Math.abs(sum - 1) > 1e-6) {
        throw new DataError(`${name} row ${r} sums to ${show(sum)}, but categorical-cross-entropy needs each row to be a distribution summing to 1 (one-hot labels)`);
      }
    }
  }
  return y;
}

function earlyStoppingOptions(value: FitOptions['earlyStopping']): { patience: number; minDelta: number } | null {
  if (value === undefined || value === false) return null;
  const options = value === true ? {} : value;
  return {
    patience: integerOption('earlyStopping.patience', options.patience, 10, 1),
    minDelta: numberOption('earlyStopping.minDelta', options.minDelta, 0, 0, Infinity),
  };
}
