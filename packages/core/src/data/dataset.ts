/** A table of samples, and the ways to cut it: selected rows, a train/test split. */
import { classesOf, encodeLabels } from './labels.js';
import { Matrix, type MatrixLike } from './matrix.js';
import { Random } from '../random.js';
import { splitIndices, stratifiedSplit } from './split.js';
import { inferTask } from './task.js';
import type { CategoricalInput } from './categories.js';
import { matrixWithMissing } from './missing.js';
import { ConfigError, DataError, show } from '../errors.js';
import { booleanOption, integerOption, numberOption } from '../options.js';
import { checkObject, checkOptions, closestName, optionNames } from '../strict-options.js';

/** Numeric input columns and one or more target columns, row for row. */
export interface Dataset {
  inputNames: readonly string[];
  /** (rows, inputNames.length). */
  inputs: MatrixLike;
  targetNames: readonly string[];
  /** One row per sample, one cell per target column: class labels or numbers. */
  targets: ReadonlyArray<ReadonlyArray<string | number>>;
  /** The categorical columns whose 0/1 columns are among the inputs (categories.ts); a model trained on it keeps them. */
  categorical?: readonly CategoricalInput[];
}

/**
 * A data set of numeric targets held as one matrix, (rows, targetNames.length), instead of an array
 * per row: a million regression targets in 8 MB. Model.train takes it as it takes a Dataset.
 */
export interface MatrixDataset {
  inputNames: readonly string[];
  /** (rows, inputNames.length). */
  inputs: MatrixLike;
  targetNames: readonly string[];
  /** (rows, targetNames.length). */
  targets: Matrix;
  /** As in Dataset. */
  categorical?: readonly CategoricalInput[];
}

/**
 * A data set as a user may write it: the column names are optional (inputs are then called
 * x1 … xn and targets y1 … ym, as FANN's .data files are read), and one target column may be
 * given as a flat list, `targets: ['a', 'b', …]` or `[0.5, 1.25, …]`.
 */
export interface DataInput {
  inputNames?: readonly string[];
  inputs: MatrixLike;
  targetNames?: readonly string[];
  targets: ReadonlyArray<string | number | ReadonlyArray<string | number>>;
  /** As in Dataset. */
  categorical?: readonly CategoricalInput[];
}

/**
 * The Dataset that `data` describes, with default names filled in; a wrong field is a ConfigError.
 * Other keys are left alone: a data set is not options, and may carry what its maker wants.
 */
export function completeDataset(data: DataInput, field = 'data'): Dataset {
  checkObject(data, field, 'a data set { inputs, targets } (inputNames and targetNames are optional)');
  for (const part of ['inputs', 'targets'] as const) {
    if (data[part] !== undefined) continue;
    const near = Object.keys(data).find((key) => closestName(key, [part]) === part);
    const what = part === 'inputs' ? 'one row of numbers per sample' : 'one row (or one label or number) per sample';
    throw new ConfigError(`${field}.${part}`, `is missing: ${what}${near === undefined ? '' : ` (${field}.${near}: did you mean ${part}?)`}`);
  }
  if (!Array.isArray(data.targets)) throw new ConfigError(`${field}.targets`, `must be a list with one row (or one label or number) per sample, got ${show(data.targets)}`);
  const flat = data.targets.length > 0 && data.targets.every((t) => !Array.isArray(t));
  if (!flat && data.targets.some((t) => !Array.isArray(t))) {
    throw new ConfigError(`${field}.targets`, 'mixes rows and single values: give one row per sample, or one label or number per sample');
  }
  const targets = flat ? (data.targets as ReadonlyArray<string | number>).map((t) => [t]) : (data.targets as ReadonlyArray<ReadonlyArray<string | number>>);
  return {
    inputNames: names(data.inputNames, 'x', () => columnCount(data.inputs, `${field}.inputs`), `${field}.inputNames`),
    inputs: data.inputs,
    targetNames: names(data.targetNames, 'y', () => (targets.length > 0 ? targets[0].length : 0), `${field}.targetNames`),
    targets,
    ...(data.categorical !== undefined && { categorical: data.categorical }),
  };
}

/** How many columns inputs have (their values are checked where they are read: some may be missing). */
function columnCount(inputs: MatrixLike, field: string): number {
  if (inputs instanceof Matrix) return inputs.cols;
  const first = (inputs as ArrayLike<ArrayLike<number>> | null)?.[0];
  if (first === undefined) return Matrix.from(inputs, field).cols; // the check says what is wrong, or 0 rows
  return first !== null && typeof first.length === 'number' ? first.length : Matrix.from(inputs, field).cols;
}

function names(given: readonly string[] | undefined, prefix: string, count: () => number, field: string): readonly string[] {
  if (given === undefined) return Array.from({ length: count() }, (_, i) => `${prefix}${i + 1}`);
  // Array.from: a hole (['a', , 'c']) is undefined there, where some() would skip it and the model keep no name
  if (!Array.isArray(given) || Array.from(given).some((n) => typeof n !== 'string')) throw new ConfigError(field, `must be a list of column names, got ${show(given)}`);
  return given;
}

/** The rows at `indices`, in that order. */
export function selectRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const x = matrixWithMissing(data.inputs, 'inputs'); // missing values go along, for a training that fills them
  return { ...data, inputs: x.selectRows(indices), targets: Array.from(indices, (r) => data.targets[r]) };
}

/** The options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** The share of rows held out for testing, in (0, 1). */
  testFraction: number;
  /** Default 42. */
  seed?: number;
  /** Hold out the same share of every class; default: when the targets look like classes. */
  stratify?: boolean;
}

export const SPLIT_OPTIONS = optionNames<TrainTestSplitOptions>({ testFraction: true, seed: true, stratify: true });

/** A seeded split into a training set and a held-out test set. */
export function trainTestSplit(data: Dataset, options: TrainTestSplitOptions): { train: Dataset; test: Dataset } {
  checkObject(data, 'data', 'a data set { inputNames, inputs, targetNames, targets }');
  if (!Array.isArray(data.targets)) throw new ConfigError('data.targets', `must be a list with one row per sample, got ${show(data.targets)}`);
  checkOptions(options, SPLIT_OPTIONS, 'trainTestSplit');
  if (options.testFraction === undefined) throw new ConfigError('testFraction', 'is required: the share of rows to hold out for testing, in (0, 1), such as 0.2');
  const testFraction = numberOption('testFraction', options.testFraction, 0, 0, 1, { min: true, max: true });
  const random = new Random(integerOption('seed', options.seed, 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const stratify = booleanOption('stratify', options.stratify, inferTask(data.targets) === 'classification');
  let split;
  if (stratify) {
    const labels = data.targets.map((row) => String(row[0]));
    split = stratifiedSplit(encodeLabels(labels, classesOf(labels)), testFraction, random);
  } else {
    split = splitIndices(data.targets.length, testFraction, random);
  }
  if (split.train.length === 0 || split.held.length === 0) {
    throw new DataError(`testFraction ${testFraction} of ${data.targets.length} rows leaves ${split.train.length} rows to train on and ${split.held.length} to test on; each part needs at least one row`);
  }
  return { train: selectRows(data, split.train), test: selectRows(data, split.held) };
}
