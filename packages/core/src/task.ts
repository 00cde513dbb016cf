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
  const distinct = new Set<string>();
  let integral = true;
  for (const row of targets) {
    const cell = row[0];
    const value = typeof cell === 'number' ? cell : String(cell).trim() === '' ? NaN : Number(cell);
    if (!Number.isFinite(value)) return 'classification';
    if (!Number.isInteger(value)) integral = false;
    distinct.add(String(value));
  }
  const repeats = distinct.size <= targets.length / 2;
  return integral && distinct.size <= MAX_INTEGER_CLASSES && repeats ? 'classification' : 'regression';
}
