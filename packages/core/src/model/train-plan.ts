/**
 * Model.train's plan, before and after it makes the model: the task, the seed, the inputs (missing
 * values filled) and their scaler, the targets as the network learns them, the hidden layers and
 * the network (`trainingParts`); then the rows that train, the ones held out, the class weights and
 * fit's options, and what the model records of its training (`trainingFit`). A warm start (`from`)
 * decides what shapes the network and its data (warm-start.ts).
 */
import { autoDefaults, autoFitOptions, hiddenSizes, type AutoDefaults } from '../defaults/auto-defaults.js';
import { TRAIN_DEFAULTS } from '../defaults/defaults.js';
import type { DataInput, Dataset, MatrixDataset } from '../data/dataset.js';
import { argmaxRows } from '../data/labels.js';
import { dtypeOf, Matrix } from '../data/matrix.js';
import { columnMeans, fillMissing, missingError, missingOption, scanInputs, type MissingName } from '../data/missing.js';
import { checkScalable, fitScaler, scale, type ScalingName } from '../data/scaler.js';
import { inferTask, inferTaskOfNumbers, TASKS, type Task } from '../data/task.js';
import { ConfigError, show } from '../errors.js';
import { DEFAULT_SEED } from '../network/network.js';
import { integerOption } from '../options.js';
import { checkWarmStart, continuedCheckpoint, keptChoices } from '../resume/warm-start.js';
import { FIT_ASYNC_OPTIONS, type FitAsyncOptions } from '../training/fit-async.js';
import { holdOut } from '../training/hold-out.js';
import { classWeightsFor, rowWeights, type ClassWeights } from '../training/sample-weights.js';
import type { EpochInfo, FitResult } from '../training/train.js';
import { trainingRowCount } from '../training/training-data.js';
import { trainingRecord, type TrainingRecord } from '../training/training-record.js';
import { checkColumns, prepareTargets } from './model-data.js';
import type { ModelParts } from './model-parts.js';
import { trainingNetwork, type NetworkChoices } from './training-network.js';

/**
 * What of Model.train's options the plan reads (TrainAsyncOptions has them all; `from` and
 * `onEpoch`, which name the Model, Model.plan hands over itself).
 */
export interface PlanOptions extends Omit<FitAsyncOptions, 'validation' | 'resume' | 'sampleWeights' | 'onEpoch'>, NetworkChoices {
  task?: Task;
  hidden?: readonly number[];
  scaling?: ScalingName;
  targetScaling?: ScalingName;
  validation?: DataInput;
  classWeights?: ClassWeights;
  scaleInPlace?: boolean;
  missing?: MissingName;
}

/** The parts of the model to train, and what the plan chose on the way. */
export interface TrainingParts {
  parts: ModelParts;
  task: Task;
  seed: number;
  /** (rows, inputs) raw inputs, missing values filled; (rows, outputs) targets as the network learns them. */
  x: Matrix;
  y: Matrix;
  hidden: readonly number[];
  auto: AutoDefaults;
  chosen: ReturnType<typeof autoFitOptions>;
}

/** The model's parts for a data set and options (a new network, or a copy of `from`'s), checked. */
export function trainingParts(data: Dataset | MatrixDataset, options: PlanOptions, from: ModelParts | undefined): TrainingParts {
  if (from !== undefined) checkWarmStart(from, options, data);
  const seed = integerOption('seed', options.seed, from?.training?.seed ?? DEFAULT_SEED, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const task = from?.task ?? options.task ?? (data.targets instanceof Matrix ? (data.targets.cols > 1 ? 'regression' : inferTaskOfNumbers(data.targets.data)) : inferTask(data.targets));
  if (!TASKS.includes(task)) throw new ConfigError('task', `must be classification or regression, got ${show(task)}`);
  const missing = missingOption(options.missing);
  const scanned = scanInputs(data.inputs, 'inputs');
  let x = scanned.x;
  checkColumns(data, x);
  // Missing values: filled with the means of the training rows (or of the model continued), else refused.
  const fill = from?.fill ?? (missing === 'mean' ? columnMeans(x, data.inputNames) : undefined);
  if (scanned.missing) {
    if (fill === undefined) throw missingError(x, 'inputs', data.inputNames);
    x = fillMissing(options.scaleInPlace === true || x !== data.inputs ? x : x.copy(dtypeOf(x.data)), fill);
  }
  const inputScaler = from?.inputScaler ?? fitScaler(options.scaling ?? TRAIN_DEFAULTS.scaling, x, 'scaling');
  if (from === undefined) checkScalable(inputScaler, data.inputNames, 'input');
  // As classWeights on a regression: a value that cannot apply is refused, not ignored (the default, as 'none' there, is taken).
  if (task === 'classification' && options.targetScaling !== undefined && options.targetScaling !== TRAIN_DEFAULTS.targetScaling) {
    throw new ConfigError('targetScaling', `scales a regression's targets, but the task is classification (its targets are classes); leave it out`);
  }
  const prepared = prepareTargets(task, data, from, options.targetScaling ?? TRAIN_DEFAULTS.targetScaling, options.scaleInPlace === true);
  const given = from?.network.layers.slice(1, -1) ?? options.hidden;
  const auto = autoDefaults({ rows: x.rows, inputs: x.cols, outputs: prepared.y.cols, task, hidden: hiddenSizes(given) });
  // A warm start keeps what its model's training chose; the rules choose the rest.
  const chosen = { ...autoFitOptions(options, auto, x.rows), ...keptChoices(from?.training?.options, options) } as ReturnType<typeof autoFitOptions>;
  const hidden = given ?? auto.hidden;
  if (!Array.isArray(hidden)) throw new ConfigError('hidden', `must be a list of hidden layer sizes such as [64] (or [] for none), got ${show(hidden)}`);
  // Named as the caller wrote them (hidden[0]), not as the network's layers (layers[1]).
  for (let k = 0; k < hidden.length; k++) {
    const size: unknown = hidden[k];
    if (!Number.isInteger(size) || (size as number) < 1) throw new ConfigError(`hidden[${k}]`, `must be a whole number ≥ 1, got ${k in hidden ? show(size) : 'nothing (a hole in the array)'}`);
  }
  const network = from?.network.clone() ?? trainingNetwork([x.cols, ...hidden, prepared.y.cols], task, options, auto.dtype, seed);
  const parts = {
    task,
    network,
    inputNames: data.inputNames,
    targetNames: data.targetNames,
    inputScaler,
    categorical: from?.categorical ?? data.categorical,
    fill,
    labels: prepared.labels,
    targetScaler: prepared.targetScaler,
  };
  return { parts, task, seed, x, y: prepared.y, hidden, auto, chosen };
}

/** What fit is given for the model, and what the model records of the training fit gives back. */
export interface TrainingFit {
  inputs: Matrix;
  targets: Matrix;
  fitOptions: FitAsyncOptions;
  record: (result: FitResult) => TrainingRecord;
}

/**
 * The rows that train the model made of `shaped` (scaled, in place with scaleInPlace), the
 * validation (a set given, encoded by the model, or rows held out), the class weights and fit's
 * options, with `onEpoch` (the caller's, given the model) and the checkpoint `from` continues.
 */
export function trainingFit(
  model: { encode(dataInput: DataInput, field?: string): { inputs: Matrix; targets: Matrix } },
  shaped: TrainingParts,
  options: PlanOptions,
  onEpoch: ((info: EpochInfo) => boolean | void) | undefined,
  from: ModelParts | undefined,
): TrainingFit {
  const { task, seed, x, y, hidden, auto, chosen } = shaped;
  const { network, inputScaler, labels } = shaped.parts;
  const { validation } = options;
  if (validation !== undefined && options.validationSplit !== undefined) throw new ConfigError('validationSplit', 'cannot be given with a validation set');
  const trainX = options.scaleInPlace === true && dtypeOf(x.data) === network.dtype ? scale(inputScaler, x, network.dtype, x) : scale(inputScaler, x, network.dtype);
  const rows = x.rows;
  const held = validation === undefined ? holdOut(task, trainX, y, options, seed) : undefined;
  const sampleWeights = classSampleWeights(task, options.classWeights ?? TRAIN_DEFAULTS.classWeights, labels, held?.y ?? y);
  const fitOptions = Object.fromEntries(
    Object.entries(options).filter(([name]) => FIT_ASYNC_OPTIONS.includes(name) && name !== 'validation' && name !== 'validationSplit'),
  ) as FitAsyncOptions;
  const planned: FitAsyncOptions = {
    ...fitOptions,
    ...(onEpoch !== undefined && { onEpoch }),
    ...chosen,
    seed,
    ...(sampleWeights === undefined ? {} : { sampleWeights }),
    ...(held === undefined ? { validation: model.encode(validation!, 'validation') } : held.fit),
  };
  // The checkpoint continues only the optimiser it holds the state of, on as many training rows;
  // otherwise the optimiser starts afresh from the weights.
  const resume = continuedCheckpoint(from?.checkpoint, options.optimizer, trainingRowCount((held?.x ?? trainX).rows, planned));
  if (resume !== undefined) planned.resume = resume;
  const record = (result: FitResult): TrainingRecord => {
    // The resolved choices are recorded too: the task, the hidden layers and the share held out;
    // under `auto`, every value the rules of auto-defaults.ts chose (a warm start keeps its model's layers and dtype).
    const recorded = {
      ...jsonOptions(options),
      task,
      hidden: [...hidden],
      ...(held === undefined ? {} : { validationSplit: held.split }),
      auto: {
        ...(options.hidden === undefined && from === undefined ? { hidden: auto.hidden } : {}),
        ...(options.dtype === undefined && from === undefined ? { dtype: auto.dtype } : {}),
        ...chosen,
      },
    };
    const continued = from === undefined ? undefined : { epochs: from.checkpoint?.epochs ?? from.training?.epochs ?? 0, optimizerState: resume !== undefined };
    return trainingRecord(recorded, rows, seed, result, continued);
  };
  return { inputs: held?.x ?? trainX, targets: held?.y ?? y, fitOptions: planned, record };
}

/** The weight of each training row (one-hot rows of y) under classWeights; undefined when all are 1. */
function classSampleWeights(task: Task, spec: ClassWeights, labels: readonly string[] | undefined, y: Matrix): Float64Array | undefined {
  if (spec === 'none') return undefined;
  if (task !== 'classification') throw new ConfigError('classWeights', `weights classes, but the task is ${task}; leave it out (or 'none')`);
  const classes = argmaxRows(y.data, y.rows, y.cols);
  return rowWeights(classWeightsFor(spec, labels!, classes), classes);
}

/** The options worth recording, as JSON (no callbacks or signals). */
function jsonOptions(options: PlanOptions & { onEpoch?: unknown; from?: unknown }): Record<string, unknown> {
  const { onEpoch: _onEpoch, onProgress: _onProgress, signal: _signal, validation: _validation, from: _from, scaleInPlace: _inPlace, ...rest } = options;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}
