/**
 * Model: a trained Network with everything needed to use it on raw data: the task, the input
 * column names, the input scaling, the class labels (classification) or target scaling
 * (regression), and the record of its training. This is what a model file holds.
 * The class and its options; beside it: its parts and their checks (model-parts.ts), raw inputs in
 * its terms (model-inputs.ts), data sets and targets (model-data.ts), and Model.train's plan
 * (train-plan.ts). The options stay here, as they name the Model (`from`, `onEpoch`).
 */
import type { ActivationSpec } from '../activations/activations.js';
import { completeDataset, type DataInput, type Dataset, type MatrixDataset } from '../data/dataset.js';
import { rawInputNames, type CategoricalInput } from '../data/categories.js';
import type { MissingName } from '../data/missing.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { ConfigError, DataError, show } from '../errors.js';
import type { InitName } from '../network/init.js';
import { argmaxRows, encodeLabels } from '../data/labels.js';
import type { LossName } from '../network/losses.js';
import { Matrix, type DType, type MatrixLike } from '../data/matrix.js';
import { JsonFields } from '../model-file/json-fields.js';
import { modelJson, modelParts, readJsonForm, type ModelJson } from '../model-file/model-json.js';
import { classificationReport, regressionReport, type ClassificationReport, type RegressionReport } from './metrics.js';
import type { Network } from '../network/network.js';
import { booleanOption } from '../options.js';
import type { ClassWeights } from '../training/sample-weights.js';
import { unscale, type Scaler, type ScalingName } from '../data/scaler.js';
import type { Task } from '../data/task.js';
import { checkOnEpoch } from '../training/epoch-callback.js';
import { fit, FIT_OPTIONS, startTraining, type EpochInfo, type FitOptions, type FitResult } from '../training/train.js';
import type { TrainingRecord } from '../training/training-record.js';
import type { TrainingCheckpoint } from '../resume/checkpoint.js';
import { fitAsync, type FitAsyncOptions } from '../training/fit-async.js';
import { checkModelParts, type ModelParts } from './model-parts.js';
import { filledInputs, inModelOrder, recordInputs, scaledInputs } from './model-inputs.js';
import { checkColumns, completeData, numericTargets, prepareTargets } from './model-data.js';
import { trainingFit, trainingParts } from './train-plan.js';

export type { TrainingRecord, ModelParts };


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
    const checked = checkModelParts(parts);
    this.task = parts.task;
    this.network = parts.network;
    this.inputNames = checked.inputNames;
    this.targetNames = checked.targetNames;
    this.inputScaler = parts.inputScaler;
    this.labels = checked.labels;
    this.targetScaler = parts.targetScaler;
    this.training = parts.training;
    this.checkpoint = parts.checkpoint;
    this.categorical = checked.categorical;
    this.fill = checked.fill;
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
    if (from !== undefined && !(from instanceof Model)) throw new ConfigError('from', `must be a Model (as readModel or Model.train gives), got ${show(from)}`);
    const shaped = trainingParts(data, options, from);
    const model = new Model(shaped.parts);
    checkOnEpoch(options.onEpoch); // before it is wrapped: fit sees only the wrapper
    const onEpoch = options.onEpoch !== undefined ? (info: EpochInfo) => options.onEpoch!(info, model) : undefined;
    const { inputs, targets, fitOptions, record } = trainingFit(model, shaped, options, onEpoch, from);
    const finish = (result: FitResult): { model: Model; result: FitResult } => {
      model.training = record(result);
      model.checkpoint = result.checkpoint;
      return { model, result };
    };
    return { model, inputs, targets, fitOptions, finish };
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

  /** Raw inputs as a checked matrix, missing values filled or refused (model-inputs.ts). */
  private rawInputs(inputs: MatrixLike): Matrix {
    return filledInputs(this, inputs);
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
    return recordInputs(this, records);
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

  /** A data set's inputs in the model's column order (model-inputs.ts). */
  private byModelColumns(dataInput: DataInput, x: Matrix, field = 'data'): Matrix {
    return inModelOrder(this, dataInput, x, field);
  }

  /** Raw inputs scaled into the network's dtype, each checked to stay in its range (model-inputs.ts). */
  private scaledInputs(x: Matrix): Matrix {
    return scaledInputs(this, x);
  }
}

export type { EpochInfo };
