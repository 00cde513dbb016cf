/**
 * Raw inputs in a model's terms: rows of numbers or records keyed by column name (a category as
 * its name) made into a matrix of the model's inputNames, in the model's column order, missing
 * values filled with the model's `fill`, scaled into the network's dtype. Every error names the
 * row, the column and the value.
 */
import { categoryIndex, rawInputNames, type CategoricalInput } from '../data/categories.js';
import type { DataInput } from '../data/dataset.js';
import { dtypeOf, dtypeRange, Matrix, type DType, type MatrixLike } from '../data/matrix.js';
import { fillMissing, missingError, scanInputs } from '../data/missing.js';
import { scale } from '../data/scaler.js';
import { DataError, ShapeError, show } from '../errors.js';
import type { ModelDescription } from '../model-file/model-document.js';

/** What of a model names and fills its input columns. */
export type ModelColumns = Pick<ModelDescription, 'inputNames' | 'targetNames' | 'fill'> & { readonly categorical: readonly CategoricalInput[] };

/** Model.inputsFromRecords: a matrix of the model's inputs from records keyed by its inputColumns. */
export function recordInputs(model: ModelColumns, records: ReadonlyArray<Record<string, unknown>>): Matrix {
  if (!Array.isArray(records)) throw new DataError(`records must be a list of rows keyed by column name, got ${show(records)}`);
  const bad = records.findIndex((record) => record === null || typeof record !== 'object' || Array.isArray(record));
  if (bad >= 0) throw new DataError(`row ${bad} must be an object keyed by column name, got ${show(records[bad])}`);
  const x = Matrix.zeros(records.length, model.inputNames.length);
  const columns = rawInputNames(model.inputNames, model.categorical);
  const known = new Set(columns);
  const categorical = new Map(model.categorical.map((column) => [column.name, column]));
  records.forEach((record, r) => {
    const extra = Object.keys(record).filter((k) => !known.has(k) && !model.targetNames.includes(k));
    if (extra.length > 0) throw new DataError(`row ${r} has columns the model does not know: ${extra.map((e) => show(e)).join(', ')}`);
    let c = 0; // the network input the column starts at
    for (const name of columns) {
      if (!Object.hasOwn(record, name)) throw new DataError(`row ${r} is missing column ${show(name)}`);
      const value = record[name];
      const column = categorical.get(name);
      const missing = value === null && model.fill !== undefined; // filled by outputs
      if (column !== undefined) {
        if (missing) x.data.fill(NaN, r * x.cols + c, r * x.cols + c + column.categories.length);
        else x.data[r * x.cols + c + categoryIndex(column, value, `row ${r} column ${show(name)}`)] = 1;
        c += column.categories.length;
        continue;
      }
      if (missing) {
        x.data[r * x.cols + c++] = NaN;
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DataError(`row ${r} column ${show(name)} must be a finite number${model.fill !== undefined ? ' or null (missing)' : ''}, got ${show(value)}`);
      }
      x.data[r * x.cols + c++] = value;
    }
  });
  return x;
}

/**
 * A data set's inputs in the model's column order, when the data names its columns: the same
 * names in another order are put in the model's; other names (a column the model does not take,
 * one it needs and the data lacks, another target) are an error naming them. Unnamed data is
 * taken as it is, in the model's order.
 */
export function inModelOrder(model: ModelColumns, dataInput: DataInput, x: Matrix, field = 'data'): Matrix {
  const { inputNames, targetNames } = dataInput as { inputNames?: readonly string[]; targetNames?: readonly string[] };
  if (targetNames !== undefined && targetNames.join('\u0000') !== model.targetNames.join('\u0000')) {
    throw new DataError(`${field}.targetNames are ${targetNames.map(show).join(', ')}, the model's ${model.targetNames.map(show).join(', ')}`);
  }
  if (inputNames === undefined || inputNames.join('\u0000') === model.inputNames.join('\u0000')) {
    if (x.cols !== model.inputNames.length && x.rows > 0) throw new ShapeError(`${field}.inputs have ${x.cols} columns, the model takes ${model.inputNames.length} (${model.inputNames.map(show).join(', ')})`);
    return x;
  }
  const place = new Map(inputNames.map((name, c) => [name, c]));
  const missing = model.inputNames.filter((name) => !place.has(name));
  const extra = inputNames.filter((name) => !model.inputNames.includes(name));
  if (missing.length > 0 || extra.length > 0 || inputNames.length !== model.inputNames.length) {
    const parts = [...(missing.length > 0 ? [`lacks ${missing.map(show).join(', ')}`] : []), ...(extra.length > 0 ? [`has ${extra.map(show).join(', ')}, which the model does not take`] : [])];
    throw new DataError(`${field}.inputNames ${parts.join(' and ') || 'name a column twice'}; the model takes ${model.inputNames.map(show).join(', ')}`);
  }
  const order = model.inputNames.map((name) => place.get(name)!);
  const out = Matrix.zeros(x.rows, x.cols, dtypeOf(x.data));
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) out.data[r * x.cols + c] = x.data[r * x.cols + order[c]];
  return out;
}

/**
 * Raw inputs as a checked matrix: with `fill`, missing values (NaN, or null in rows) take their
 * fill, in a copy; without it they are an error that says so.
 */
export function filledInputs(model: ModelColumns, inputs: MatrixLike): Matrix {
  const { x, missing } = scanInputs(inputs, 'inputs');
  if (!missing) return x;
  if (model.fill === undefined) throw missingError(x, 'inputs', model.inputNames, true);
  return fillMissing(x === inputs ? x.copy(dtypeOf(x.data)) : x, model.fill);
}

/**
 * Raw inputs (finite) scaled into the network's dtype; a value so large that, scaled, it is
 * beyond the dtype's range (±3.4e38 in float32) is an error naming its row and column.
 */
export function scaledInputs(model: ModelColumns & Pick<ModelDescription, 'inputScaler' | 'network'>, x: Matrix): Matrix {
  const scaled = scale(model.inputScaler, x, model.network.dtype);
  const { data, cols } = scaled;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) throw tooLargeOnceScaled('inputs', k, cols, model.inputNames, x.data[k], model.network.dtype);
  }
  return scaled;
}

/** A raw value (element k of a (rows, cols) matrix) that, scaled by a model's training statistics, is beyond its dtype's range. */
export function tooLargeOnceScaled(part: 'inputs' | 'targets', k: number, cols: number, names: readonly string[], value: number, dtype: DType): DataError {
  const row = Math.floor(k / cols);
  return new DataError(`${part} row ${row} column ${show(names[k - row * cols])}: ${show(value)} is too large for this model: scaled by its training statistics, it is beyond ${dtypeRange(dtype)}`);
}
