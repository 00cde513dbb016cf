/**
 * A row source: the rows of a data set, read a run of rows at a time into buffers the caller
 * gives. Matrices in memory are one (matrixRows); a file that does not fit in memory is another,
 * which the caller implements (the CLI reads a cache file with it), so that core trains on data
 * it never holds whole and never touches a file itself. `streamedRows` (streamed-rows.ts) trains
 * from one a block at a time.
 */
import { ConfigError, ShapeError, show } from '../errors.js';
import { checkIntact, Matrix, type FloatArray } from './matrix.js';

/** Rows of a data set that training reads a run at a time (see the file's comment): matrices, or a file the app reads. */
export interface RowSource {
  /** Rows in the data set. */
  readonly rows: number;
  /** Numbers per row of inputs. */
  readonly inputSize: number;
  /** Numbers per row of targets. */
  readonly outputSize: number;
  /**
   * Copies rows [start, start + count) into `inputs`, (count, inputSize), and `targets`,
   * (count, outputSize), row-major; the buffers may be longer than that.
   */
  read(start: number, count: number, inputs: FloatArray, targets: FloatArray): void;
}

/** True for a RowSource (and not a matrix or rows of numbers). */
export function isRowSource(value: unknown): value is RowSource {
  return typeof value === 'object' && value !== null && typeof (value as RowSource).read === 'function' && typeof (value as RowSource).rows === 'number';
}

/**
 * Checks a row source given as `field`: an object with read(), rows a whole number ≥ 0, inputSize
 * and outputSize whole numbers ≥ 1 (training allocates buffers from them).
 */
export function checkRowSource(source: unknown, field: string): asserts source is RowSource {
  if (source === null || typeof source !== 'object' || typeof (source as RowSource).read !== 'function') {
    throw new ConfigError(field, `must be a RowSource { rows, inputSize, outputSize, read(start, count, inputs, targets) }, got ${show(source)}`);
  }
  const { rows, inputSize, outputSize } = source as RowSource;
  for (const [key, value, min] of [['rows', rows, 0], ['inputSize', inputSize, 1], ['outputSize', outputSize, 1]] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new ConfigError(`${field}.${key}`, `must be a whole number ≥ ${min}, got ${show(value)}`);
    }
  }
}

/** Matrices x (rows, n) and y (rows, m) as a row source. */
export function matrixRows(x: Matrix, y: Matrix): RowSource {
  if (!(x instanceof Matrix)) throw new ConfigError('x', `must be a Matrix of inputs (rows, n), got ${show(x)}`);
  if (!(y instanceof Matrix)) throw new ConfigError('y', `must be a Matrix of targets (rows, m), got ${show(y)}`);
  checkIntact(x, 'inputs');
  checkIntact(y, 'targets');
  if (x.rows !== y.rows) throw new ShapeError(`inputs ${x.shape} and targets ${y.shape} must have as many rows`);
  return {
    rows: x.rows,
    inputSize: x.cols,
    outputSize: y.cols,
    read(start, count, inputs, targets) {
      inputs.set(x.data.subarray(start * x.cols, (start + count) * x.cols));
      targets.set(y.data.subarray(start * y.cols, (start + count) * y.cols));
    },
  };
}

/**
 * Every row of the source once, in order, `blockRows` at a time: `visit(inputs, targets, count)`
 * sees each block in float64, (count, inputSize) and (count, outputSize).
 */
export function forEachBlock(source: RowSource, blockRows: number, visit: (inputs: Float64Array, targets: Float64Array, count: number) => void): void {
  const inputs = new Float64Array(blockRows * source.inputSize);
  const targets = new Float64Array(blockRows * source.outputSize);
  for (let start = 0; start < source.rows; start += blockRows) {
    const count = Math.min(blockRows, source.rows - start);
    source.read(start, count, inputs, targets);
    visit(inputs, targets, count);
  }
}
