import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { Random } from '../random.js';
import { kFolds, splitIndices, stratifiedKFolds, stratifiedSplit } from './split.js';

describe('splits refuse bad arguments with bpnn errors', () => {
  it('a row count, fraction, fold count or generator out of range is a ConfigError naming it', () => {
    expect(() => splitIndices(-1, 0.2, new Random(1))).toThrow(new ConfigError('n', '(the rows) must be a whole number ≥ 0, got -1'));
    expect(() => splitIndices(10, 2, new Random(1))).toThrow(new ConfigError('fraction', 'must be a number ≥ 0 and ≤ 1, got 2'));
    expect(() => kFolds(5, 2, null as never)).toThrow(new ConfigError('random', 'must be a Random (new Random(seed)), got null'));
    expect(() => kFolds(5, 0, new Random(1))).toThrow(new ConfigError('folds', 'must be a whole number ≥ 1, got 0'));
    expect(() => stratifiedKFolds(null as never, 2, new Random(1))).toThrow(new ConfigError('n', '(the rows) must be a whole number ≥ 0, got nothing'));
    expect(kFolds(5, 2, new Random(1)).map((part) => part.length)).toEqual([3, 2]);
  });
});

describe('stratifiedSplit', () => {
  it('holds out round(fraction·n) rows of each class, but never all of a class: one row of each stays to train on', () => {
    // Classes 0 (6 rows), 1 (3 rows), 2 (1 row). At 0.5: 3 of class 0, round(1.5) = 2 of class 1,
    // and round(0.5) = 1 of class 2 would be all of it, so it stays.
    const classes = [0, 1, 0, 2, 0, 1, 0, 0, 1, 0];
    const { train, held } = stratifiedSplit(classes, 0.5, new Random(3));
    const count = (rows: Uint32Array, k: number) => Array.from(rows).filter((r) => classes[r] === k).length;
    expect([0, 1, 2].map((k) => count(held, k))).toEqual([3, 2, 0]);
    expect([0, 1, 2].map((k) => count(train, k))).toEqual([3, 1, 1]);
    // At 0.9 round(0.9·3) = 3 and round(0.9·6) = 5: each class keeps one row to train on.
    const most = stratifiedSplit(classes, 0.9, new Random(3));
    expect([0, 1, 2].map((k) => count(most.train, k))).toEqual([1, 1, 1]);
    expect([...most.train, ...most.held].sort((a, b) => a - b)).toEqual(classes.map((_, i) => i));
  });
});
