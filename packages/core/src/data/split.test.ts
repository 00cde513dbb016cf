import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { Random } from '../random.js';
import { kFolds, splitIndices, stratifiedKFolds } from './split.js';

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
