/**
 * `fit`: its options, their checks, and the training they set up (training.ts: epochs, shuffling,
 * validation, early stopping; epoch.ts: one step as its named parts, as in FANN's fann_train,
 * forward → loss → backward → optimiser step, and the guard against divergence). `fit` drives the
 * training to its end in one call; `fitAsync` (fit-async.ts) drives the same one in time slices.
 */
import { ConfigError, DataError, show } from '../errors.js';
import type { EpochInfo } from './history.js';
import { Matrix, type MatrixLike } from '../data/matrix.js';
import { SCORE_CHUNK } from './score.js';
import { checkData, checkSource } from './training-data.js';
import { memoryRows } from './epoch-rows.js';
import { checkRowSource, isRowSource, type RowSource } from '../data/row-source.js';
import type { Network } from '../network/network.js';
import { checkNetwork } from '../network/network-argument.js';
import type { ThreadCount } from '../backend/backend.js';
import { booleanOption, integerOption, numberOption } from '../options.js';
import { checkObject, checkOptions, optionNames } from '../strict-options.js';
import { EARLY_STOPPING_DEFAULTS, FIT_DEFAULTS } from '../defaults/defaults.js';
import { optimizer as createOptimizer, type OptimizerSpec } from '../optimizers/optimizer.js';
import { clock } from '../clock.js';
import { checkOnEpoch } from './epoch-callback.js';
import { Training, type StopReason } from './training.js';
import { Random } from '../random.js';
import { LearningRateSchedule, type ScheduleSpec } from './schedules.js';
import { Dropout } from './dropout.js';
import { resumeCheckpoint, type TrainingCheckpoint } from '../resume/checkpoint.js';
import { bitFailStop, type BitFailStopOptions } from './bit-fail.js';

/**
 * When early stopping gives up: after `patience` epochs without an improvement of at least
 * `minDelta` in the monitored loss.
 */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping, default 10. */
  patience?: number;
  /** The smallest drop in the monitored loss that counts as an improvement, default 0. */
  minDelta?: number;
}

/**
 * The options of {@link fit} (and of {@link fitAsync}): epochs, batches, the optimiser, L2 and
 * L1, sample weights, validation, stopping rules, a per-epoch callback and an abort signal.
 */
export interface FitOptions {
  /** Passes over the training set, default 200 (FIT_DEFAULTS in defaults.ts holds every default). */
  epochs?: number;
  /** Samples per gradient step: 1 is online training, the set's size is batch training. Default
   * min(32, rows); RPROP, Quickprop and L-BFGS always use the whole set. */
  batchSize?: number;
  /** Default adam. */
  optimizer?: OptimizerSpec;
  /** L2 weight decay λ: J gains ½·λ·ΣW² (weights only, not biases). Default 0. */
  l2?: number;
  /** L1 penalty λ₁: J gains λ₁·Σ|W| and each weight's gradient λ₁·sign(W) (weights only). Default 0. */
  l1?: number;
  /** A weight ≥ 0 per row of inputs: each sample's cost and residual are scaled by it, J staying a
   * mean over the batch (sample-weights.ts). Default: all 1. */
  sampleWeights?: ArrayLike<number>;
  /** Shuffle the samples every epoch, default true. */
  shuffle?: boolean;
  /** Seed for shuffles and the validation split, default 42. */
  seed?: number;
  /** A held-out set, scored after every epoch. */
  validation?: { inputs: MatrixLike; targets: MatrixLike };
  /** Or a fraction of the training rows in [0, 1), drawn at random (seeded), held out instead.
   * Default: 0 (none) without early stopping, 0.2 with it (defaultValidationSplit). */
  validationSplit?: number;
  /** Stop when the validation loss (training loss with validationSplit 0) stops improving, and
   * restore the weights of the best epoch. */
  earlyStopping?: boolean | EarlyStoppingOptions;
  /** Stop as soon as an epoch's training loss is at or below this (FANN's desired error). */
  targetLoss?: number;
  /** Stop once the training set's bit fail is at most `count` (FANN_STOPFUNC_BIT; bit-fail.ts). */
  stopAtBitFail?: boolean | BitFailStopOptions;
  /** Called after every epoch; returning false stops training (the weights are kept). */
  onEpoch?: (info: EpochInfo) => boolean | void;
  /** Checked between batches: training stops cleanly once it is aborted (an AbortSignal fits). */
  signal?: { readonly aborted: boolean };
  /** Threads for this training (wasm backend), instead of the network's own setting. */
  threads?: ThreadCount;
  /** Changes the optimiser's learningRate every epoch (sgd and adam): step, exponential, cosine, reduce-on-plateau (schedules.ts). */
  schedule?: ScheduleSpec;
  /**
   * Inverted dropout while training (dropout.ts): the share p of hidden neurons dropped in each
   * sample, one number for every hidden layer or one per hidden layer (`[0.2, 0.1]`). Default 0.
   */
  dropout?: number | readonly number[];
  /**
   * Continues the training that returned this checkpoint (`result.checkpoint`): its optimiser
   * state, generator, row order and schedule, so that the weights are those of one training that
   * never stopped. The network must hold that training's weights; same data, seed and options.
   */
  resume?: TrainingCheckpoint;
}


/** Every option of fit: any other key is an error naming the closest one (strict-options.ts). */
export const FIT_OPTIONS = optionNames<FitOptions>({
  epochs: true,
  batchSize: true,
  optimizer: true,
  l2: true,
  l1: true,
  sampleWeights: true,
  shuffle: true,
  seed: true,
  validation: true,
  validationSplit: true,
  earlyStopping: true,
  targetLoss: true,
  stopAtBitFail: true,
  onEpoch: true,
  signal: true,
  threads: true,
  schedule: true,
  dropout: true,
  resume: true,
});

export type { EpochInfo };

export type { StopReason };

/**
 * How a training went: the per-epoch history, the epochs run, why it stopped, and the losses of
 * the weights the network holds at the end.
 */
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
  /**
   * What `resume` takes to continue this training: present when the network holds the weights of
   * the last epoch run (not after an abort, nor when early stopping went back to an earlier epoch).
   */
  checkpoint?: TrainingCheckpoint;
}

/** Trains `network` in place on (inputs, targets) and reports how it went. */
export function fit(network: Network, inputs: MatrixLike | RowSource, targets: MatrixLike | null, options: FitOptions = {}): FitResult {
  checkOptions(options, FIT_OPTIONS, 'fit');
  const training = startTraining(network, inputs, targets, options);
  try {
    training.advance(Infinity);
    return resultOf(training);
  } finally {
    training.close();
  }
}

/**
 * Trains `network` in place on the rows of a row source (row-source.ts), such as a file larger
 * than memory, read a block at a time: the data must already be in the network's terms (scaled
 * inputs, encoded targets). Epochs shuffle blocks and the rows inside them (epoch-rows.ts);
 * without shuffling the weights are exactly fit's on the same rows. There is no validation here.
 */
export function fitRows(network: Network, source: RowSource, options: FitOptions = {}): FitResult {
  checkOptions(options, FIT_OPTIONS, 'fitRows');
  return fit(network, source, null, options);
}

/**
 * Checks the options and the data and sets up a training of `network` that the caller advances
 * (training.ts) and must close. Until then the network is in training: it cannot start another.
 */
export function startTraining(network: Network, inputs: MatrixLike | RowSource, targets: MatrixLike | null, options: FitOptions): Training {
  checkNetwork(network);
  if (inputs === null || typeof inputs !== 'object') {
    throw new DataError(`inputs must be a Matrix, rows of numbers (an array of arrays) or a RowSource, got ${show(inputs)}`);
  }
  if (isRowSource(inputs)) checkRowSource(inputs, 'source');
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
  const epochs = integerOption('epochs', options.epochs, FIT_DEFAULTS.epochs, 1);
  const l2 = numberOption('l2', options.l2, FIT_DEFAULTS.l2, 0, Infinity);
  const l1 = numberOption('l1', options.l1, FIT_DEFAULTS.l1, 0, Infinity);
  const opt = createOptimizer(options.optimizer ?? FIT_DEFAULTS.optimizer, 'optimizer', network.backend);
  const random = new Random(integerOption('seed', options.seed, FIT_DEFAULTS.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const targetLoss = options.targetLoss === undefined ? -Infinity : numberOption('targetLoss', options.targetLoss, 0, 0, Infinity);

  const schedule = options.schedule === undefined ? undefined : LearningRateSchedule.of(options.schedule, opt, epochs);
  const early = earlyStoppingOptions(options.earlyStopping);
  const dropoutRates = dropoutOptions(network, options.dropout);
  const bitStop = bitFailStop(options.stopAtBitFail);
  integerOption('batchSize', options.batchSize, 1, 1);
  booleanOption('shuffle', options.shuffle, FIT_DEFAULTS.shuffle);
  checkOnEpoch(options.onEpoch);
  if (options.signal !== undefined && (options.signal === null || typeof options.signal !== 'object' || !('aborted' in options.signal))) {
    throw new ConfigError('signal', `must be an AbortSignal (or an object with an aborted property), got ${show(options.signal)}`);
  }
  if (options.validation !== undefined) {
    checkOptions(options.validation, ['inputs', 'targets'], 'the validation set', 'validation');
    for (const part of ['inputs', 'targets'] as const) {
      if (options.validation[part] === undefined) throw new ConfigError(`validation.${part}`, 'is missing: a validation set is { inputs, targets }');
    }
    if (options.validationSplit !== undefined) throw new ConfigError('validationSplit', 'cannot be given with a validation set');
  }
  numberOption('validationSplit', options.validationSplit, 0, 0, 1, { max: true });
  const threadsBefore = network.backend.threadSetting; // auto stays auto
  if (options.threads !== undefined) network.backend.setThreads(options.threads);
  // The network's own working buffers first: what follows (data, optimiser state) is freed at the end.
  const rowsGiven = inputs instanceof Matrix || isRowSource(inputs) ? inputs.rows : inputs.length;
  network.reserve(Math.max(1, Math.min(opt.fullBatch ? rowsGiven : (options.batchSize ?? FIT_DEFAULTS.batchSize), rowsGiven), Math.min(SCORE_CHUNK, rowsGiven)));
  const mark = network.backend.mark();
  const close = () => {
    network.backend.release(mark);
    if (options.threads !== undefined) network.backend.setThreads(threadsBefore);
    inTraining.delete(network);
  };
  try {
    const data = isRowSource(inputs) ? checkSource(network, inputs, options, opt) : checkData(network, inputs, targets!, options, opt, random);
    const dropout = dropoutRates.some((p) => p > 0) ? new Dropout(network, dropoutRates, data.batch.capacity) : undefined;
    const resumed = options.resume === undefined ? undefined : resumeCheckpoint({ network, opt, random, schedule }, options.resume, data.train!.index);
    const training = new Training(network, {
      ...data, dropout, epochs, l2, l1, opt, random, targetLoss, early, bitStop, onEpoch: options.onEpoch, signal: options.signal,
      rows: resumed === undefined ? data.rows : memoryRows(data.train!, resumed.order), schedule, hooks: schedule ? [schedule] : [], epochsBefore: resumed?.epochsBefore ?? 0, close,
    });
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
    checkpoint: training.checkpoint(),
  };
}

/** p for each hidden layer, from `dropout: p` or `dropout: [p₁, p₂, …]`; each in [0, 1). */
function dropoutOptions(network: Network, value: FitOptions['dropout']): number[] {
  const hidden = network.layers.length - 2;
  if (value === undefined) return new Array<number>(hidden).fill(FIT_DEFAULTS.dropout);
  if (typeof value === 'number') return new Array<number>(hidden).fill(numberOption('dropout', value, 0, 0, 1, { max: true }));
  if (!Array.isArray(value) || value.length !== hidden) {
    throw new ConfigError('dropout', `must be a share in [0, 1) or one per hidden layer (${hidden} here), such as ${hidden === 1 ? '0.2' : `[${new Array(hidden).fill(0.2).join(', ')}]`}, got ${show(value)}`);
  }
  return value.map((p, h) => numberOption(`dropout[${h}]`, p, 0, 0, 1, { max: true }));
}

const EARLY_STOPPING_OPTIONS = optionNames<EarlyStoppingOptions>({ patience: true, minDelta: true });

function earlyStoppingOptions(value: FitOptions['earlyStopping']): { patience: number; minDelta: number } | null {
  if (value === undefined || value === false) return null;
  if (value !== true) checkObject(value, 'earlyStopping', `true, false or an object such as { patience: ${EARLY_STOPPING_DEFAULTS.patience} }`);
  const options = value === true ? {} : value;
  checkOptions(options, EARLY_STOPPING_OPTIONS, 'earlyStopping', 'earlyStopping');
  return {
    patience: integerOption('earlyStopping.patience', options.patience, EARLY_STOPPING_DEFAULTS.patience, 1),
    minDelta: numberOption('earlyStopping.minDelta', options.minDelta, EARLY_STOPPING_DEFAULTS.minDelta, 0, Infinity),
  };
}
