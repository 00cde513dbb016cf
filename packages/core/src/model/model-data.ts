/**
 * A data set as a Model trains, scores and encodes it: its names filled in, its inputs and targets
 * of one number of rows and of as many columns as it names, and its targets as the network learns
 * them (one-hot classes, or numbers scaled by the target scaler).
 */
import { completeDataset, type DataInput, type Dataset, type MatrixDataset } from '../data/dataset.js';
import { cellNumber } from '../data/cell-number.js';
import { classesOf, encodeLabels, oneHot } from '../data/labels.js';
import { checkIntact, dtypeOf, finiteIn, Matrix } from '../data/matrix.js';
import { checkScalable, fitScaler, scale, type Scaler, type ScalingName } from '../data/scaler.js';
import type { Task } from '../data/task.js';
import { ConfigError, DataError, show } from '../errors.js';
import type { ModelDescription } from '../model-file/model-document.js';
import { tooLargeOnceScaled } from './model-inputs.js';

/** A data set with its names filled in: a MatrixDataset as it is (its targets checked to be a Matrix), else completeDataset's. */
export function completeData(data: DataInput | MatrixDataset): Dataset | MatrixDataset {
  if (data !== null && typeof data === 'object' && data.targets instanceof Matrix) {
    const { inputNames, targetNames } = data;
    if (!Array.isArray(inputNames) || !Array.isArray(targetNames)) throw new ConfigError('data', 'with targets as a Matrix needs inputNames and targetNames');
    return data as MatrixDataset;
  }
  return completeDataset(data as DataInput);
}

/** A data set's inputs (x, its raw inputs as a matrix) and targets: as many rows, and a column for each name. */
export function checkColumns(data: Dataset | MatrixDataset, x: Matrix): void {
  if (x.cols !== data.inputNames.length && x.rows > 0) {
    throw new DataError(`inputs have ${x.cols} columns but ${data.inputNames.length} names (${data.inputNames.join(', ')})`);
  }
  if (data.targets instanceof Matrix) {
    const y = data.targets;
    checkIntact(y, 'targets');
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

/** Targets as the network learns them: one-hot classes, or scaled numbers. */
export function prepareTargets(
  task: Task,
  data: Dataset | MatrixDataset,
  model?: Pick<ModelDescription, 'network' | 'labels' | 'targetScaler'>,
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

/** The targets of a regression as a (rows, targets) matrix of finite numbers; a cell that is not one is named. */
export function numericTargets(data: Dataset | MatrixDataset): Matrix {
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
