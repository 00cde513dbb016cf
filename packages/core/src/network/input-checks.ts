/**
 * What a network is given, checked before it is converted or reaches the kernels: each value of a
 * sample a finite number (finite in the network's dtype too), and no value of a float32 network's
 * inputs beyond float32's range; the error names the column (and the row) and the value.
 */
import { DataError, show } from '../errors.js';
import { dtypeRange, finiteIn, Matrix, type DType, type FloatArray, type MatrixLike } from '../data/matrix.js';

/** Copies a sample into x, each value checked: a finite number, finite in x's dtype too. */
export function copyFinite(input: ArrayLike<number>, x: FloatArray, dtype: DType): void {
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    if (typeof v !== 'number') throw notFinite(i, v, dtype);
    x[i] = v;
    if (!Number.isFinite(x[i])) throw notFinite(i, v, dtype);
  }
}

/**
 * Refuses a finite value that a float32 network would hold as ±Infinity (beyond ±3.4e38), naming
 * its row and column, before it is converted or reaches the kernels. Other values are left to
 * Matrix.from's checks.
 */
export function checkFloat32Range(value: MatrixLike, name: string): void {
  const refuse = (r: number, c: number, v: number) => new DataError(`${name} row ${r} column ${c}: ${show(v)} is beyond ${dtypeRange('float32')}, which this float32 network takes`);
  if (value instanceof Matrix) {
    if (value.data instanceof Float32Array) return;
    const { data, cols } = value;
    for (let k = 0; k < data.length; k++) {
      if (Number.isFinite(data[k]) && !finiteIn(data[k], 'float32')) throw refuse(Math.floor(k / cols), k % cols, data[k]);
    }
    return;
  }
  if (!Array.isArray(value)) return;
  value.forEach((row, r) => {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) return;
    const cells = row as ArrayLike<unknown>;
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      if (typeof v === 'number' && Number.isFinite(v) && !finiteIn(v, 'float32')) throw refuse(r, c, v);
    }
  });
}

/** The error for a sample's value that is not a finite number (or one beyond float32's range). */
export function notFinite(column: number, value: unknown, dtype: DType): DataError {
  const beyond = typeof value === 'number' && Number.isFinite(value) ? ` (beyond ${dtype}'s range)` : '';
  return new DataError(`input column ${column} must be a finite number, got ${show(value)}${beyond}`);
}
