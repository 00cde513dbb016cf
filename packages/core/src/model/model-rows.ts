/**
 * Model.train for a data set read from a row source (row-source.ts) rather than held: the CLI's
 * `--stream` trains from a file larger than memory this way. The scalers are fitted in streaming
 * passes (scaler-rows.ts) to the same values Model.train fits; the network is built as Model.train
 * builds it (two passes over the source for both scalers); and fitRows trains it from blocks scaled and encoded as they are read. Without
 * shuffling the model is Model.train's to the last bit; with it, the epochs shuffle blocks
 * (epoch-rows.ts) where Model.train shuffles rows, so the weights differ as another seed's would.
 */
import { autoDefaults, autoFitOptions, hiddenSizes } from '../defaults/auto-defaults.js';
import { TRAIN_DEFAULTS } from '../defaults/defaults.js';
import { ConfigError, DataError, show } from '../errors.js';
import type { DType, FloatArray } from '../data/matrix.js';
import { Model, TRAIN_OPTIONS, type TrainOptions } from './model.js';
import { DEFAULT_SEED } from '../network/network.js';
import { integerOption } from '../options.js';
import { checkRowSource, type RowSource } from '../data/row-source.js';
import type { CategoricalInput } from '../data/categories.js';
import { columnMeansOfRows, filledRows, missingOption } from '../data/missing.js';
import { checkScalable, type Scaler } from '../data/scaler.js';
import { fitScalersOfRows } from '../data/scaler-rows.js';
import { checkObject, checkOptions } from '../strict-options.js';
import { trainingRecord } from '../training/training-record.js';
import { trainingNetwork } from './training-network.js';
import { checkOnEpoch } from '../training/epoch-callback.js';
import { fitRows, type EpochInfo, type FitOptions, type FitResult } from '../training/train.js';

/** A data set as rows to read: raw inputs, and targets as class indices or numbers. */
export interface RowsDataset {
  inputNames: readonly string[];
  targetNames: readonly string[];
  /**
   * Classification: the classes, sorted as classesOf sorts them, and the source's one target
   * column holds each row's index among them. Without labels the targets are numbers (regression).
   */
  labels?: readonly string[];
  /** (rows, inputNames.length) raw inputs and (rows, 1 or targetNames.length) targets. */
  source: RowSource;
  /** The columns of categories whose 0/1 inputs are among inputNames (categories.ts), kept by the model. */
  categorical?: readonly CategoricalInput[];
  /**
   * The number type the source holds its inputs in, default float64: with missing: 'mean', a fill
   * takes its precision, as Model.train's fill takes its matrix's.
   */
  inputType?: DType;
}

/** Model.train's options that fitRows takes (the rest shape the network and its data). */
const FIT_ROWS_OPTIONS = ['epochs', 'batchSize', 'optimizer', 'l2', 'l1', 'shuffle', 'validation', 'validationSplit', 'earlyStopping', 'targetLoss', 'onEpoch', 'signal', 'threads'];

/** Builds a model for the rows and trains it, block by block; see the file's comment. */
export function trainModelOnRows(data: RowsDataset, options: TrainOptions = {}): { model: Model; result: FitResult } {
  checkObject(data, 'data', 'rows to train on { inputNames, targetNames, labels?, source }');
  checkRowSource(data.source, 'data.source');
  checkOptions(options, TRAIN_OPTIONS, 'trainModelOnRows');
  if (options.from !== undefined) throw new ConfigError('from', 'is not taken by trainModelOnRows: continue a model with Model.train');
  // Missing inputs (NaN): filled with the means of the rows, in a pass before the scalers' (missing.ts).
  const fill = missingOption(options.missing) === 'mean' ? columnMeansOfRows(data.source, data.inputNames) : undefined;
  const source = fill === undefined ? data.source : filledRows(data.source, fill, data.inputType ?? 'float64');
  const task = data.labels === undefined ? 'regression' : 'classification';
  if (options.task !== undefined && options.task !== task) {
    throw new ConfigError('task', `is ${show(options.task)}, but the rows hold ${task === 'classification' ? 'class indices' : 'numbers'}`);
  }
  const seed = integerOption('seed', options.seed, DEFAULT_SEED, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const scalers = fitScalersOfRows(source, {
    inputs: options.scaling ?? TRAIN_DEFAULTS.scaling,
    targets: task === 'regression' ? (options.targetScaling ?? TRAIN_DEFAULTS.targetScaling) : undefined,
  });
  const { inputs: inputScaler, targets: targetScaler } = scalers;
  checkScalable(inputScaler, data.inputNames, 'input');
  if (targetScaler !== undefined) checkScalable(targetScaler, data.targetNames, 'target');
  const outputs = task === 'classification' ? data.labels!.length : data.targetNames.length;
  // What the caller left out is chosen from the data's shape, as Model.train does (auto-defaults.ts).
  const auto = autoDefaults({ rows: source.rows, inputs: source.inputSize, outputs, task, hidden: hiddenSizes(options.hidden) });
  const chosen = autoFitOptions(options, auto, source.rows);
  const hidden = options.hidden ?? auto.hidden;
  const network = trainingNetwork([source.inputSize, ...hidden, outputs], task, options, auto.dtype, seed);
  const model = new Model({ task, network, inputNames: data.inputNames, targetNames: data.targetNames, inputScaler, categorical: data.categorical, fill, labels: data.labels, targetScaler });
  const fitOptions = Object.fromEntries(Object.entries(options).filter(([name]) => FIT_ROWS_OPTIONS.includes(name))) as FitOptions;
  checkOnEpoch(options.onEpoch); // before it is wrapped: fitRows sees only the wrapper
  const onEpoch = options.onEpoch === undefined ? undefined : (info: EpochInfo) => options.onEpoch!(info, model); // as Model.train: with the model being trained
  const result = fitRows(network, preparedRows(source, inputScaler, targetScaler, outputs), { ...fitOptions, ...(onEpoch && { onEpoch }), ...chosen, seed });
  const { onEpoch: _onEpoch, signal: _signal, ...rest } = options;
  const recorded = {
    ...(JSON.parse(JSON.stringify(rest)) as Record<string, unknown>),
    task,
    hidden: [...hidden],
    auto: { ...(options.hidden === undefined ? { hidden: auto.hidden } : {}), ...(options.dtype === undefined ? { dtype: auto.dtype } : {}), ...chosen },
  };
  model.training = trainingRecord(recorded, source.rows, seed, result);
  return { model, result };
}

/**
 * The raw rows in the network's terms, as Model.train prepares them: inputs (x − offset) / scale,
 * targets one-hot (classification) or scaled the same way (regression), each computed in float64
 * and stored in the network's dtype.
 */
function preparedRows(raw: RowSource, inputScaler: Scaler, targetScaler: Scaler | undefined, outputs: number): RowSource {
  const n = raw.inputSize;
  const m = raw.outputSize;
  let x = new Float64Array(0);
  let y = new Float64Array(0);
  return {
    rows: raw.rows,
    inputSize: n,
    outputSize: outputs,
    read(start: number, count: number, inputs: FloatArray, targets: FloatArray) {
      if (x.length < count * n) x = new Float64Array(count * n);
      if (y.length < count * m) y = new Float64Array(count * m);
      raw.read(start, count, x, y);
      for (let k = 0; k < count * n; k++) {
        const c = k % n;
        inputs[k] = (x[k] - inputScaler.offset[c]) / inputScaler.scale[c];
      }
      if (targetScaler === undefined) {
        targets.fill(0, 0, count * outputs);
        for (let r = 0; r < count; r++) {
          const j = y[r];
          if (!Number.isInteger(j) || j < 0 || j >= outputs) throw new DataError(`row ${start + r} has the class index ${show(j)}, expected a whole number in [0, ${outputs})`);
          targets[r * outputs + j] = 1;
        }
      } else {
        for (let k = 0; k < count * m; k++) {
          const c = k % m;
          targets[k] = (y[k] - targetScaler.offset[c]) / targetScaler.scale[c];
        }
      }
    },
  };
}
