/**
 * Class labels ↔ one-hot target rows. The classes are sorted (numerically when every label is a
 * number, so "10" follows "9"), which makes a model's output order independent of row order.
 */
import { DataError, show } from '../errors.js';
import { integerOption } from '../options.js';
import { Matrix, type DType, type FloatArray } from './matrix.js';
import { cellNumber } from './cell-number.js';

/** The distinct labels, sorted. */
export function classesOf(labels: readonly string[]): string[] {
  const distinct = [...new Set(labels)];
  const numeric = distinct.every((l) => Number.isFinite(cellNumber(l)));
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Each label's index in `classes`; a label not among them is a DataError naming its row. */
export function encodeLabels(labels: readonly string[], classes: readonly string[], name = 'labels'): Uint32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const out = new Uint32Array(labels.length);
  labels.forEach((label, r) => {
    const i = index.get(label);
    if (i === undefined) {
      throw new DataError(`${name} row ${r} is ${show(label)}, a class the model was not trained on (it knows ${show([...classes])})`);
    }
    out[r] = i;
  });
  return out;
}

/** One row per label with a 1 in its class's column. */
export function oneHot(indices: ArrayLike<number>, classCount: number, dtype: DType = 'float64'): Matrix {
  integerOption('classCount', classCount, 0, 1);
  const out = Matrix.zeros(indices.length, classCount, dtype);
  for (let r = 0; r < indices.length; r++) {
    const index = indices[r];
    if (!(Number.isInteger(index) && index >= 0 && index < classCount)) {
      throw new DataError(`class index of row ${r} must be a whole number from 0 to ${classCount - 1} (classCount − 1), got ${show(index)}`);
    }
    out.data[r * classCount + index] = 1;
  }
  return out;
}

/** The index of the largest output of each row (the first on ties). */
export function argmaxRows(outputs: FloatArray, rows: number, width: number): Uint32Array {
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < width; j++) if (outputs[r * width + j] > outputs[r * width + best]) best = j;
    out[r] = best;
  }
  return out;
}
