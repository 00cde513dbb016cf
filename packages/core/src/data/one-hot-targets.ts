/**
 * One-hot target columns as one column of class labels. A data set whose several target columns
 * hold only 0 and 1 (or −1 and 1, as FANN's symmetric outputs do) is a classification: each row's
 * class is the name of the column that holds its 1. A Model classifies one label column, so the
 * columns become one (`class`), and the column names become the class labels.
 */
import type { Dataset } from './dataset.js';
import { DataError, show } from '../errors.js';

/** The value of "not this class" in one-hot columns: 0, or −1 for symmetric (tanh-like) outputs. */
export type OneHotOff = 0 | -1;

/**
 * 0 or −1 when a data set has at least two target columns and every cell is that value or 1 (as
 * a number or numeric text); null otherwise. It looks at the values only: a row with no 1 or with
 * several still counts, for `labelsFromOneHot` to name.
 */
export function oneHotOff(data: Dataset): OneHotOff | null {
  if (data.targetNames.length < 2) return null;
  let zero = false;
  let minusOne = false;
  for (const row of data.targets) {
    for (const cell of row) {
      const value = typeof cell === 'number' ? cell : String(cell).trim() === '' ? NaN : Number(cell);
      if (value === 0) zero = true;
      else if (value === -1) minusOne = true;
      else if (value !== 1) return null;
    }
  }
  if (zero && minusOne) return null;
  return minusOne ? -1 : 0;
}

/** How {@link labelsFromOneHot} names the label column and the data in its errors. */
export interface LabelsFromOneHotOptions {
  /** The name of the label column; default "class". */
  name?: string;
  /** What to call the data in errors, usually the file name. */
  source?: string;
  /** What a row is called in errors: "row" (CSV, counted from the first data row) or "sample" (FANN). */
  unit?: string;
}

/**
 * The data set with its one-hot target columns replaced by one label column holding, in each
 * row, the name of the column whose value is 1. A row with no 1 or several is a DataError naming
 * the row and its columns.
 */
export function labelsFromOneHot(data: Dataset, options: LabelsFromOneHotOptions = {}): Dataset {
  const names = data.targetNames;
  const where = options.source === undefined ? '' : `${options.source}: `;
  const unit = options.unit ?? 'row';
  const targets = data.targets.map((row, r) => {
    const ones = names.filter((_, c) => Number(row[c]) === 1);
    if (ones.length !== 1) {
      const found = ones.length === 0 ? 'no 1' : `a 1 in each of ${ones.join(', ')}`;
      throw new DataError(
        `${where}${unit} ${r + 1} has ${found}, but one-hot target columns (${names.join(', ')}) need exactly one 1 per ${unit} (to fit them as separate numbers instead, train with the task regression)`,
      );
    }
    return [ones[0]];
  });
  const name = options.name ?? 'class';
  if (data.inputNames.includes(name)) throw new DataError(`${where}the label column would be called ${show(name)}, but an input column has that name`);
  return { ...data, targetNames: [name], targets };
}
