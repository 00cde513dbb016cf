/**
 * k-fold cross-validation: the rows are cut into `folds` parts (stratified by class for a
 * classification), and for each part a model is trained by Model.train on the other parts and
 * scored on it. The scores of the folds, their mean and their spread say how well the training
 * options generalise, and how much that depends on the rows drawn.
 */
import { completeDataset, selectRows, type DataInput, type Dataset } from '../data/dataset.js';
import { ConfigError, DataError, show } from '../errors.js';
import { classesOf, encodeLabels } from '../data/labels.js';
import { Model, type TrainOptions } from '../model/model.js';
import { booleanOption, integerOption } from '../options.js';
import { Random } from '../random.js';
import { complement, kFolds, stratifiedKFolds } from '../data/split.js';
import { checkObject, checkOptions, optionNames } from '../strict-options.js';
import { inferTask, type Task } from '../data/task.js';

/** The options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Parts the rows are cut into, ≥ 2 and ≤ rows; default 5. */
  folds?: number;
  /** Seed of the cut (the training options' own seed seeds each fold's training); default 42. */
  seed?: number;
  /** Keep each class's share in every part; default: when the task is a classification. */
  stratify?: boolean;
  /** Called after each fold has been trained and scored. */
  onFold?: (fold: FoldResult) => void;
}

export const CROSS_VALIDATE_OPTIONS = optionNames<CrossValidateOptions>({ folds: true, seed: true, stratify: true, onFold: true });

/** The defaults of {@link crossValidate}. */
export const CROSS_VALIDATE_DEFAULTS = Object.freeze({ folds: 5, seed: 42 } as const);

/**
 * The scores of a fold's model on its test part: a classifier's accuracy and macro-averaged F1, a
 * regressor's mse, mae and r2 (metrics.ts).
 */
export type FoldScores = Record<string, number>;

/** One fold: which rows it tested on, how its training went, and its scores. */
export interface FoldResult {
  /** 1 … folds. */
  fold: number;
  /** The rows of the test part (indices into the data, ascending); the others trained. */
  testRows: Uint32Array;
  epochs: number;
  scores: FoldScores;
}

/** What {@link crossValidate} answers: each fold, and the mean and spread of each score. */
export interface CrossValidation {
  task: Task;
  folds: FoldResult[];
  /** The mean of each score over the folds. */
  mean: FoldScores;
  /** The sample standard deviation (n − 1) of each score over the folds. */
  std: FoldScores;
}

/** The score each task is ranked by (higher is better): accuracy, or R². */
export const MAIN_SCORE: Readonly<Record<Task, string>> = Object.freeze({ classification: 'accuracy', regression: 'r2' });

/**
 * Trains and scores one model per fold with `trainOptions` (anything Model.train takes but a
 * validation set), and reports each fold's scores with their mean and standard deviation.
 */
export function crossValidate(dataInput: DataInput, trainOptions: TrainOptions = {}, options: CrossValidateOptions = {}): CrossValidation {
  checkOptions(options, CROSS_VALIDATE_OPTIONS, 'crossValidate');
  checkObject(trainOptions, 'trainOptions', "an object of Model.train's options");
  if (trainOptions.validation !== undefined) throw new ConfigError('validation', 'cannot be given to crossValidate: each fold trains on the other folds');
  const data = completeDataset(dataInput);
  const rows = data.targets.length;
  const task = trainOptions.task ?? inferTask(data.targets);
  const folds = integerOption('folds', options.folds, CROSS_VALIDATE_DEFAULTS.folds, 2);
  if (folds > rows) throw new ConfigError('folds', `must be at most the number of rows (${rows}), got ${show(folds)}`);
  const random = new Random(integerOption('seed', options.seed, CROSS_VALIDATE_DEFAULTS.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const stratify = booleanOption('stratify', options.stratify, task === 'classification');
  if (options.onFold !== undefined && typeof options.onFold !== 'function') throw new ConfigError('onFold', `must be a function (fold) => void, got ${show(options.onFold)}`);
  const parts = stratify ? stratifiedKFolds(classIndices(data), folds, random) : kFolds(rows, folds, random);

  const results = parts.map((testRows, f) => {
    const { model, result } = Model.train(selectRows(data, complement(rows, testRows)), { ...trainOptions, task });
    const fold: FoldResult = { fold: f + 1, testRows, epochs: result.epochs, scores: foldScores(model, selectRows(data, testRows)) };
    options.onFold?.(fold);
    return fold;
  });
  const names = Object.keys(results[0].scores);
  const mean = Object.fromEntries(names.map((name) => [name, average(results.map((r) => r.scores[name]))]));
  const std = Object.fromEntries(names.map((name) => [name, spread(results.map((r) => r.scores[name]))]));
  return { task, folds: results, mean, std };
}

/** A fold model's scores on its test part. */
export function foldScores(model: Model, test: Dataset): FoldScores {
  const evaluation = model.evaluate(test);
  if (evaluation.task === 'classification') return { accuracy: evaluation.accuracy, macroF1: evaluation.macro.f1 };
  return { mse: evaluation.mse, mae: evaluation.mae, r2: evaluation.r2 };
}

/** Each row's class index; a class of one row is an error (a fold would train without it). */
function classIndices(data: Dataset): Uint32Array {
  const labels = data.targets.map((row) => String(row[0]));
  const classes = classesOf(labels);
  const index = encodeLabels(labels, classes);
  const counts = new Array<number>(classes.length).fill(0);
  for (const c of index) counts[c]++;
  const lone = counts.findIndex((count) => count < 2);
  if (lone >= 0) throw new DataError(`class ${show(classes[lone])} has only one row: stratified cross-validation needs at least 2 rows of every class, so that each fold trains on it`);
  return Uint32Array.from(index);
}

function average(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function spread(values: number[]): number {
  const m = average(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}
