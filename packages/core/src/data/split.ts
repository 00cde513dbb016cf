/** Seeded splits of a data set's rows into a training part and a held-out part. */
import { ConfigError, show } from '../errors.js';
import { integerOption, numberOption } from '../options.js';
import { Random } from '../random.js';

/** The arguments every split takes: a row count, and the generator it draws from. */
function checkRows(n: unknown, random: unknown): void {
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 2 ** 32)) throw new ConfigError('n', `(the rows) must be a whole number ≥ 0, got ${show(n)}`);
  if (!(random instanceof Random)) throw new ConfigError('random', `must be a Random (new Random(seed)), got ${show(random)}`);
}

/** Row indices of the two parts of a split, each in ascending order. */
export interface Split {
  train: Uint32Array;
  held: Uint32Array;
}

/** Holds out round(fraction·n) rows drawn at random; both parts keep the rows' original order. */
export function splitIndices(n: number, fraction: number, random: Random): Split {
  checkRows(n, random);
  numberOption('fraction', fraction, 0, 0, 1);
  const order = random.permutation(n);
  const heldCount = Math.round(n * fraction);
  return {
    held: order.slice(0, heldCount).sort(),
    train: order.slice(heldCount).sort(),
  };
}

/**
 * Like splitIndices, but holds out the same fraction of every class (stratified), so that a small
 * or unbalanced data set keeps each class on both sides. `classes[i]` is row i's class index. A
 * class keeps at least one row on the training side: round(fraction·n) of a class of n rows can be
 * all of them (a class of one row at a fraction of 0.5), and a class held out whole is one the
 * model never learns, though it is scored on it.
 */
export function stratifiedSplit(classes: ArrayLike<number>, fraction: number, random: Random): Split {
  checkRows(classes?.length, random); // (classes: one class index per row)
  numberOption('fraction', fraction, 0, 0, 1);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < classes.length; i++) {
    const members = byClass.get(classes[i]);
    if (members === undefined) byClass.set(classes[i], [i]);
    else members.push(i);
  }
  const held: number[] = [];
  const train: number[] = [];
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = random.shuffleIndices(Uint32Array.from(byClass.get(key)!));
    const heldCount = Math.min(Math.round(members.length * fraction), members.length - 1);
    held.push(...members.slice(0, heldCount));
    train.push(...members.slice(heldCount));
  }
  return {
    held: Uint32Array.from(held).sort(),
    train: Uint32Array.from(train).sort(),
  };
}

/**
 * k-fold cross-validation's test parts: the rows in a seeded random order, cut into `folds` parts
 * whose sizes differ by at most one (the first n mod k parts hold one more, as in scikit-learn's
 * KFold). Every row is in exactly one part; each part is in ascending order.
 */
export function kFolds(n: number, folds: number, random: Random): Uint32Array[] {
  checkRows(n, random);
  integerOption('folds', folds, 0, 1);
  const order = random.permutation(n);
  const parts: Uint32Array[] = [];
  let start = 0;
  for (let f = 0; f < folds; f++) {
    const size = Math.floor(n / folds) + (f < n % folds ? 1 : 0);
    parts.push(order.slice(start, start + size).sort());
    start += size;
  }
  return parts;
}

/**
 * Like kFolds, but stratified: each class's rows, shuffled, are dealt to the parts in turn, the deal
 * running on from one class to the next, so that every part holds each class's share to within one
 * row and the parts' sizes differ by at most one. `classes[i]` is row i's class index.
 */
export function stratifiedKFolds(classes: ArrayLike<number>, folds: number, random: Random): Uint32Array[] {
  checkRows(classes?.length, random); // (classes: one class index per row)
  integerOption('folds', folds, 0, 1);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < classes.length; i++) {
    const members = byClass.get(classes[i]);
    if (members === undefined) byClass.set(classes[i], [i]);
    else members.push(i);
  }
  const parts: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of random.shuffleIndices(Uint32Array.from(byClass.get(key)!))) {
      parts[next].push(row);
      next = (next + 1) % folds;
    }
  }
  return parts.map((part) => Uint32Array.from(part).sort());
}

/** The rows 0 … n−1 that are not in `part` (ascending): a fold's training rows. */
export function complement(n: number, part: Uint32Array): Uint32Array {
  const taken = new Uint8Array(n);
  for (const row of part) taken[row] = 1;
  const rest = new Uint32Array(n - part.length);
  let k = 0;
  for (let row = 0; row < n; row++) if (taken[row] === 0) rest[k++] = row;
  return rest;
}
