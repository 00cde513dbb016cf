import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../test/datasets.js';
import { completeDataset, selectRows, trainTestSplit } from './dataset.js';
import { ConfigError, DataError } from '../errors.js';
import { Model } from '../model/model.js';

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

describe('a data set without column names', () => {
  const iris = loadCsv('iris.csv', 'species');
  const diabetes = loadCsv('diabetes.csv', 'progression');

  it('Model.train names the columns x1 … xn and y1 (as FANN data is read) and trains the model the names would', () => {
    const unnamed = Model.train({ inputs: iris.inputs, targets: iris.targets.map(([label]) => label) }, { epochs: 5 }).model;
    const named = Model.train(iris, { epochs: 5 }).model;
    expect(unnamed.inputNames).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(unnamed.targetNames).toEqual(['y1']);
    expect(unnamed.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(unnamed.network.params).toEqual(named.network.params);
    // Records use the default names; evaluate takes the same unnamed form.
    const first = unnamed.inputsFromRecords([{ x1: 5.1, x2: 3.5, x3: 1.4, x4: 0.2 }]);
    expect(unnamed.predict(first)).toEqual(named.predict([[5.1, 3.5, 1.4, 0.2]]));
    expect(unnamed.evaluate({ inputs: iris.inputs, targets: iris.targets })).toEqual(named.evaluate(iris));
  });

  it('takes a flat list of numbers as one regression target, and the given names when there are some', () => {
    const values = diabetes.targets.map(([v]) => Number(v));
    const { model } = Model.train({ inputNames: diabetes.inputNames, inputs: diabetes.inputs, targets: values }, { epochs: 3 });
    expect(model.task).toBe('regression');
    expect(model.inputNames).toEqual(diabetes.inputNames);
    expect(model.targetNames).toEqual(['y1']);
    expect(model.network.params).toEqual(Model.train(diabetes, { epochs: 3 }).model.network.params);
  });

  it('names what is wrong with a data set', () => {
    const fails = (data: unknown) => {
      try {
        completeDataset(data as never);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      return 'nothing thrown';
    };
    expect(fails([[1, 2]])).toBe('data must be a data set { inputs, targets } (inputNames and targetNames are optional), got [[1, 2]]');
    expect(fails({ inputs: [[1]], targets: 'a' })).toBe('data.targets must be a list with one row (or one label or number) per sample, got "a"');
    expect(fails({ inputs: [[1], [2]], targets: [['a'], 'b'] })).toBe('data.targets mixes rows and single values: give one row per sample, or one label or number per sample');
    expect(fails({ targets: [1] })).toBe('data.inputs is missing: one row of numbers per sample');
    expect(fails({ inputs: [[1]], target: [1] })).toBe('data.targets is missing: one row (or one label or number) per sample (data.target: did you mean targets?)');
    expect(fails({ inputs: [[1]], targets: [1], inputNames: 'a' })).toBe('data.inputNames must be a list of column names, got "a"');
    expect(() => Model.train({ inputs: [[1, 2]], inputNames: ['a'], targets: [1] })).toThrow('inputs have 2 columns but 1 names (a)');
  });

  it('a hole in a list of names is refused where it is given (Model.train made a model with an undefined name, whose file its own reader then refused)', () => {
    const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    expect(() => Model.train({ inputNames: ['a', , ] as string[], targetNames: ['y'], inputs, targets: [0, 1, 1, 0] }, { epochs: 1 })).toThrow(
      new ConfigError('data.inputNames', 'must be a list of column names, got ["a", ]'),
    );
    expect(() => Model.train({ targetNames: [, ] as unknown as string[], inputs, targets: [0, 1, 1, 0] }, { epochs: 1 })).toThrow(ConfigError);
    const { model } = Model.train({ inputs, targets: ['a', 'b', 'b', 'a'] }, { epochs: 1 });
    expect(() => new Model({ ...model, labels: ['a', , ] as string[] })).toThrow(new ConfigError('labels', 'must be a list of names (strings), got ["a", ]'));
    expect(() => new Model({ ...model, fill: [0, , ] as number[] })).toThrow(ConfigError);
    const categorical = { inputNames: ['c=x', 'c=y'], inputs: [[1, 0], [0, 1], [1, 0], [0, 1]], targets: [0, 1, 0, 1] };
    expect(Model.train({ ...categorical, categorical: [{ name: 'c', categories: ['x', 'y'] }] }, { epochs: 1 }).model.inputColumns).toEqual(['c']);
    expect(() => Model.train({ ...categorical, categorical: [{ name: 'c', categories: ['x', , ] as string[] }] }, { epochs: 1 })).toThrow(
      new ConfigError('categorical[0].categories', 'must be a list of at least one category (strings), got ["x", ]'),
    );
  });
});

describe('trainTestSplit refuses what it cannot split', () => {
  const rows = (n: number) => ({ inputNames: ['a'], targetNames: ['y'], inputs: Array.from({ length: n }, (_, i) => [i]), targets: Array.from({ length: n }, (_, i) => [i + 0.5]) });

  it('null data is a ConfigError; a part left empty is a DataError saying how many rows each part gets', () => {
    expect(() => trainTestSplit(null as never, { testFraction: 0.2 })).toThrow(new ConfigError('data', 'must be a data set { inputNames, inputs, targetNames, targets }, got null'));
    expect(() => trainTestSplit(rows(1), { testFraction: 0.5 })).toThrow(new DataError('testFraction 0.5 of 1 rows leaves 0 rows to train on and 1 to test on; each part needs at least one row'));
    expect(() => trainTestSplit(rows(3), { testFraction: 0.01 })).toThrow(new DataError('testFraction 0.01 of 3 rows leaves 3 rows to train on and 0 to test on; each part needs at least one row'));
    expect(trainTestSplit(rows(4), { testFraction: 0.5 }).test.targets).toHaveLength(2);
  });
});
