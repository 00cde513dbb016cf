/** A table of samples, and the ways to cut it: selected rows, a train/test split. */
import { classesOf, encodeLabels } from './labels.js';
import { Matrix, type MatrixLike } from './matrix.js';
import { Random } from './random.js';
import { splitIndices, stratifiedSplit } from './split.js';
import { inferTask } from './task.js';

/** Numeric input columns and one or more target columns, row for row. */
export interface Dataset {
  inputNames: readonly string[];
  /** (rows, inputNames.length). */
  inputs: MatrixLike;
  targetNames: readonly string[];
  /** One row per sample, one cell per target column: class labels or numbers. */
  targets: ReadonlyArray<ReadonlyArray<string | number>>;
}

/** The rows at `indices`, in that order. */
export function selectRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const x = Matrix.from(data.inputs, 'inputs');
  return { ...data, inputs: x.selectRows(indices), targets: Array.from(indices, (r) => data.targets[r]) };
}

/** The options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** The share of rows held out for testing, in (0, 1). */
  testFraction: number;
  seed: number;
  /** Hold out the same share of every class; default: when the targets look like classes. */
  stratify?: boolean;
}

/** A seeded split into a training set and a held-out test set. */
export function trainTestSplit(data: Dataset, options: TrainTestSplitOptions): { train: Dataset; test: Dataset } {
  const random = new Random(options.seed);
  const stratify = options.stratify ?? inferTask(data.targets) === 'classification';
  let split;
  if (stratify) {
    const labels = data.targets.map((row) => String(row[0]));
    split = stratifiedSplit(encodeLabels(labels, classesOf(labels)), options.testFraction, random);
  } else {
    split = splitIndices(data.targets.length, options.testFraction, random);
  }
  return { train: selectRows(data, split.train), test: selectRows(data, split.held) };
}
