import { cellNumber } from './cell-number.js';
/** What a target column asks for: class labels or numbers to approximate. */
export type Task = 'classification' | 'regression';

/** Both tasks. */
export const TASKS: readonly Task[] = ['classification', 'regression'];

/** The most distinct whole-number values a numeric target may have and still be read as classes. */
const MAX_INTEGER_CLASSES = 20;

/**
 * The task a target suggests when none is given: several target columns are regression; one
 * column is classification when any value is not a number (species names) or when its values are
 * whole numbers with at most 20 distinct values that repeat (digits 0–9, a 0/1 flag); otherwise
 * regression.
 */
export function inferTask(targets: ReadonlyArray<ReadonlyArray<string | number>>): Task {
  if (targets.length > 0 && targets[0].length > 1) return 'regression';
  return inferTaskOfCells(new Set(targets.map((row) => row[0])), targets.length);
}

/**
 * inferTask for one target column known by its distinct cells and its number of rows (a data
 * set streamed from a file, whose rows are not all held).
 */
export function inferTaskOfCells(cells: Iterable<string | number>, rows: number): Task {
  const distinct = new Set<string>();
  let integral = true;
  for (const cell of cells) {
    const value = typeof cell === 'number' ? cell : cellNumber(String(cell));
    if (!Number.isFinite(value)) return 'classification';
    if (!Number.isInteger(value)) integral = false;
    distinct.add(String(value));
  }
  const repeats = distinct.size <= rows / 2;
  return integral && distinct.size <= MAX_INTEGER_CLASSES && repeats ? 'classification' : 'regression';
}

/**
 * inferTask for one target column of numbers, (rows), NaN where a cell is not a number: the
 * answer inferTaskOfCells gives for the column's cells, without a string per value.
 */
export function inferTaskOfNumbers(values: ArrayLike<number>): Task {
  const distinct = new Set<number>(); // as numbers: −0 and 0 are one value, as String makes them
  let integral = true;
  for (let r = 0; r < values.length; r++) {
    const value = values[r];
    if (!Number.isFinite(value)) return 'classification';
    if (!integral) continue;
    if (!Number.isInteger(value)) integral = false;
    else if (distinct.size <= MAX_INTEGER_CLASSES) distinct.add(value);
  }
  return integral && distinct.size <= MAX_INTEGER_CLASSES && distinct.size <= values.length / 2 ? 'classification' : 'regression';
}
