/**
 * Dense row-major matrices over typed arrays: the one data type that crosses core's boundary.
 * A Matrix of shape (rows, cols) keeps element (r, c) at data[r * cols + c].
 */
import { ConfigError, DataError, ShapeError, show } from '../errors.js';

/** The number type of a network or matrix. */
export type DType = 'float32' | 'float64';
/** A typed array of either dtype. */
export type FloatArray = Float32Array | Float64Array;
/** Where a matrix's numbers go: a dtype (a new typed array), or a function that hands out buffers. */
export type Allocation = DType | ((length: number) => FloatArray);

export function allocateFor(into: Allocation, length: number): FloatArray {
  return typeof into === 'function' ? into(length) : allocate(into, length);
}

/** Both dtypes. */
export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Whether a number is finite once held in `dtype` (float32 holds values beyond ±3.4e38 as ±Infinity). */
export function finiteIn(value: number, dtype: DType): boolean {
  return Number.isFinite(dtype === 'float32' ? Math.fround(value) : value);
}

/** A dtype's finite range, as errors say it: "float32's range (±3.4e38)". */
export function dtypeRange(dtype: DType): string {
  return dtype === 'float32' ? "float32's range (±3.4e38)" : "float64's range (±1.8e308)";
}

/** A new zero-filled array of the dtype. */
export function allocate(dtype: DType, length: number): FloatArray {
  if (dtype !== 'float32' && dtype !== 'float64') throw new ConfigError('dtype', `must be one of ${DTYPES.join(', ')}, got ${show(dtype)}`);
  try {
    return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The engine's limit on one typed array (2^32 values in V8), or memory it could not get.
    const bytes = length * (dtype === 'float32' ? 4 : 8);
    throw new ShapeError(`${length.toLocaleString('en-US')} ${dtype} values (${(bytes / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB) are more than this engine can allocate as one array`);
  }
}

/** Checks a matrix's row or column count: a whole number ≥ 0. */
function checkSize(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(`${field} must be a whole number ≥ 0, got ${show(value)}`);
  }
}

/**
 * A matrix's data still holds rows × cols values: its buffer was not transferred (detached, so 0
 * values) or resized smaller since the matrix was made, which the constructor cannot see coming.
 */
export function checkIntact(matrix: Matrix, name: string): void {
  const { rows, cols, data } = matrix;
  if (data.length >= rows * cols) return;
  const why = data.length === 0 && data.byteOffset === 0 ? 'its ArrayBuffer was transferred (detached) or resized' : 'its ArrayBuffer was resized smaller';
  throw new ShapeError(`${name} is a ${matrix.shape} matrix whose data now holds ${data.length} values, not ${rows * cols}: ${why} after the matrix was made`);
}

export function dtypeOf(array: FloatArray): DType {
  return array instanceof Float32Array ? 'float32' : 'float64';
}

/**
 * A dense row-major (rows, cols) matrix over a typed array: element (r, c) is
 * `data[r * cols + c]`, one sample per row.
 */
export class Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: FloatArray,
  ) {
    checkSize('rows', rows);
    checkSize('cols', cols);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new DataError(`data must be a Float32Array or Float64Array, got ${show(data)}`);
    }
    if (data.length !== rows * cols) {
      throw new ShapeError(`a (${rows}, ${cols}) matrix needs ${rows * cols} values, got ${data.length}`);
    }
  }

  /** A (rows, cols) matrix of zeros. */
  static zeros(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
    checkSize('rows', rows);
    checkSize('cols', cols);
    return new Matrix(rows, cols, allocate(dtype, rows * cols));
  }

  /**
   * A matrix from rows of numbers, checked: every row as wide as the first, every value finite.
   * `name` goes into the error ("inputs row 3 has 5 values, expected 4").
   */
  static fromRows(rows: ArrayLike<ArrayLike<number>>, name = 'data', into: Allocation = 'float64'): Matrix {
    if (rows === null || typeof rows !== 'object' || typeof rows.length !== 'number') {
      throw new DataError(`${name} must be a Matrix or rows of numbers (an array of arrays), got ${show(rows)}`);
    }
    const count = rows.length;
    checkSize(`${name} rows`, count);
    const cols = count > 0 ? (rows[0]?.length ?? 0) : 0;
    if (!Number.isSafeInteger(cols) || cols < 0) throw new DataError(`${name} row 0 is not an array of numbers, got ${show(rows[0])}`);
    const data = allocateFor(into, count * cols);
    for (let r = 0; r < count; r++) {
      const row = rows[r];
      if (row === null || row === undefined || typeof row.length !== 'number') {
        throw new DataError(`${name} row ${r} is not an array of numbers, got ${show(row)}`);
      }
      if (row.length !== cols) {
        throw new DataError(`${name} row ${r} has ${row.length} values, expected ${cols} like row 0`);
      }
      for (let c = 0; c < cols; c++) {
        const value = row[c];
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new DataError(`${name} row ${r} column ${c} must be a finite number, got ${show(value)}`);
        }
        data[r * cols + c] = value;
      }
    }
    return new Matrix(count, cols, data);
  }

  /** A Matrix as it is, or one built from rows. */
  static from(value: MatrixLike, name = 'data', into: Allocation = 'float64'): Matrix {
    if (value instanceof Matrix) {
      checkIntact(value, name);
      assertFinite(value.data, name, value.cols);
      return value;
    }
    return Matrix.fromRows(value, name, into);
  }

  /** Row r as a view (no copy) of `data`. */
  row(r: number): FloatArray {
    return this.data.subarray(r * this.cols, (r + 1) * this.cols);
  }

  /** Element (r, c). */
  get(r: number, c: number): number {
    return this.data[r * this.cols + c];
  }

  /** The rows as plain arrays (for JSON and printing). */
  toRows(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.rows; r++) out.push(Array.from(this.row(r)));
    return out;
  }

  /**
   * A copy holding the given rows, in that order. An index that is not a row of this matrix (out
   * of range, negative, fractional) is a ShapeError: `subarray` would make it an empty or wrong row.
   */
  selectRows(indices: ArrayLike<number>, into: Allocation = dtypeOf(this.data)): Matrix {
    if (indices === null || typeof indices !== 'object' || !Number.isSafeInteger(indices.length) || indices.length < 0) {
      throw new ShapeError(`row indices must be a list of row numbers, got ${show(indices)}`);
    }
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= this.rows) {
        const rows = this.rows === 0 ? 'which has no rows' : `a whole number from 0 to ${this.rows - 1}`;
        throw new ShapeError(`row indices[${i}] must be a row of the ${this.shape} matrix, ${rows}, got ${show(r)}`);
      }
    }
    const out = new Matrix(indices.length, this.cols, allocateFor(into, indices.length * this.cols));
    for (let i = 0; i < indices.length; i++) out.data.set(this.row(indices[i]), i * this.cols);
    return out;
  }

  /** A copy in buffers from `into`. */
  copy(into: Allocation): Matrix {
    const out = new Matrix(this.rows, this.cols, allocateFor(into, this.data.length));
    out.data.set(this.data);
    return out;
  }

  /** A copy in the given dtype (or this matrix when it already has it). */
  as(dtype: DType): Matrix {
    if (dtypeOf(this.data) === dtype) return this;
    const data = allocate(dtype, this.data.length);
    data.set(this.data);
    return new Matrix(this.rows, this.cols, data);
  }

  /** The shape as error messages print it: `(rows, cols)`. */
  get shape(): string {
    return `(${this.rows}, ${this.cols})`;
  }
}

/** What functions take as a matrix: a {@link Matrix}, or rows of numbers (`[[0, 1], [1, 0]]`). */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/** Throws a DataError naming the first value that is not finite. */
export function assertFinite(data: ArrayLike<number>, name: string, cols: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / Math.max(cols, 1));
      throw new DataError(`${name} row ${row} column ${i - row * cols} must be a finite number, got ${show(data[i])}`);
    }
  }
}
