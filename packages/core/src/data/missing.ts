/**
 * Missing input values: `Model.train(data, { missing: 'mean' })` takes inputs with missing values
 * (NaN in a matrix, null in rows of numbers) and fills each with its column's mean over the training
 * rows that have it, as scikit-learn's SimpleImputer does; the model keeps those means
 * (`model.fill`) and fills the inputs it is given the same way, so a row with a missing value can
 * still be predicted. The 0/1 inputs of a column of categories (categories.ts) are filled alike: a
 * missing category becomes each category's share of the training rows. Without `missing`, a
 * missing value is an error that says how to fill it.
 *
 * The model file keeps the means in its `model` document (`fill`), a field that needs no new
 * format_version: a reader that does not know it (bpnn before it) reads a model that refuses
 * missing values, and predicts every complete row as this one does.
 */
import { ConfigError, DataError, MissingValueError, show } from '../errors.js';
import { allocateFor, checkIntact, Matrix, type Allocation, type DType, type MatrixLike } from './matrix.js';
import { forEachBlock, type RowSource } from './row-source.js';

/** What Model.train does with missing inputs: refuse them (the default), or fill each with its column's mean. */
export type MissingName = 'error' | 'mean';
/** The values of Model.train's `missing` option (the CLI's --missing, a server job's `missing`). */
export const MISSING_NAMES: readonly MissingName[] = ['error', 'mean'];

/** The cells of a text file (CSV, a pasted table) that mark a missing value, in lower case (isMissingCell ignores case). */
export const MISSING_MARKS: readonly string[] = Object.freeze(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
const MISSING_MARK_SET = new Set(MISSING_MARKS);

/** Whether a (trimmed) cell of text marks a missing value: empty, NA, N/A, NaN, null, None or ?, in any case. */
export function isMissingCell(text: string): boolean {
  return text.length <= 4 && MISSING_MARK_SET.has(text.toLowerCase());
}

/** Checks Model.train's `missing` option. */
export function missingOption(value: unknown): MissingName {
  if (value === undefined) return 'error';
  if (!MISSING_NAMES.includes(value as MissingName)) throw new ConfigError('missing', `must be ${MISSING_NAMES.map(show).join(' or ')}, got ${show(value)}`);
  return value as MissingName;
}

/**
 * A matrix of `value` (a Matrix, or rows of numbers in which null is a missing value), whose
 * missing values are NaN; anything else that is not a finite number is a DataError. The Matrix
 * given is returned as it is when it holds no infinity.
 */
export function matrixWithMissing(value: MatrixLike, name: string, into: Allocation = 'float64'): Matrix {
  return scanInputs(value, name, into).x;
}

/**
 * matrixWithMissing, and whether the matrix has a missing value, found in the same pass over the
 * values (a training's inputs are read once to check them, not once more to look for gaps).
 */
export function scanInputs(value: MatrixLike, name: string, into: Allocation = 'float64'): { x: Matrix; missing: boolean } {
  let missing = false;
  if (value instanceof Matrix) {
    checkIntact(value, name);
    const { data, cols } = value;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) {
        // NaN, or ±Infinity (whose difference with itself is NaN too)
        if (v !== v) missing = true;
        else throw notFinite(name, i, cols, v);
      }
    }
    return { x: value, missing };
  }
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') {
    throw new DataError(`${name} must be a Matrix or rows of numbers, got ${show(value)}`);
  }
  const rows = value as ArrayLike<ArrayLike<number | null>>;
  const count = rows.length;
  const cols = count > 0 && rows[0] !== null && rows[0] !== undefined ? rows[0].length : 0;
  const data = allocateFor(into, count * cols);
  for (let r = 0; r < count; r++) {
    const row = rows[r];
    if (row === null || row === undefined || typeof row.length !== 'number') throw new DataError(`${name} row ${r} is not an array of numbers, got ${show(row)}`);
    if (row.length !== cols) throw new DataError(`${name} row ${r} has ${row.length} values, expected ${cols} like row 0`);
    for (let c = 0; c < cols; c++) {
      const cell = row[c];
      if (cell === null || (typeof cell === 'number' && Number.isNaN(cell))) {
        data[r * cols + c] = NaN;
        missing = true;
      } else if (typeof cell === 'number' && Number.isFinite(cell)) data[r * cols + c] = cell;
      else throw new DataError(`${name} row ${r} column ${c} must be a finite number or missing (null), got ${show(cell)}`);
    }
  }
  return { x: new Matrix(count, cols, data), missing };
}

/**
 * Each column's mean over its values that are not missing (NaN), in float64: the fill of a model
 * trained with `missing: 'mean'`. A column with no value at all is a DataError naming it.
 */
export function columnMeans(x: Matrix, names: readonly string[]): number[] {
  const means = new PresentMeans(x.cols);
  means.add(x.data, x.data.length);
  return means.of(names);
}

/**
 * The sums and counts of each column's values that are not missing, added a run of rows at a
 * time in row order: so the means of a matrix and of the same rows read in blocks are the same
 * to the last bit.
 */
class PresentMeans {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;

  constructor(private readonly cols: number) {
    this.sums = new Float64Array(cols);
    this.counts = new Float64Array(cols);
  }

  /** Adds the first `length` values of `data`, whole rows of `cols` values. */
  add(data: ArrayLike<number>, length: number): void {
    const { sums, counts, cols } = this;
    for (let i = 0; i < length; i++) {
      const v = data[i];
      if (v === v) {
        sums[i % cols] += v;
        counts[i % cols]++;
      }
    }
  }

  /** The means; a column with no value is a DataError naming it among `names`. */
  of(names: readonly string[]): number[] {
    return Array.from(this.sums, (sum, c) => {
      if (this.counts[c] === 0) throw new DataError(`input column ${show(names[c])} has no value in any training row: every one is missing`);
      return sum / this.counts[c];
    });
  }
}

/** Replaces every missing value (NaN) of x with its column's `fill`, in `x` itself. */
export function fillMissing(x: Matrix, fill: readonly number[]): Matrix {
  const { data, cols } = x;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== data[i]) data[i] = fill[i % cols];
  }
  return x;
}

/** The error of the first missing value of x where none is taken: `model`, in a trained model's inputs (else in data to train on). */
export function missingError(x: Matrix, name: string, inputNames?: readonly string[], model = false): MissingValueError {
  const i = x.data.findIndex((v) => v !== v);
  const row = Math.floor(i / Math.max(x.cols, 1));
  const c = i - row * x.cols;
  const column = inputNames?.[c] !== undefined ? show(inputNames[c]) : String(c);
  return new MissingValueError(`${name} row ${row} column ${column} is missing (NaN)`, false, model);
}

function notFinite(name: string, i: number, cols: number, value: number): DataError {
  const row = Math.floor(i / Math.max(cols, 1));
  return new DataError(`${name} row ${row} column ${i - row * cols} must be a finite number, got ${show(value)}`);
}

/**
 * columnMeans of a row source's inputs, read a block at a time: each column's sum runs over the
 * rows in the same order, so the means are columnMeans's to the last bit.
 */
export function columnMeansOfRows(source: RowSource, names: readonly string[]): number[] {
  const means = new PresentMeans(source.inputSize);
  forEachBlock(source, 8192, (inputs, _targets, count) => means.add(inputs, count * source.inputSize));
  return means.of(names);
}

/**
 * The source with each missing input (NaN) read as its `fill`, in the precision of `stored`, the
 * number type the source holds its inputs in (a fill written into a float32 matrix is rounded to
 * float32, as Model.train's is).
 */
export function filledRows(source: RowSource, fill: readonly number[], stored: DType): RowSource {
  const values = stored === 'float32' ? fill.map((v) => Math.fround(v)) : [...fill];
  const cols = source.inputSize;
  return {
    rows: source.rows,
    inputSize: cols,
    outputSize: source.outputSize,
    read(start, count, inputs, targets) {
      source.read(start, count, inputs, targets);
      for (let i = 0; i < count * cols; i++) if (inputs[i] !== inputs[i]) inputs[i] = values[i % cols];
    },
  };
}
