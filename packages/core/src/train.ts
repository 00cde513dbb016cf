/**
 * The training loop. One step reads as its named parts, as in FANN's fann_train:
 * forward → loss → backward → optimiser step; around it, epochs, shuffling, validation, early
 * stopping and a guard against divergence.
 */
import { ConfigError, DataError, ShapeError, TrainingError, show } from './errors.js';
import { Matrix, type FloatArray, type MatrixLike } from './matrix.js';
import type { Network } from './network.js';
import type { ThreadCount } from './backend.js';
import { integerOption, numberOption } from './options.js';
import { optimizer as createOptimizer, type Optimizer, type OptimizerSpec } from './optimizers/optimizer.js';
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

export interface EpochInfo {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean cost J over the epoch's batches (each measured before its step). */
  loss: number;
  valLoss?: number;
  /** Accuracy on the validation set, for cross-entropy losses. */
  valAccuracy?: number;
  /** Seconds since training started. */
  seconds: number;
}

export type StopReason = 'epochs' | 'early-stopping' | 'target-loss' | 'callback' | 'aborted';

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

/** Rows the validation set is scored in at a time. */
const SCORE_CHUNK = 512;

interface Batch {
  inputs: FloatArray; // (batchSize, n_0)
  targets: FloatArray; // (batchSize, n_L)
}

/** Trains `network` in place on (inputs, targets) and reports how it went. */
export function fit(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitOptions = {}): FitResult {
  if (options.threads === undefined) return train(network, inputs, targets, options);
  const before = network.backend.threads;
  network.backend.setThreads(options.threads);
  try {
    return train(network, inputs, targets, options);
  } finally {
    network.backend.setThreads(before);
  }
}

function train(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitOptions): FitResult {
  const untrainable = network.activations.findIndex((a) => !a.trainable);
  if (untrainable >= 0) {
    throw new ConfigError(
      `activation of layer ${untrainable + 1}`,
      `is ${show(network.activations[untrainable].name)}, a step function with no useful derivative: the network can predict but not train (replace it with sigmoid or tanh to train)`,
    );
  }
  const epochs = integerOption('epochs', options.epochs, 200, 1);
  const l2 = numberOption('l2', options.l2, 0, 0, Infinity);
  const opt = createOptimizer(options.optimizer ?? 'adam', 'optimizer', network.backend);
  const random = new Random(integerOption('seed', options.seed, 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const targetLoss = options.targetLoss === undefined ? -Infinity : numberOption('targetLoss', options.targetLoss, 0, 0, Infinity);

  const early = earlyStoppingOptions(options.earlyStopping);
  integerOption('batchSize', options.batchSize, 1, 1);
  // The network's own working buffers first: what follows (data, optimiser state) is freed at the end.
  const rowsGiven = inputs instanceof Matrix ? inputs.rows : inputs.length;
  network.reserve(Math.max(1, Math.min(opt.fullBatch ? rowsGiven : (options.batchSize ?? 32), rowsGiven), Math.min(SCORE_CHUNK, rowsGiven)));
  const mark = network.backend.mark();
  try {
    return run(network, inputs, targets, options, { epochs, l2, opt, random, targetLoss, early });
  } finally {
    network.backend.release(mark);
  }
}

interface Settings {
  epochs: number;
  l2: number;
  opt: Optimizer;
  random: Random;
  targetLoss: number;
  early: { patience: number; minDelta: number } | null;
}

function run(network: Network, inputs: MatrixLike, targets: MatrixLike, options: FitOptions, settings: Settings): FitResult {
  const { epochs, l2, opt, random, targetLoss, early } = settings;
  // The data in the kernels' memory (one copy at most), so that batches gather without copies.
  let x = network.ownMatrix(inputs, 'inputs');
  let y = checkTargets(network, targets, x.rows, 'targets');
  let validation: { x: Matrix; y: Matrix } | undefined;
  if (options.validation !== undefined) {
    if (options.validationSplit !== undefined) throw new ConfigError('validationSplit', 'cannot be given with a validation set');
    const vx = network.ownMatrix(options.validation.inputs, 'validation inputs');
    validation = { x: vx, y: checkTargets(network, options.validation.targets, vx.rows, 'validation targets') };
  } else if (options.validationSplit !== undefined) {
    const fraction = numberOption('validationSplit', options.validationSplit, 0, 0, 1, { min: true, max: true });
    const { train, held } = splitIndices(x.rows, fraction, random);
    if (train.length === 0 || held.length === 0) {
      throw new ConfigError('validationSplit', `${fraction} of ${x.rows} rows leaves ${train.length} to train on and ${held.length} to validate on; both need at least one`);
    }
    const own = (length: number) => network.allocateBuffer(length);
    validation = { x: x.selectRows(held, own), y: y.selectRows(held, own) };
    x = x.selectRows(train, own);
    y = y.selectRows(train, own);
  }
  const rows = x.rows;
  if (rows === 0) throw new DataError('inputs has no rows to train on');

  const batchSize = opt.fullBatch ? rows : integerOption('batchSize', options.batchSize, Math.min(32, rows), 1);
  if (opt.fullBatch && options.batchSize !== undefined && options.batchSize !== rows) {
    throw new ConfigError('batchSize', `must be the whole training set (${rows}) for ${opt.name}, which steps on the sign of the full gradient; got ${show(options.batchSize)}`);
  }
  const shuffle = options.shuffle ?? true;

  const batch: Batch = {
    inputs: network.allocateBuffer(Math.min(batchSize, rows) * network.inputSize),
    targets: network.allocateBuffer(Math.min(batchSize, rows) * network.outputSize),
  };
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const lastGood = network.params.slice(); // the weights at the start of the epoch
  const best = early ? network.params.slice() : null;
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let wait = 0;
  const history: EpochInfo[] = [];
  const started = performance.now();
  let stoppedBy: StopReason = 'epochs';

  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (shuffle) random.shuffleIndices(order);
    lastGood.set(network.params);
    let lossSum = 0;
    let aborted = false;
    for (let start = 0; start < rows; start += batchSize) {
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const size = Math.min(batchSize, rows - start);
      gather(network, batch, x, y, order, start, size);
      network.forward(batch.inputs, size); // forward
      const cost = network.cost(batch.targets, size, l2); // loss
      if (!Number.isFinite(cost)) {
        network.params.set(lastGood);
        throw new TrainingError(
          `training diverged in epoch ${epoch} (the loss became ${show(cost)}); the network keeps the weights from the start of that epoch. Try a smaller learning rate, scaled inputs, or gradient-friendlier activations`,
        );
      }
      lossSum += cost * size;
      network.backward(batch.targets, size, l2); // backward
      opt.step(network.params, network.grads); // optimiser step
    }
    if (aborted) {
      network.params.set(lastGood); // a half-finished epoch is discarded
      stoppedBy = 'aborted';
      break;
    }
    const info: EpochInfo = { epoch, epochs, loss: lossSum / rows, seconds: 0 };
    if (validation !== undefined) Object.assign(info, score(network, validation.x, validation.y, l2));
    info.seconds = (performance.now() - started) / 1000;
    history.push(info);
    if (!early) bestEpoch = epoch;

    if (early) {
      const monitored = info.valLoss ?? info.loss;
      if (monitored < bestLoss - early.minDelta) {
        bestLoss = monitored;
        bestEpoch = epoch;
        best!.set(network.params);
        wait = 0;
      } else if (++wait >= early.patience) {
        stoppedBy = 'early-stopping';
      }
    }
    if (info.loss <= targetLoss) stoppedBy = 'target-loss';
    if (options.onEpoch?.(info) === false && stoppedBy === 'epochs') stoppedBy = 'callback';
    if (stoppedBy !== 'epochs') break;
    if (options.signal?.aborted) {
      stoppedBy = 'aborted';
      break;
    }
  }
  if (early && bestEpoch > 0) network.params.set(best!); // restore the best epoch's weights
  const chosen = history[bestEpoch - 1];
  return {
    history,
    epochs: history.length,
    stoppedBy,
    bestEpoch,
    loss: chosen?.loss ?? NaN,
    valLoss: chosen?.valLoss,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Copies the rows order[start … start+size) of x and y into the batch buffers (no allocation). */
function gather(network: Network, batch: Batch, x: Matrix, y: Matrix, order: Uint32Array, start: number, size: number): void {
  for (let r = 0; r < size; r++) {
    const row = order[start + r];
    network.backend.copy(batch.inputs, r * x.cols, x.data, row * x.cols, x.cols);
    network.backend.copy(batch.targets, r * y.cols, y.data, row * y.cols, y.cols);
  }
}

/** The validation loss (and accuracy for cross-entropy losses), in chunks of bounded size. */
function score(network: Network, x: Matrix, y: Matrix, l2: number): { valLoss: number; valAccuracy?: number } {
  const chunk = SCORE_CHUNK;
  const loss = network.loss.name;
  const m = network.outputSize;
  let costSum = 0;
  let correct = 0;
  for (let start = 0; start < x.rows; start += chunk) {
    const size = Math.min(chunk, x.rows - start);
    const outputs = network.forward(x.data.subarray(start * x.cols, (start + size) * x.cols), size);
    const targets = y.data.subarray(start * m, (start + size) * m);
    costSum += network.loss.cost(outputs, targets, size * m);
    if (loss === 'categorical-cross-entropy') correct += countArgmaxHits(outputs, targets, size, m);
    if (loss === 'binary-cross-entropy') {
      for (let k = 0; k < size * m; k++) if (outputs[k] >= 0.5 === targets[k] >= 0.5) correct++;
    }
  }
  const valLoss = costSum / x.rows + (l2 > 0 ? (l2 / 2) * network.sumSquaredWeights() : 0);
  if (loss === 'categorical-cross-entropy') return { valLoss, valAccuracy: correct / x.rows };
  if (loss === 'binary-cross-entropy') return { valLoss, valAccuracy: correct / (x.rows * m) };
  return { valLoss };
}

/** Rows whose largest output is where the target's largest value is. */
function countArgmaxHits(outputs: FloatArray, targets: FloatArray, rows: number, m: number): number {
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let want = 0;
    for (let j = 1; j < m; j++) {
      if (outputs[r * m + j] > outputs[r * m + best]) best = j;
      if (targets[r * m + j] > targets[r * m + want]) want = j;
    }
    if (best === want) hits++;
  }
  return hits;
}

function checkTargets(network: Network, targets: MatrixLike, rows: number, name: string): Matrix {
  const y = network.ownMatrix(targets, name, network.outputSize);
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
