import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../test/datasets.js';
import { crossValidate } from './cross-validate.js';
import { selectRows } from '../data/dataset.js';
import { ConfigError, DataError } from '../errors.js';
import { classesOf, encodeLabels } from '../data/labels.js';
import { Model } from '../model/model.js';
import { Random } from '../random.js';
import { complement, kFolds, stratifiedKFolds } from '../data/split.js';

const iris = loadCsv('iris.csv', 'species');
/** An unbalanced three-class sample of iris: 20 setosa, 10 versicolor, 5 virginica. */
const rows = [...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 50 + i), ...Array.from({ length: 5 }, (_, i) => 100 + i)];
const small = selectRows(iris, rows);
const quick = { epochs: 5, hidden: [4] };

describe('k folds', () => {
  it('partition the rows into parts whose sizes differ by at most one', () => {
    const parts = kFolds(23, 5, new Random(7));
    expect(parts.map((p) => p.length)).toEqual([5, 5, 5, 4, 4]);
    expect([...parts.flatMap((p) => [...p])].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(Array.from(complement(6, Uint32Array.of(1, 4)))).toEqual([0, 2, 3, 5]);
  });

  it('keep every class share to within one row when stratified', () => {
    const classes = encodeLabels(small.targets.map((t) => String(t[0])), classesOf(small.targets.map((t) => String(t[0]))));
    const parts = stratifiedKFolds(classes, 4, new Random(3));
    expect([...parts.flatMap((p) => [...p])].sort((a, b) => a - b)).toEqual(Array.from({ length: 35 }, (_, i) => i));
    for (const [c, total] of [[0, 20], [1, 10], [2, 5]]) {
      for (const part of parts) {
        const count = [...part].filter((r) => classes[r] === c).length;
        expect(count === Math.floor(total / 4) || count === Math.ceil(total / 4)).toBe(true);
      }
    }
    expect(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length))).toBeLessThanOrEqual(1);
  });
});

describe('crossValidate', () => {
  it('scores each fold as training on the other folds and evaluating on it by hand', () => {
    const cv = crossValidate(small, quick, { folds: 3, seed: 5 });
    const classes = encodeLabels(small.targets.map((t) => String(t[0])), ['setosa', 'versicolor', 'virginica']);
    const parts = stratifiedKFolds(classes, 3, new Random(5));
    expect(cv.folds.map((f) => Array.from(f.testRows))).toEqual(parts.map((p) => Array.from(p)));
    parts.forEach((part, f) => {
      const { model } = Model.train(selectRows(small, complement(35, part)), quick);
      const evaluation = model.evaluate(selectRows(small, part));
      if (evaluation.task !== 'classification') throw new Error('expected a classification');
      expect(cv.folds[f].scores).toEqual({ accuracy: evaluation.accuracy, macroF1: evaluation.macro.f1 });
    });
    const accuracies = cv.folds.map((f) => f.scores.accuracy);
    const mean = accuracies.reduce((a, b) => a + b) / 3;
    expect(cv.mean.accuracy).toBeCloseTo(mean, 14);
    expect(cv.std.accuracy).toBeCloseTo(Math.sqrt(accuracies.reduce((s, a) => s + (a - mean) ** 2, 0) / 2), 14);
  });

  it('is reproducible under a seed, and another seed cuts other folds', () => {
    const a = crossValidate(small, quick, { folds: 3, seed: 9 });
    const b = crossValidate(small, quick, { folds: 3, seed: 9 });
    expect(b).toEqual(a);
    const c = crossValidate(small, quick, { folds: 3, seed: 10 });
    expect(c.folds.map((f) => Array.from(f.testRows))).not.toEqual(a.folds.map((f) => Array.from(f.testRows)));
  });

  it('scores a regression by mse, mae and r2 on unstratified folds', () => {
    const data = { inputs: Array.from({ length: 12 }, (_, i) => [i / 12]), targets: Array.from({ length: 12 }, (_, i) => 2 * (i / 12) + 0.5) };
    const cv = crossValidate(data, { epochs: 3, hidden: [] }, { folds: 4, seed: 1 });
    expect(cv.task).toBe('regression');
    const parts = kFolds(12, 4, new Random(1));
    expect(cv.folds.map((f) => Array.from(f.testRows))).toEqual(parts.map((p) => Array.from(p)));
    expect(Object.keys(cv.mean)).toEqual(['mse', 'mae', 'r2']);
  });

  it('refuses bad options and data with the field named', () => {
    expect(() => crossValidate(small, quick, { folds: 1 })).toThrow(ConfigError);
    expect(() => crossValidate(small, quick, { folds: 36 })).toThrow(/folds must be at most the number of rows \(35\), got 36/);
    expect(() => crossValidate(small, quick, { fold: 3 } as never)).toThrow(/fold is not an option of crossValidate: did you mean folds\?/);
    const lone = { inputs: [[0], [1], [2], [3]], targets: ['a', 'a', 'a', 'b'] };
    expect(() => crossValidate(lone, quick, { folds: 2 })).toThrow(DataError);
  });
});

describe('crossValidate refuses bad arguments with bpnn errors', () => {
  it("null train options are a ConfigError naming them", () => {
    const data = { inputs: [[0], [1], [2], [3]], targets: [[0], [1], [2], [3]] };
    expect(() => crossValidate(data, null as never)).toThrow(new ConfigError('trainOptions', "must be an object of Model.train's options, got null"));
  });
});
