/** Seeded splits of a data set's rows into a training part and a held-out part. */
import type { Random } from './random.js';

/** Row indices of the two parts of a split, each in ascending order. */
export interface Split {
  train: Uint32Array;
  held: Uint32Array;
}

/** Holds out round(fraction·n) rows drawn at random; both parts keep the rows' original order. */
export function splitIndices(n: number, fraction: number, random: Random): Split {
  const order = random.permutation(n);
  const heldCount = Math.round(n * fraction);
  return {
    held: order.slice(0, heldCount).sort(),
    train: order.slice(heldCount).sort(),
  };
}

/**
 * Like splitIndices, but holds out the same fraction of every class (stratified), so that a small
 * or unbalanced data set keeps each class on both sides. `classes[i]` is row i's class index.
 */
export function stratifiedSplit(classes: ArrayLike<number>, fraction: number, random: Random): Split {
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
    const heldCount = Math.round(members.length * fraction);
    held.push(...members.slice(0, heldCount));
    train.push(...members.slice(heldCount));
  }
  return {
    held: Uint32Array.from(held).sort(),
    train: Uint32Array.from(train).sort(),
  };
}
