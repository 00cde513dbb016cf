/**
 * Scaling fitted on training data that travels with the model: x′ = (x − offset) / scale per column.
 * standard: offset = mean, scale = standard deviation; minmax: offset = min, scale = max − min
 * (into [0, 1]); none: offset 0, scale 1. A constant column gets scale 1, so it maps to 0.
 * affine: any other offset and scale, not fitted here but carried in from another format (FANN's
 * stored scaling, for one).
 */
import { ConfigError, DataError, ShapeError, show } from '../errors.js';
import { Matrix, type DType } from './matrix.js';

/**
 * How inputs (or regression targets) are scaled before training: x′ = (x − offset) / scale with
 * the mean and standard deviation (standard), the minimum and range (minmax), or not at all.
 */
export type ScalingName = 'standard' | 'minmax' | 'none';

/** The name of every scaling. */
export const SCALING_NAMES: readonly ScalingName[] = ['standard', 'minmax', 'none'];

/** What a scaler can be: one fitted by name, or an affine map brought in from another format. */
export type ScalerKind = ScalingName | 'affine';

/** Every kind a {@link Scaler} can have. */
export const SCALER_KINDS: readonly ScalerKind[] = [...SCALING_NAMES, 'affine'];

/**
 * A fitted scaling, x′ = (x − offset[c]) / scale[c] for each column c: plain JSON that travels
 * with a model.
 */
export interface Scaler {
  kind: ScalerKind;
  offset: number[];
  scale: number[];
}

/** Fits a scaling of that kind to the columns of x (rows, cols); a constant column gets scale 1. */
export function fitScaler(kind: ScalingName, x: Matrix, field = 'scaling'): Scaler {
  if (!SCALING_NAMES.includes(kind)) throw new ConfigError(field, `must be one of ${SCALING_NAMES.join(', ')}, got ${show(kind)}`);
  const offset = new Array<number>(x.cols).fill(0);
  const scale = new Array<number>(x.cols).fill(1);
  if (kind === 'none' || x.rows === 0) return { kind, offset, scale };
  // Row by row with one running value per column: each column's sums still run over its rows in
  // order (the same bits as a column at a time), in two passes over the matrix instead of two per column.
  const { rows, cols, data } = x;
  if (kind === 'standard') {
    const sum = new Float64Array(cols);
    for (let r = 0, k = 0; r < rows; r++) for (let c = 0; c < cols; c++, k++) sum[c] += data[k];
    const mean = Array.from(sum, (total) => total / rows);
    const squares = new Float64Array(cols);
    for (let r = 0, k = 0; r < rows; r++) for (let c = 0; c < cols; c++, k++) squares[c] += (data[k] - mean[c]) ** 2;
    for (let c = 0; c < cols; c++) {
      const std = Math.sqrt(squares[c] / rows);
      offset[c] = mean[c];
      scale[c] = std > 0 ? std : 1;
    }
  } else {
    const min = new Float64Array(cols).fill(Infinity);
    const max = new Float64Array(cols).fill(-Infinity);
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, k++) {
        min[c] = Math.min(min[c], data[k]);
        max[c] = Math.max(max[c], data[k]);
      }
    }
    for (let c = 0; c < cols; c++) {
      offset[c] = min[c];
      scale[c] = max[c] > min[c] ? max[c] - min[c] : 1;
    }
  }
  return { kind, offset, scale };
}

/**
 * Refuses a fitted scaler whose statistics overflowed: a column of values so large that their
 * sum, sum of squares (standard: beyond about ±1e154) or range (minmax) is infinite, which no
 * network could take. Names the column.
 */
export function checkScalable(scaler: Scaler, names: readonly string[], role: 'input' | 'target'): void {
  for (let c = 0; c < scaler.offset.length; c++) {
    if (Number.isFinite(scaler.offset[c]) && Number.isFinite(scaler.scale[c])) continue;
    const why = scaler.kind === 'minmax' ? 'their range overflows a float64 beyond about ±9e307' : 'standard scaling squares them, which overflows a float64 beyond about ±1e154';
    throw new DataError(`${role} column ${show(names[c] ?? String(c))} cannot be scaled: its values are too large (${why}); divide the column by a power of ten`);
  }
}

/** (x − offset) / scale, as a new matrix of the dtype, or into `into` (of that dtype and shape). */
export function scale(scaler: Scaler, x: Matrix, dtype: DType, into?: Matrix): Matrix {
  checkWidth(scaler, x);
  // Into `into` (x itself, to scale in place: each value is read before it is written), else a new matrix.
  const out = into ?? Matrix.zeros(x.rows, x.cols, dtype);
  const { offset, scale: by } = scaler;
  for (let r = 0, k = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++, k++) out.data[k] = (x.data[k] - offset[c]) / by[c];
  return out;
}

/** x·scale + offset: back from the scaled space (regression outputs), in float64. */
export function unscale(scaler: Scaler, x: Matrix): Matrix {
  checkWidth(scaler, x);
  const out = Matrix.zeros(x.rows, x.cols, 'float64');
  for (let k = 0; k < x.data.length; k++) {
    const c = k % x.cols;
    out.data[k] = x.data[k] * scaler.scale[c] + scaler.offset[c];
  }
  return out;
}

function checkWidth(scaler: Scaler, x: Matrix): void {
  if (x.cols !== scaler.offset.length && x.rows > 0) {
    throw new ShapeError(`the scaler was fitted on ${scaler.offset.length} columns, got a matrix of shape ${x.shape}`);
  }
}
