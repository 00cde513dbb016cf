/**
 * Metrics for users (not costs for training): accuracy, confusion matrix, precision/recall/F1 per
 * class for classifiers; MSE, MAE and R² for regressors; FANN's bit fail. MSE here is the plain
 * mean of (a − y)², without the ½ of the training cost.
 */
import { DataError, ShapeError, show } from '../errors.js';
import { booleanOption, numberOption } from '../options.js';
import { Matrix, type MatrixLike } from '../data/matrix.js';

/** The share of samples whose predicted label is the actual one (NaN for no samples). */
export function accuracy(actual: readonly string[], predicted: readonly string[]): number {
  sameLength(actual, predicted);
  if (actual.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) hits++;
  return hits / actual.length;
}

/** Counts of (actual class, predicted class) pairs; see {@link confusionMatrix}. */
export interface ConfusionMatrix {
  labels: string[];
  /** counts[i][j]: samples of class labels[i] predicted as labels[j]. */
  counts: number[][];
}

/** Rows are the actual classes, columns the predicted ones, in the order of `labels`. */
export function confusionMatrix(actual: readonly string[], predicted: readonly string[], labels: readonly string[]): ConfusionMatrix {
  sameLength(actual, predicted);
  const all = [...labels];
  for (const l of [...actual, ...predicted]) if (!all.includes(l)) all.push(l);
  const index = new Map(all.map((l, i) => [l, i]));
  const counts = all.map(() => new Array<number>(all.length).fill(0));
  for (let i = 0; i < actual.length; i++) counts[index.get(actual[i])!][index.get(predicted[i])!]++;
  return { labels: all, counts };
}

/** One class's precision tp/(tp+fp), recall tp/(tp+fn) and F1, their harmonic mean. */
export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Samples of this class in the data. */
  support: number;
}

/**
 * A classifier's scores: accuracy, each class's precision, recall and F1, their macro
 * (unweighted) and support-weighted averages, and the confusion matrix.
 */
export interface ClassificationReport {
  accuracy: number;
  classes: ClassScores[];
  macro: Omit<ClassScores, 'label'>;
  weighted: Omit<ClassScores, 'label'>;
  confusion: ConfusionMatrix;
}

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn) and F1 (their harmonic mean) per class, with macro and
 * support-weighted averages. An undefined ratio (no predictions of a class) counts as 0, as in
 * scikit-learn's zero_division=0; the macro average leaves out the classes that neither the data
 * nor the predictions hold, as scikit-learn's does.
 */
export function classificationReport(actual: readonly string[], predicted: readonly string[], labels: readonly string[]): ClassificationReport {
  const confusion = confusionMatrix(actual, predicted, labels);
  const n = confusion.labels.length;
  const classes = confusion.labels.map((label, i) => {
    const tp = confusion.counts[i][i];
    let predictedAs = 0;
    let support = 0;
    for (let k = 0; k < n; k++) {
      predictedAs += confusion.counts[k][i];
      support += confusion.counts[i][k];
    }
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const total = classes.reduce((s, c) => s + c.support, 0);
  // The macro average is over the classes in the data or the predictions, as scikit-learn's (its
  // labels are unique_labels(y_true, y_pred)): a class of the model that neither holds has no score.
  const seen = classes.map((c, i) => c.support > 0 || confusion.counts.some((row) => row[i] > 0));
  const counted = seen.filter(Boolean).length;
  const average = (weight: (c: ClassScores, i: number) => number, sum: number) => ({
    precision: sum === 0 ? 0 : classes.reduce((s, c, i) => s + weight(c, i) * c.precision, 0) / sum,
    recall: sum === 0 ? 0 : classes.reduce((s, c, i) => s + weight(c, i) * c.recall, 0) / sum,
    f1: sum === 0 ? 0 : classes.reduce((s, c, i) => s + weight(c, i) * c.f1, 0) / sum,
    support: total,
  });
  return {
    accuracy: accuracy(actual, predicted),
    classes,
    macro: average((_, i) => (seen[i] ? 1 : 0), counted),
    weighted: average((c) => c.support, total),
    confusion,
  };
}

/**
 * A regressor's scores over all outputs: MSE (the plain mean of (a − y)², without the training
 * cost's ½), MAE and R².
 */
export interface RegressionReport {
  mse: number;
  mae: number;
  /** 1 − SS_res/SS_tot per output, averaged over outputs (scikit-learn's uniform average). */
  r2: number;
}

/**
 * MSE, MAE and R² of predictions against actual values, both (rows, outputs): Matrices or rows of
 * numbers, checked (rows of numbers were read as a Matrix's fields, and the scores were NaN).
 */
export function regressionReport(actualValues: MatrixLike, predictedValues: MatrixLike): RegressionReport {
  const { actual, predicted } = pair(actualValues, predictedValues);
  if (actual.rows !== predicted.rows || actual.cols !== predicted.cols) {
    throw new ShapeError(`actual values have shape ${actual.shape}, predictions ${predicted.shape}`);
  }
  const { rows, cols } = actual;
  let squared = 0;
  let absolute = 0;
  let r2 = 0;
  for (let c = 0; c < cols; c++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += actual.get(r, c);
    mean /= rows;
    let residual = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const d = predicted.get(r, c) - actual.get(r, c);
      residual += d * d;
      absolute += Math.abs(d);
      total += (actual.get(r, c) - mean) ** 2;
    }
    squared += residual;
    // A constant target: R² is 1 for a perfect fit and 0 otherwise (scikit-learn's convention).
    r2 += total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
  }
  return { mse: squared / (rows * cols), mae: absolute / (rows * cols), r2: r2 / cols };
}

/**
 * FANN's bit fail (fann_get_bit_fail): how many outputs, over every sample, are off by at least
 * `limit` (FANN's bit_fail_limit, default 0.35): |y − a| ≥ limit, with both (rows, outputs).
 * `halve` halves each difference first, as FANN does for an output whose activation spans
 * [−1, 1] (fann_update_MSE; bit-fail.ts says which activations those are).
 */
export function bitFail(actualValues: MatrixLike, predictedValues: MatrixLike, limit = 0.35, halve = false): number {
  // (the limit as networkBitFail and stopAtBitFail take it)
  numberOption('limit', limit, 0.35, 0, Infinity, { min: true });
  booleanOption('halve', halve, false);
  const { actual, predicted } = pair(actualValues, predictedValues);
  if (actual.rows !== predicted.rows || actual.cols !== predicted.cols) {
    throw new ShapeError(`actual values have shape ${actual.shape}, predictions ${predicted.shape}`);
  }
  return countBitFails(actual.data, predicted.data, actual.data.length, limit, halve);
}

/** bitFail over the first `length` numbers of two flat buffers. */
export function countBitFails(actual: ArrayLike<number>, predicted: ArrayLike<number>, length: number, limit: number, halve: boolean): number {
  const factor = halve ? 0.5 : 1;
  let fails = 0;
  for (let k = 0; k < length; k++) if (Math.abs(actual[k] - predicted[k]) * factor >= limit) fails++;
  return fails;
}

/** The plain mean of (a − y)² over every output of every sample, both (rows, outputs). */
export function meanSquaredError(actual: MatrixLike, predicted: MatrixLike): number {
  return regressionReport(actual, predicted).mse;
}

/** Actual values and predictions as checked matrices (every value finite). */
function pair(actual: MatrixLike, predicted: MatrixLike): { actual: Matrix; predicted: Matrix } {
  return { actual: Matrix.from(actual, 'actual values'), predicted: Matrix.from(predicted, 'predictions') };
}

function sameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (!Array.isArray(a)) throw new DataError(`actual labels must be a list, got ${show(a)}`);
  if (!Array.isArray(b)) throw new DataError(`predicted labels must be a list, got ${show(b)}`);
  if (a.length !== b.length) throw new ShapeError(`${a.length} actual labels but ${b.length} predictions`);
}
