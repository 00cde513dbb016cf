/**
 * Model: a trained Network with everything needed to use it on raw data: the task, the input
 * column names, the input scaling, the class labels (classification) or target scaling
 * (regression), and the record of its training. This is what a model file holds.
 */
import type { ActivationSpec } from '../activations/activations.js';
import { autoDefaults, autoFitOptions, hiddenSizes } from '../defaults/auto-defaults.js';
import { completeDataset, type DataInput, type Dataset, type MatrixDataset } from '../data/dataset.js';
import { categoryIndex, checkCategorical, rawInputNames, type CategoricalInput } from '../data/categories.js';
import { columnMeans, fillMissing, missingError, missingOption, scanInputs, type MissingName } from '../data/missing.js';
import { TRAIN_DEFAULTS } from '../defaults/defaults.js';
import { holdOut } from '../training/hold-out.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { ConfigError, DataError, ShapeError, show } from '../errors.js';
import type { InitName } from '../network/init.js';
import { argmaxRows, classesOf, encodeLabels, oneHot } from '../data/labels.js';
import type { LossName } from '../network/losses.js';
import { dtypeOf, dtypeRange, finiteIn, Matrix, type DType, type MatrixLike } from '../data/matrix.js';
import { JsonFields } from '../model-file/json-fields.js';
import { modelJson, modelParts, readJsonForm, type ModelJson } from '../model-file/model-json.js';
import type { ModelDescription } from '../model-file/model-document.js';
import { classificationReport, regressionReport, type ClassificationReport, type RegressionReport } from './metrics.js';
import { DEFAULT_SEED, Network } from '../network/network.js';
import { booleanOption, integerOption } from '../options.js';
import { classWeightsFor, rowWeights, type ClassWeights } from '../training/sample-weights.js';
import { checkScalable, fitScaler, scale, unscale, type Scaler, type ScalingName } from '../data/scaler.js';
import { inferTask, inferTaskOfNumbers, TASKS, type Task } from '../data/task.js';
import { fit, FIT_OPTIONS, startTraining, type EpochInfo, type FitOptions, type FitResult } from '../training/train.js';
import { trainingRecord, type TrainingRecord } from '../training/training-record.js';
import { trainingNetwork } from './training-network.js';
import type { TrainingCheckpoint } from '../resume/checkpoint.js';
import { checkWarmStart, continuedCheckpoint, keptChoices } from '../resume/warm-start.js';
import { FIT_ASYNC_OPTIONS, fitAsync, type FitAsyncOptions } from '../training/fit-async.js';
import { trainingRowCount } from '../training/training-data.js';
import { cellNumber } from '../data/cell-number.js';

export type { TrainingRecord };

/**
 * The options of {@link Model.train}: the network's shape and preprocessing, and everything
 * {@link FitOptions} takes.
 */
export interface TrainOptions extends Omit<FitOptions, 'validation' | 'resume' | 'sampleWeights' | 'onEpoch'> {
  /**
   * Called after every epoch, as fit's onEpoch, with the model being trained as well: its network
   * holds that epoch's weights (so `model.toJSON()` or `model.predict(…)` shows the training as it
   * goes; a server sends such snapshots to draw a decision map live). Returning false stops training.
   */
  onEpoch?: (info: EpochInfo, model: Model) => boolean | void;
  /** Inferred from the targets when not given (see inferTask). */
  task?: Task;
  /** Sizes of the hidden layers, default [64]. */
  hidden?: readonly number[];
  /** The hidden layers' activation, default relu. */
  activation?: ActivationSpec;
  /** Default softmax for classification, linear for regression. */
  outputActivation?: ActivationSpec;
  /** Default categorical-cross-entropy for classification, mse for regression. */
  loss?: LossName;
  /** How inputs are scaled, default standard. */
  scaling?: ScalingName;
  /** How regression targets are scaled for training (outputs are scaled back), default standard. */
  targetScaling?: ScalingName;
  dtype?: DType;
  init?: InitName;
  /** Seed of the weights, shuffles and validation split, default 42. */
  seed?: number;
  /** A held-out data set with the same columns, scored after every epoch. */
  validation?: DataInput;
  /**
   * Warm start: train a copy of this model further (its architecture, scaling and labels; the data
   * must have its columns), continuing its checkpoint when it has one of the same optimiser, so
   * that the weights are those of one training that never stopped. The options that shape a new
   * network (task, hidden, activation, …) cannot be given with it; the seed defaults to the model's.
   */
  from?: Model;
  /** Classification: each class's weight on its samples' cost and residual: 'balanced'
   * (n_samples / (n_classes · count), over the rows that train), a list in the order of the labels,
   * or an object by label; default 'none' (all 1). See sample-weights.ts. */
  classWeights?: ClassWeights;
  /**
   * Scale the data set where it lies rather than into copies: the inputs when they are a Matrix of
   * the network's dtype, and a MatrixDataset's targets of a regression (float64) when they are
   * scaled (else either is copied as usual). The caller's matrices then hold the scaled values,
   * and the data set is held once instead of twice. For a caller that does not use its raw data
   * again, such as the CLI's training thread, which owns its data. Default false.
   */
  scaleInPlace?: boolean;
  /**
   * Missing input values (NaN in a Matrix, null in rows of numbers): 'error' (the default) refuses
   * them; 'mean' fills each with its column's mean on the training rows, which the model keeps
   * (`model.fill`) to fill the inputs it predicts (missing.ts).
   */
  missing?: MissingName;
}

/** Every option of Model.train: fit's, and the ones that shape the network and its data. */
export const TRAIN_OPTIONS: readonly string[] = [
  ...FIT_OPTIONS.filter((name) => name !== 'resume' && name !== 'sampleWeights'),
  ...optionNames<Omit<TrainOptions, keyof FitOptions>>({
    task: true,
    hidden: true,
    activation: true,
    outputActivation: true,
    loss: true,
    scaling: true,
    targetScaling: true,
    dtype: true,
    init: true,
    from: true,
    classWeights: true,
    scaleInPlace: true,
    missing: true,
  }),
];


/** Model.trainAsync's options: Model.train's, and fitAsync's progress reports. */
export interface TrainAsyncOptions extends TrainOptions {
  /** Called between time slices (about every 15 ms) with the epoch reached, as in fitAsync. */
  onProgress?: FitAsyncOptions['onProgress'];
}

/** Every option of Model.trainAsync. */
export const TRAIN_ASYNC_OPTIONS: readonly string[] = [...TRAIN_OPTIONS, 'onProgress'];

/** What a {@link Model} is made of (its constructor checks that the parts fit together). */
export interface ModelParts extends ModelDescription {
  training?: TrainingRecord;
  /** What continues the training (checkpoint.ts). */
  checkpoint?: TrainingCheckpoint;
}

/**
 * What {@link Model.predict} answers, told apart by `task`: a classifier's label for each row
 * with the class probabilities, (rows, classes) in the order of `labels`; a regressor's values,
 * (rows, targets) in the targets' own units. Test `task` before reading `labels` or `values`.
 */
export type Prediction =
  | { task: 'classification'; labels: string[]; probabilities: Matrix }
  | { task: 'regression'; values: Matrix };

/**
 * What {@link Model.evaluate} answers, told apart by `task`: a {@link ClassificationReport}
 * (accuracy, confusion matrix, per-class scores) or a {@link RegressionReport} (MSE, MAE, R²).
 */
export type Evaluation =
  | ({ task: 'classification' } & ClassificationReport)
  | ({ task: 'regression' } & RegressionReport);

/**
 * A trained {@link Network} with what it needs to work on raw data: the task, the input column
 * names, the input scaling, the class labels (classification) or the target scaling (regression),
 * and the record of its training. {@link Model.train} makes one from a {@link Dataset};
 * `@bpnn/serialize` writes and reads it as a `.bpnn` file.
 */
export class Model {
  readonly task: Task;
  readonly network: Network;
  readonly inputNames: readonly string[];
  readonly targetNames: readonly string[];
  readonly inputScaler: Scaler;
  /** The categorical input columns, whose 0/1 columns are among inputNames (categories.ts); empty when none. */
  readonly categorical: readonly CategoricalInput[];
  /** Trained with `missing: 'mean'`: the value each input takes when it is missing, its training mean (missing.ts). */
  readonly fill?: readonly number[];
  readonly labels?: readonly string[];
  readonly targetScaler?: Scaler;
  training?: TrainingRecord;
  /** The state that lets `Model.train(data, { from: model })` continue the training bit for bit (checkpoint.ts). */
  checkpoint?: TrainingCheckpoint;

  constructor(parts: ModelParts) {
    if (parts === null || typeof parts !== 'object') throw new ConfigError('parts', `must be a model's parts { task, network, inputNames, targetNames, inputScaler, … }, got ${show(parts)}`);
    if (!TASKS.includes(parts.task)) throw new ConfigError('task', `must be classification or regression, got ${show(parts.task)}`);
    if (!(parts.network instanceof Network)) throw new ConfigError('network', `must be a Network, got ${show(parts.network)}`);
    for (const field of ['inputNames', 'targetNames', ...(parts.labels !== undefined ? ['labels' as const] : [])] as const) {
      const names: unknown = parts[field];
      if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) throw new ConfigError(field, `must be a list of names (strings), got ${show(names)}`);
    }
    this.task = parts.task;
    this.network = parts.network;
    this.inputNames = [...parts.inputNames];
    this.targetNames = [...parts.targetNames];
    this.inputScaler = parts.inputScaler;
    this.labels = parts.labels && [...parts.labels];
    this.targetScaler = parts.targetScaler;
    this.training = parts.training;
    this.checkpoint = parts.checkpoint;
    if (this.inputNames.length !== this.network.inputSize) {
      throw new ConfigError('inputNames', `names ${this.inputNames.length} columns, the network takes ${this.network.inputSize}`);
    }
    checkNames(this.inputNames, this.targetNames);
    this.categorical = checkCategorical(this.inputNames, parts.categorical);
    if (parts.fill !== undefined) {
      if (parts.fill.length !== this.inputNames.length || parts.fill.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new ConfigError('fill', `must be a finite number for each of the ${this.inputNames.length} inputs, got ${show(parts.fill)}`);
      }
      this.fill = [...parts.fill];
    }
    if (this.task === 'classification' && this.labels?.length !== this.network.outputSize) {
      throw new ConfigError('labels', `must name each of the ${this.network.outputSize} outputs, got ${show(this.labels)}`);
    }
    const twice = this.labels?.find((label, k) => this.labels!.indexOf(label) !== k);
    if (twice !== undefined) throw new ConfigError('labels', `names the class ${show(twice)} twice: each output needs a class of its own`);
    if (this.task === 'regression' && this.targetNames.length !== this.network.outputSize) {
      throw new ConfigError('targetNames', `names ${this.targetNames.length} targets, the network has ${this.network.outputSize} outputs`);
    }
  }

  /**
   * The columns a row of raw data gives (a CSV file's, a record's keys): inputNames, with each
   * categorical column's 0/1 columns replaced by the column's name.
   */
  get inputColumns(): string[] {
    return rawInputNames(this.inputNames, this.categorical);
  }

  /**
   * The model's JSON form (model-file/model-json.ts), so that `JSON.stringify(model)` saves it
   * without files; Model.fromJSON reads it back.
   */
  toJSON(): ModelJson {
    return modelJson(this);
  }

  /**
   * The model in a JSON form, as `JSON.parse` gives it (from `JSON.stringify(model)` or a .json
   * model file): checked, with bit-identical predictions; anything wrong is a FileFormatError
   * naming `source` (default "model JSON") and the field.
   */
  static fromJSON(value: unknown, options: { source?: string } = {}): Model {
    checkOptions(options, ['source'], 'Model.fromJSON');
    if (options.source !== undefined && typeof options.source !== 'string') throw new ConfigError('source', `must be a name for the JSON in errors (a string), got ${show(options.source)}`);
    const fields = new JsonFields(options.source ?? 'model JSON');
    const parts = modelParts(readJsonForm(value, fields), fields, 'Read it with readNetworkJson (@bpnn/serialize)');
    return fields.build('model', 'a model', () => new Model(parts));
  }

  /**
   * Builds a network for the data set and trains it; `onEpoch` and `signal` work as in fit. Without
   * inputNames and targetNames the columns are called x1 … xn and y1 … ym (see DataInput).
   */
  static train(dataInput: DataInput | MatrixDataset, options: TrainOptions = {}): { model: Model; result: FitResult } {
    checkOptions(options, TRAIN_OPTIONS, 'Model.train');
    const plan = Model.plan(completeData(dataInput), options);
    return plan.finish(fit(plan.model.network, plan.inputs, plan.targets, plan.fitOptions));
  }

  /**
   * Checks a data set and options as Model.train does, without training: throws the error train
   * would throw before its first epoch (a bad option, a class weight of no class, a hold-out that
   * leaves no row, a loss the output cannot take, …), else returns. It scales the data and builds
   * the network, as train does: a caller that queues trainings (a server) can refuse one at once.
   */
  static check(dataInput: DataInput | MatrixDataset, options: TrainOptions = {}): void {
    checkOptions(options, TRAIN_OPTIONS, 'Model.check');
    const plan = Model.plan(completeData(dataInput), options);
    startTraining(plan.model.network, plan.inputs, plan.targets, plan.fitOptions).close();
  }

  /** Model.train through fitAsync: the event loop runs while it trains; the same model under a seed. */
  static async trainAsync(dataInput: DataInput | MatrixDataset, options: TrainAsyncOptions = {}): Promise<{ model: Model; result: FitResult }> {
    checkOptions(options, TRAIN_ASYNC_OPTIONS, 'Model.trainAsync');
    const plan = Model.plan(completeData(dataInput), options);
    return plan.finish(await fitAsync(plan.model.network, plan.inputs, plan.targets, plan.fitOptions));
  }

  /**
   * What train and trainAsync share: the model to train (its network, scaling and labels), the
   * data in the network's terms and fit's options; `finish` records the training in the model.
   */
  private static plan(data: Dataset | MatrixDataset, options: TrainAsyncOptions) {
    booleanOption('scaleInPlace', options.scaleInPlace, false);
    const from = options.from;
    if (from !== undefined) {
      if (!(from instanceof Model)) throw new ConfigError('from', `must be a Model (as readModel or Model.train gives), got ${show(from)}`);
      checkWarmStart(from, options, data);
    }
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
    const chosen = { ...autoFitOptions(options, auto), ...keptChoices(from?.training?.options, options) } as ReturnType<typeof autoFitOptions>;
    const hidden = given ?? auto.hidden;
    if (!Array.isArray(hidden)) throw new ConfigError('hidden', `must be a list of hidden layer sizes such as [64] (or [] for none), got ${show(hidden)}`);
    // Named as the caller wrote them (hidden[0]), not as the network's layers (layers[1]).
    for (let k = 0; k < hidden.length; k++) {
      const size: unknown = hidden[k];
      if (!Number.isInteger(size) || (size as number) < 1) throw new ConfigError(`hidden[${k}]`, `must be a whole number ≥ 1, got ${k in hidden ? show(size) : 'nothing (a hole in the array)'}`);
    }
    const network = from?.network.clone() ?? trainingNetwork([x.cols, ...hidden, prepared.y.cols], task, options, auto.dtype, seed);
    const model = new Model({
      task,
      network,
      inputNames: data.inputNames,
      targetNames: data.targetNames,
      inputScaler,
      categorical: from?.categorical ?? data.categorical,
      fill,
      labels: prepared.labels,
      targetScaler: prepared.targetScaler,
    });
    const { validation } = options;
    if (validation !== undefined && options.validationSplit !== undefined) throw new ConfigError('validationSplit', 'cannot be given with a validation set');
    const trainX = options.scaleInPlace === true && dtypeOf(x.data) === network.dtype ? scale(inputScaler, x, network.dtype, x) : scale(inputScaler, x, network.dtype);
    const rows = x.rows;
    const held = validation === undefined ? holdOut(task, trainX, prepared.y, options, seed) : undefined;
    const sampleWeights = classSampleWeights(task, options.classWeights ?? TRAIN_DEFAULTS.classWeights, prepared.labels, held?.y ?? prepared.y);
    const fitOptions = Object.fromEntries(
      Object.entries(options).filter(([name]) => FIT_ASYNC_OPTIONS.includes(name) && name !== 'validation' && name !== 'validationSplit'),
    ) as FitAsyncOptions;
    const planned: FitAsyncOptions = {
      ...fitOptions,
      ...(options.onEpoch !== undefined && { onEpoch: (info: EpochInfo) => options.onEpoch!(info, model) }),
      ...chosen,
      seed,
      ...(sampleWeights === undefined ? {} : { sampleWeights }),
      ...(held === undefined ? { validation: model.encode(validation!, 'validation') } : held.fit),
    };
    // The checkpoint continues only the optimiser it holds the state of, on as many training rows;
    // otherwise the optimiser starts afresh from the weights.
    const resume = continuedCheckpoint(from?.checkpoint, options.optimizer, trainingRowCount((held?.x ?? trainX).rows, planned));
    if (resume !== undefined) planned.resume = resume;
    const finish = (result: FitResult): { model: Model; result: FitResult } => {
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
      model.training = trainingRecord(recorded, rows, seed, result, continued);
      model.checkpoint = result.checkpoint;
      return { model, result };
    };
    return { model, inputs: held?.x ?? trainX, targets: held?.y ?? prepared.y, fitOptions: planned, finish };
  }

  /** The network's outputs for raw inputs: class probabilities, or values in the targets' units. */
  outputs(inputs: MatrixLike): Matrix {
    const x = this.rawInputs(inputs);
    if (x.cols !== this.inputNames.length && x.rows > 0) {
      throw new DataError(`inputs have ${x.cols} columns, the model takes ${this.inputNames.length} (${this.inputNames.join(', ')})`);
    }
    const raw = this.network.predict(this.scaledInputs(x));
    const out = this.targetScaler ? unscale(this.targetScaler, raw) : raw.as('float64');
    // Finite weights can still overflow (a huge activation slope, weights near the dtype's limit):
    // an output that is not a number is an error here, not a NaN handed on as a prediction.
    for (let k = 0; k < out.data.length; k++) {
      if (Number.isFinite(out.data[k])) continue;
      const row = Math.floor(k / out.cols);
      const name = this.task === 'classification' ? this.labels![k - row * out.cols] : this.targetNames[k - row * out.cols];
      throw new DataError(`inputs row ${row}: the model's output ${show(name)} is ${out.data[k]}, not a number: its weights overflow ${this.network.dtype} for this input`);
    }
    return out;
  }

  /**
   * Raw inputs as a checked matrix: with `fill`, missing values (NaN, or null in rows) take their
   * fill, in a copy; without it they are an error that says so.
   */
  private rawInputs(inputs: MatrixLike): Matrix {
    const { x, missing } = scanInputs(inputs, 'inputs');
    if (!missing) return x;
    if (this.fill === undefined) throw missingError(x, 'inputs', this.inputNames, true);
    return fillMissing(x === inputs ? x.copy(dtypeOf(x.data)) : x, this.fill);
  }

  /**
   * Predicts raw inputs, (rows, inputNames.length): each row's class label and the class
   * probabilities, or values in the targets' units (see {@link Prediction}).
   */
  predict(inputs: MatrixLike): Prediction {
    const out = this.outputs(inputs);
    if (this.task === 'regression') return { task: 'regression', values: out };
    const labels = this.labels!;
    return { task: 'classification', labels: Array.from(argmaxRows(out.data, out.rows, out.cols), (i) => labels[i]), probabilities: out };
  }

  /**
   * Inputs from records keyed by column name (inputColumns): numbers, and a categorical column's
   * category as a string; with `fill`, null is a missing value (NaN, filled by outputs and predict).
   * Missing and unknown columns and unknown categories are named in the error.
   */
  inputsFromRecords(records: ReadonlyArray<Record<string, unknown>>): Matrix {
    if (!Array.isArray(records)) throw new DataError(`records must be a list of rows keyed by column name, got ${show(records)}`);
    const bad = records.findIndex((record) => record === null || typeof record !== 'object' || Array.isArray(record));
    if (bad >= 0) throw new DataError(`row ${bad} must be an object keyed by column name, got ${show(records[bad])}`);
    const x = Matrix.zeros(records.length, this.inputNames.length);
    const columns = this.inputColumns;
    const known = new Set(columns);
    const categorical = new Map(this.categorical.map((column) => [column.name, column]));
    records.forEach((record, r) => {
      const extra = Object.keys(record).filter((k) => !known.has(k) && !this.targetNames.includes(k));
      if (extra.length > 0) throw new DataError(`row ${r} has columns the model does not know: ${extra.map((e) => show(e)).join(', ')}`);
      let c = 0; // the network input the column starts at
      for (const name of columns) {
        if (!Object.hasOwn(record, name)) throw new DataError(`row ${r} is missing column ${show(name)}`);
        const value = record[name];
        const column = categorical.get(name);
        const missing = value === null && this.fill !== undefined; // filled by outputs
        if (column !== undefined) {
          if (missing) x.data.fill(NaN, r * x.cols + c, r * x.cols + c + column.categories.length);
          else x.data[r * x.cols + c + categoryIndex(column, value, `row ${r} column ${show(name)}`)] = 1;
          c += column.categories.length;
          continue;
        }
        if (missing) {
          x.data[r * x.cols + c++] = NaN;
          continue;
        }
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new DataError(`row ${r} column ${show(name)} must be a finite number${this.fill !== undefined ? ' or null (missing)' : ''}, got ${show(value)}`);
        }
        x.data[r * x.cols + c++] = value;
      }
    });
    return x;
  }

  /** Scores the model on a labelled data set with the same columns. */
  evaluate(dataInput: DataInput): Evaluation {
    const data = completeDataset(dataInput);
    const x = this.byModelColumns(dataInput, this.rawInputs(data.inputs));
    checkColumns(data, x);
    if (data.targets.length === 0) throw new DataError('the data has no rows to evaluate the model on');
    if (this.task === 'classification') {
      const actual = data.targets.map((row) => String(row[0]));
      encodeLabels(actual, this.labels!, 'targets');
      const prediction = this.predict(x) as Extract<Prediction, { task: 'classification' }>;
      return { task: 'classification', ...classificationReport(actual, prediction.labels, this.labels!) };
    }
    const actual = numericTargets(data);
    return { task: 'regression', ...regressionReport(actual, this.outputs(x)) };
  }

  /** A data set in the network's terms: scaled inputs and encoded targets. */
  encode(dataInput: DataInput, field = 'data'): { inputs: Matrix; targets: Matrix } {
    const data = completeDataset(dataInput, field);
    const x = this.byModelColumns(dataInput, this.rawInputs(data.inputs), field);
    checkColumns(data, x);
    const prepared = prepareTargets(this.task, data, this);
    return { inputs: this.scaledInputs(x), targets: prepared.y.as(this.network.dtype) };
  }

  /**
   * A data set's inputs in the model's column order, when the data names its columns: the same
   * names in another order are put in the model's; other names (a column the model does not take,
   * one it needs and the data lacks, another target) are an error naming them. Unnamed data is
   * taken as it is, in the model's order.
   */
  private byModelColumns(dataInput: DataInput, x: Matrix, field = 'data'): Matrix {
    const { inputNames, targetNames } = dataInput as { inputNames?: readonly string[]; targetNames?: readonly string[] };
    if (targetNames !== undefined && targetNames.join('\u0000') !== this.targetNames.join('\u0000')) {
      throw new DataError(`${field}.targetNames are ${targetNames.map(show).join(', ')}, the model's ${this.targetNames.map(show).join(', ')}`);
    }
    if (inputNames === undefined || inputNames.join('\u0000') === this.inputNames.join('\u0000')) {
      if (x.cols !== this.inputNames.length && x.rows > 0) throw new ShapeError(`${field}.inputs have ${x.cols} columns, the model takes ${this.inputNames.length} (${this.inputNames.map(show).join(', ')})`);
      return x;
    }
    const place = new Map(inputNames.map((name, c) => [name, c]));
    const missing = this.inputNames.filter((name) => !place.has(name));
    const extra = inputNames.filter((name) => !this.inputNames.includes(name));
    if (missing.length > 0 || extra.length > 0 || inputNames.length !== this.inputNames.length) {
      const parts = [...(missing.length > 0 ? [`lacks ${missing.map(show).join(', ')}`] : []), ...(extra.length > 0 ? [`has ${extra.map(show).join(', ')}, which the model does not take`] : [])];
      throw new DataError(`${field}.inputNames ${parts.join(' and ') || 'name a column twice'}; the model takes ${this.inputNames.map(show).join(', ')}`);
    }
    const order = this.inputNames.map((name) => place.get(name)!);
    const out = Matrix.zeros(x.rows, x.cols, dtypeOf(x.data));
    for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) out.data[r * x.cols + c] = x.data[r * x.cols + order[c]];
    return out;
  }

  /**
   * Raw inputs (finite) scaled into the network's dtype; a value so large that, scaled, it is
   * beyond the dtype's range (±3.4e38 in float32) is an error naming its row and column.
   */
  private scaledInputs(x: Matrix): Matrix {
    const scaled = scale(this.inputScaler, x, this.network.dtype);
    const { data, cols } = scaled;
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k])) throw tooLargeOnceScaled('inputs', k, cols, this.inputNames, x.data[k], this.network.dtype);
    }
    return scaled;
  }
}

/** The weight of each training row (one-hot rows of y) under classWeights; undefined when all are 1. */
function classSampleWeights(task: Task, spec: ClassWeights, labels: readonly string[] | undefined, y: Matrix): Float64Array | undefined {
  if (spec === 'none') return undefined;
  if (task !== 'classification') throw new ConfigError('classWeights', `weights classes, but the task is ${task}; leave it out (or 'none')`);
  const classes = argmaxRows(y.data, y.rows, y.cols);
  return rowWeights(classWeightsFor(spec, labels!, classes), classes);
}

/** Targets as the network learns them: one-hot classes, or scaled numbers. */
function prepareTargets(
  task: Task,
  data: Dataset | MatrixDataset,
  model?: Model,
  targetScaling: ScalingName = 'standard',
  inPlace = false,
): { y: Matrix; labels?: string[]; targetScaler?: Scaler } {
  if (task === 'classification') {
    if (data.targetNames.length !== 1) {
      throw new ConfigError('targets', `classification takes one target column, got ${data.targetNames.length} (${data.targetNames.join(', ')})`);
    }
    const actual = firstTargetCells(data);
    const labels = model?.labels ? [...model.labels] : classesOf(actual);
    if (labels.length < 2) throw new DataError(`target ${show(data.targetNames[0])} has only the class ${show(labels)}; classification needs at least 2`);
    return { y: oneHot(encodeLabels(actual, labels, `target ${show(data.targetNames[0])}`), labels.length), labels };
  }
  const values = numericTargets(data);
  const targetScaler = model?.targetScaler ?? fitScaler(targetScaling, values, 'targetScaling');
  if (model === undefined) checkScalable(targetScaler, data.targetNames, 'target');
  // In place only in the caller's own float64 matrix (a MatrixDataset's), never in rows made here from cells.
  const own = inPlace && data.targets === values && dtypeOf(values.data) === 'float64';
  if (model !== undefined) {
    // A model's scaler on new targets: one so large that, scaled, it overflows is named (in place, values are gone after).
    const { dtype } = model.network;
    for (let k = 0; k < values.data.length; k++) {
      const scaled = (values.data[k] - targetScaler.offset[k % values.cols]) / targetScaler.scale[k % values.cols];
      if (!finiteIn(scaled, dtype)) throw tooLargeOnceScaled('targets', k, values.cols, data.targetNames, values.data[k], dtype);
    }
  }
  return { y: scale(targetScaler, values, 'float64', own ? values : undefined), targetScaler };
}

/** The cells of the first target column, as labels (a number as String writes it). */
function firstTargetCells(data: Dataset | MatrixDataset): string[] {
  const y = data.targets;
  if (!(y instanceof Matrix)) return y.map((row) => String(row[0]));
  return Array.from({ length: y.rows }, (_, r) => String(y.data[r * y.cols]));
}

function numericTargets(data: Dataset | MatrixDataset): Matrix {
  if (data.targets instanceof Matrix) {
    const y = data.targets;
    for (let k = 0; k < y.data.length; k++) {
      if (!Number.isFinite(y.data[k])) {
        const r = Math.floor(k / y.cols);
        throw new DataError(`row ${r} target ${show(data.targetNames[k - r * y.cols])} must be a number for regression, got ${show(y.data[k])}`);
      }
    }
    return y;
  }
  const rows = data.targets.map((row, r) =>
    row.map((cell, c) => {
      const value = typeof cell === 'number' ? cell : cellNumber(String(cell));
      if (!Number.isFinite(value)) {
        throw new DataError(`row ${r} target ${show(data.targetNames[c])} must be a number for regression, got ${show(cell)}`);
      }
      return value;
    }),
  );
  return Matrix.fromRows(rows, 'targets');
}

function checkColumns(data: Dataset | MatrixDataset, x: Matrix): void {
  if (x.cols !== data.inputNames.length && x.rows > 0) {
    throw new DataError(`inputs have ${x.cols} columns but ${data.inputNames.length} names (${data.inputNames.join(', ')})`);
  }
  if (data.targets instanceof Matrix) {
    const y = data.targets;
    if (y.rows !== x.rows) throw new DataError(`${x.rows} input rows but ${y.rows} target rows`);
    if (y.cols !== data.targetNames.length) throw new DataError(`targets have ${y.cols} columns, expected ${data.targetNames.length} (${data.targetNames.join(', ')})`);
    return;
  }
  if (data.targets.length !== x.rows) throw new DataError(`${x.rows} input rows but ${data.targets.length} target rows`);
  data.targets.forEach((row, r) => {
    if (row.length !== data.targetNames.length) {
      throw new DataError(`target row ${r} has ${row.length} values, expected ${data.targetNames.length} (${data.targetNames.join(', ')})`);
    }
  });
}

/** The options worth recording, as JSON (no callbacks or signals). */
function jsonOptions(options: TrainAsyncOptions): Record<string, unknown> {
  const { onEpoch: _onEpoch, onProgress: _onProgress, signal: _signal, validation: _validation, from: _from, scaleInPlace: _inPlace, ...rest } = options;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

export type { EpochInfo };

/** A data set with its names filled in: a MatrixDataset as it is (its targets checked to be a Matrix), else completeDataset's. */
function completeData(data: DataInput | MatrixDataset): Dataset | MatrixDataset {
  if (data !== null && typeof data === 'object' && data.targets instanceof Matrix) {
    const { inputNames, targetNames } = data;
    if (!Array.isArray(inputNames) || !Array.isArray(targetNames)) throw new ConfigError('data', 'with targets as a Matrix needs inputNames and targetNames');
    return data as MatrixDataset;
  }
  return completeDataset(data as DataInput);
}

/** Each input and target column named once, and no column both an input and a target. */
function checkNames(inputNames: readonly string[], targetNames: readonly string[]): void {
  for (const [names, field, what] of [[inputNames, 'inputNames', 'input'], [targetNames, 'targetNames', 'target']] as const) {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new ConfigError(field, `names ${show(name)} twice: each ${what} column needs a name of its own`);
      seen.add(name);
    }
  }
  const inputs = new Set(inputNames);
  const both = targetNames.find((name) => inputs.has(name));
  if (both !== undefined) throw new ConfigError('targetNames', `names ${show(both)}, which is an input column too: a column is an input or a target, not both`);
}

/** A raw value (element k of a (rows, cols) matrix) that, scaled by a model's training statistics, is beyond its dtype's range. */
function tooLargeOnceScaled(part: 'inputs' | 'targets', k: number, cols: number, names: readonly string[], value: number, dtype: DType): DataError {
  const row = Math.floor(k / cols);
  return new DataError(`${part} row ${row} column ${show(names[k - row * cols])}: ${show(value)} is too large for this model: scaled by its training statistics, it is beyond ${dtypeRange(dtype)}`);
}
