/**
 * The rows a training reads, checked: the inputs and targets (targets in range for the loss, rows
 * summing to 1 for categorical cross-entropy), the validation set or the share held out, the batch
 * size (the whole set for a full-batch optimiser) and the batch buffers. startTraining (train.ts)
 * calls it once the options are checked.
 */
import { ConfigError, DataError, ShapeError, show } from '../errors.js';
import { Batch, allRows, type RowSet } from './batch.js';
import { memoryRows, streamedRows } from './epoch-rows.js';
import type { RowSource } from '../data/row-source.js';
import { Matrix, type MatrixLike } from '../data/matrix.js';
import { SCORE_CHUNK } from './score.js';
import type { Network } from '../network/network.js';
import { integerOption } from '../options.js';
import { defaultValidationSplit, FIT_DEFAULTS } from '../defaults/defaults.js';
import type { Optimizer } from '../optimizers/optimizer-interface.js';
import type { Random } from '../random.js';
import { splitIndices } from '../data/split.js';
import { checkSampleWeights } from './sample-weights.js';

/** What fit's data checks read of its options (a part of `FitOptions`), and what {@link trainingRowCount} takes. */
export interface DataOptions {
  validation?: { inputs: MatrixLike; targets: MatrixLike };
  validationSplit?: number;
  earlyStopping?: unknown;
  batchSize?: number;
  shuffle?: boolean;
  sampleWeights?: ArrayLike<number>;
}

/**
 * The share of `rows` that fit holds out for validation: the validationSplit given, else early
 * stopping's default, skipped on a set too small to leave a row on each side (0 with a validation set).
 */
export function validationShare(rows: number, options: Pick<DataOptions, 'validation' | 'validationSplit' | 'earlyStopping'>): number {
  if (options.validation !== undefined) return 0;
  const held = options.validationSplit ?? defaultValidationSplit(options.earlyStopping);
  return options.validationSplit === undefined && (Math.round(rows * held) === 0 || Math.round(rows * held) === rows) ? 0 : held;
}

/** The rows fit trains on out of `rows`, the share it holds out (validationShare) taken away (splitIndices). */
export function trainingRowCount(rows: number, options: Pick<DataOptions, 'validation' | 'validationSplit' | 'earlyStopping'>): number {
  return rows - Math.round(rows * validationShare(rows, options));
}

/** The training and validation rows, the batch size and the batch buffers of a training. */
export function checkData(network: Network, inputs: MatrixLike, targets: MatrixLike, options: DataOptions, opt: Optimizer, random: Random) {
  // The caller's matrices are read as they are (arrays of rows are converted once); batches are
  // gathered from them by row index, so a validation split copies nothing.
  const own = (length: number) => network.allocateBuffer(length); // freed when training closes
  const x = network.checkInputs(inputs, 'inputs', network.inputSize, own);
  const train = allRows(x, checkTargets(network, targets, x.rows, 'targets'));
  if (options.sampleWeights !== undefined) train.w = checkSampleWeights(options.sampleWeights, x.rows);
  let validation: RowSet | undefined;
  const fraction = validationShare(x.rows, options);
  if (options.validation !== undefined) {
    const vx = network.checkInputs(options.validation.inputs, 'validation inputs', network.inputSize, own);
    if (vx.rows === 0) throw new DataError('validation has no rows: give a validation set of at least one row, or leave it out');
    validation = allRows(vx, checkTargets(network, options.validation.targets, vx.rows, 'validation targets'));
  } else if (fraction > 0) {
    const split = splitIndices(x.rows, fraction, random);
    if (split.train.length === 0 || split.held.length === 0) {
      throw new ConfigError('validationSplit', `${fraction} of ${x.rows} rows leaves ${split.train.length} to train on and ${split.held.length} to validate on; both need at least one`);
    }
    validation = { ...train, index: split.held };
    train.index = split.train;
  }
  const rows = train.index.length;
  if (rows === 0) throw new DataError('inputs has no rows to train on');

  const batchSize = opt.fullBatch ? rows : integerOption('batchSize', options.batchSize, Math.min(FIT_DEFAULTS.batchSize, rows), 1);
  if (opt.fullBatch && options.batchSize !== undefined && options.batchSize !== rows) {
    throw new ConfigError('batchSize', `must be the whole training set (${rows}) for ${opt.name}, which steps on the gradient of the whole set; got ${show(options.batchSize)}`);
  }
  const batch = new Batch(network, Math.min(batchSize, rows));
  const scoring = validation && new Batch(network, Math.min(SCORE_CHUNK, validation.index.length));
  return { rows: memoryRows(train), train: train as RowSet | null, validation, batchSize, batch, scoring, shuffle: options.shuffle ?? FIT_DEFAULTS.shuffle };
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

/** checkData for a row source (row-source.ts): its shape, mini-batches only, no validation. */
export function checkSource(network: Network, source: RowSource, options: DataOptions & { stopAtBitFail?: unknown; resume?: unknown }, opt: Optimizer) {
  if (source.inputSize !== network.inputSize || source.outputSize !== network.outputSize) {
    throw new ShapeError(`the row source has ${source.inputSize} inputs and ${source.outputSize} targets per row, the network takes ${network.inputSize} and gives ${network.outputSize}`);
  }
  if (source.rows === 0) throw new DataError('the row source has no rows to train on');
  if (opt.fullBatch) throw new ConfigError('optimizer', `${opt.name} steps on the full gradient, which training from a row source (a block at a time) does not hold; use adam or sgd`);
  for (const option of ['validation', 'validationSplit'] as const) {
    if (options[option] !== undefined && options[option] !== 0) throw new ConfigError(option, 'is not taken when training from a row source: hold out a separate file and evaluate on it');
  }
  if (options.sampleWeights !== undefined) throw new ConfigError('sampleWeights', 'are not taken when training from a row source (they would need a weight per row of the source)');
  if (options.stopAtBitFail !== undefined && options.stopAtBitFail !== false) throw new ConfigError('stopAtBitFail', 'is not taken when training from a row source: the bit fail counts the whole training set after each epoch');
  if (options.resume !== undefined) throw new ConfigError('resume', 'is not taken when training from a row source: a checkpoint keeps the order of rows in memory');
  const batchSize = integerOption('batchSize', options.batchSize, Math.min(FIT_DEFAULTS.batchSize, source.rows), 1);
  const batch = new Batch(network, Math.min(batchSize, source.rows));
  return { rows: streamedRows(network, source, batchSize), train: null as RowSet | null, validation: undefined as RowSet | undefined, batchSize, batch, scoring: undefined as Batch | undefined, shuffle: options.shuffle ?? FIT_DEFAULTS.shuffle };
}
