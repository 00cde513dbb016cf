import { DataError, show } from '../errors.js';
import { cellNumber, numberLike } from './cell-number.js';
import { isMissingCell } from './missing.js';
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
 * regression. A column whose only words are numbers written with a comma or as percentages
 * (`2,5`, `15%`, numberLike) is an error: it asks for a regression that the cells do not spell.
 */
export function inferTask(targets: ReadonlyArray<ReadonlyArray<string | number>>): Task {
  if (!Array.isArray(targets) || targets.some((row) => !Array.isArray(row))) throw new DataError(`targets must be an array of rows (arrays of class labels or numbers), got ${show(targets)}`);
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
  let words = false; // a cell that is neither a number nor a mark of a missing value: a class label
  let written: { cell: string; like: string } | undefined; // a word that a person reads as a number ("2,5", "15%")
  let labels = false; // a word that is not such a number
  let gap: string | number | undefined; // the first cell that marks a missing value
  for (const cell of cells) {
    if (typeof cell !== 'string' && typeof cell !== 'number') throw new DataError(`a target cell is ${show(cell)}: a target is a class label (a string) or a number`);
    const value = typeof cell === 'number' ? cell : cellNumber(cell);
    if (!Number.isFinite(value)) {
      if (typeof cell === 'number' || isMissingCell(cell.trim())) gap ??= cell;
      else {
        words = true;
        const like = numberLike(cell.trim());
        if (like === undefined) labels = true;
        else written ??= { cell, like };
      }
      continue;
    }
    if (!Number.isInteger(value)) integral = false;
    distinct.add(String(value));
  }
  // NaN, "", "NA", … among numbers is a missing value, not a class: a regression with a gap would
  // otherwise become a classification with a class per value. Among words it may be a class ("NA").
  if (gap !== undefined && !words) throw missingTarget(gap, distinct.size > 0);
  // Numbers a person wrote with a decimal comma are not a class per value.
  if (written !== undefined && !labels) {
    const comma = written.like.includes('comma') ? ', or read a CSV file written with decimal commas with decimal "," (--decimal , on the command line)' : '';
    throw new DataError(`the target holds ${show(written.cell)}, ${written.like}, which is not read as a number: write the target's numbers with a decimal point and no separators or %${comma} (or, if they are classes, say task: 'classification')`);
  }
  if (words || gap !== undefined) return 'classification';
  const repeats = distinct.size <= rows / 2;
  return integral && distinct.size <= MAX_INTEGER_CLASSES && repeats ? 'classification' : 'regression';
}

/**
 * inferTask for one target column of numbers, (rows): the answer inferTaskOfCells gives for the
 * column's cells, without a string per value; NaN or ±Infinity is a missing value, an error.
 */
export function inferTaskOfNumbers(values: ArrayLike<number>): Task {
  const distinct = new Set<number>(); // as numbers: −0 and 0 are one value, as String makes them
  let integral = true;
  for (let r = 0; r < values.length; r++) {
    const value = values[r];
    if (!Number.isFinite(value)) throw missingTarget(value, Array.prototype.some.call(values, Number.isFinite));
    if (!integral) continue;
    if (!Number.isInteger(value)) integral = false;
    else if (distinct.size <= MAX_INTEGER_CLASSES) distinct.add(value);
  }
  return integral && distinct.size <= MAX_INTEGER_CLASSES && distinct.size <= values.length / 2 ? 'classification' : 'regression';
}

/** A gap (NaN, "", "NA", …) in a target column of numbers: missing, not a class of its own. */
function missingTarget(gap: string | number, numbers: boolean): DataError {
  return new DataError(`the target holds ${show(gap)}, a missing value, among ${numbers ? 'numbers' : 'no class labels'}: a target cannot be missing; leave out those rows (or, if it is a class, say task: 'classification')`);
}
