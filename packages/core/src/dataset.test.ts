import { describe, expect, it } from 'vitest';
import { loadCsv } from '../test/datasets.js';
import { selectRows, trainTestSplit } from './dataset.js';

describe('trainTestSplit', () => {
  const iris = loadCsv('iris.csv', 'species');
  const count = (targets: ReadonlyArray<ReadonlyArray<string | number>>) =>
    targets.reduce<Record<string, number>>((acc, [label]) => ((acc[label] = (acc[label] ?? 0) + 1), acc), {});

  it('holds out the same share of each class, the same way for the same seed', () => {
    const { train, test } = trainTestSplit(iris, { testFraction: 0.2, seed: 5 });
    expect(count(test.targets)).toEqual({ setosa: 10, versicolor: 10, virginica: 10 });
    expect(count(train.targets)).toEqual({ setosa: 40, versicolor: 40, virginica: 40 });
    expect(trainTestSplit(iris, { testFraction: 0.2, seed: 5 }).test).toEqual(test);
    expect(trainTestSplit(iris, { testFraction: 0.2, seed: 6 }).test).not.toEqual(test);
  });

  it('selects rows with their targets', () => {
    const picked = selectRows(iris, [149, 0]);
    expect(picked.targets).toEqual([['virginica'], ['setosa']]);
    expect((picked.inputs as { toRows(): number[][] }).toRows()).toEqual([(iris.inputs as number[][])[149], (iris.inputs as number[][])[0]]);
  });
});
