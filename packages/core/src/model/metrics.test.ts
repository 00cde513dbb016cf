import { describe, expect, it } from 'vitest';
import { Matrix } from '../data/matrix.js';
import { accuracy, bitFail, classificationReport, confusionMatrix, meanSquaredError, regressionReport } from './metrics.js';
import { ConfigError, DataError, ShapeError } from '../errors.js';
import { Network } from '../network/network.js';
import { networkBitFail } from '../training/bit-fail.js';

describe('metrics', () => {
  // Worked by hand: 3 cats (2 found), 2 dogs (1 found, 1 called cat), 1 bird called dog.
  const actual = ['cat', 'cat', 'cat', 'dog', 'dog', 'bird'];
  const predicted = ['cat', 'cat', 'dog', 'dog', 'cat', 'dog'];

  it('counts a confusion matrix with actual classes as rows', () => {
    expect(confusionMatrix(actual, predicted, ['bird', 'cat', 'dog']).counts).toEqual([
      [0, 0, 1],
      [0, 2, 1],
      [0, 1, 1],
    ]);
  });

  it('computes precision, recall and F1 per class and their averages', () => {
    const report = classificationReport(actual, predicted, ['bird', 'cat', 'dog']);
    expect(report.accuracy).toBeCloseTo(3 / 6, 15);
    const [bird, cat, dog] = report.classes;
    expect(bird).toEqual({ label: 'bird', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(cat.precision).toBeCloseTo(2 / 3, 15);
    expect(cat.recall).toBeCloseTo(2 / 3, 15);
    expect(dog.precision).toBeCloseTo(1 / 3, 15);
    expect(dog.recall).toBeCloseTo(1 / 2, 15);
    expect(dog.f1).toBeCloseTo(0.4, 15);
    expect(report.macro.f1).toBeCloseTo((0 + 2 / 3 + 0.4) / 3, 15);
    expect(report.weighted.recall).toBeCloseTo(0.5, 15); // weighted recall equals accuracy
  });

  it("leaves out of the macro average the model's classes that neither the data nor the predictions hold, as scikit-learn does", () => {
    // scikit-learn 1.2: precision_recall_fscore_support(y, p, average='macro', zero_division=0)
    const one = classificationReport(['a', 'a', 'b'], ['a', 'b', 'b'], ['a', 'b', 'c']);
    expect(one.macro.precision).toBeCloseTo(0.75, 15);
    expect(one.macro.recall).toBeCloseTo(0.75, 15);
    expect(one.macro.f1).toBeCloseTo(0.6666666666666666, 15);
    expect(one.classes[2]).toEqual({ label: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
    // a class only predicted counts: (['a','a','b','b'], ['a','c','b','b']) → 0.6667, 0.5, 0.5556
    const two = classificationReport(['a', 'a', 'b', 'b'], ['a', 'c', 'b', 'b'], ['a', 'b', 'c', 'd']);
    expect([two.macro.precision, two.macro.recall, two.macro.f1].map((v) => v.toFixed(12))).toEqual([2 / 3, 0.5, 0.5555555555555556].map((v) => v.toFixed(12)));
    // one class, all right: 1, not 1/3
    expect(classificationReport(['a', 'a'], ['a', 'a'], ['a', 'b', 'c']).macro).toEqual({ precision: 1, recall: 1, f1: 1, support: 2 });
    expect(classificationReport([], [], ['a', 'b']).macro).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('computes MSE, MAE and R² (scikit-learn: r2_score([3,-0.5,2,7],[2.5,0,2,8]) = 0.9486)', () => {
    const report = regressionReport(Matrix.fromRows([[3], [-0.5], [2], [7]]), Matrix.fromRows([[2.5], [0], [2], [8]]));
    expect(report.mse).toBeCloseTo(0.375, 15);
    expect(report.mae).toBeCloseTo(0.5, 15);
    expect(report.r2).toBeCloseTo(0.9486081370449679, 12);
  });

  it('takes rows of numbers as every other function does (they were read as a Matrix: NaN scores, or a TypeError in bitFail)', () => {
    const actual = [[3], [-0.5], [2], [7]];
    const predicted = [[2.5], [0], [2], [8]];
    expect(regressionReport(actual, predicted)).toEqual(regressionReport(Matrix.fromRows(actual), Matrix.fromRows(predicted)));
    expect(meanSquaredError(actual, predicted)).toBeCloseTo(0.375, 15);
    expect(bitFail(actual, predicted, 0.5)).toBe(3); // |d| = 0.5, 0.5, 0, 1
    expect(() => meanSquaredError([[1, 2]], [[1]])).toThrow(new ShapeError('actual values have shape (1, 2), predictions (1, 1)'));
    expect(() => regressionReport([[1]], [[NaN]])).toThrow(new DataError('predictions row 0 column 0 must be a finite number, got NaN'));
    expect(() => bitFail(null as never, [[1]])).toThrow(DataError);
    expect(() => accuracy(null as never, ['a'])).toThrow(new DataError('actual labels must be a list, got null'));
    expect(() => confusionMatrix(['a'], 'a' as never, ['a'])).toThrow(new DataError('predicted labels must be a list, got "a"'));
  });
});

describe('bitFail', () => {
  it('refuses a limit that is not > 0, as networkBitFail and stopAtBitFail do', () => {
    const a = Matrix.fromRows([[1]]);
    const p = Matrix.fromRows([[0]]);
    expect(() => bitFail(a, p, -1)).toThrow(new ConfigError('limit', 'must be a number > 0, got -1'));
    expect(() => bitFail(a, p, NaN)).toThrow(new ConfigError('limit', 'must be a number > 0, got NaN'));
    expect(() => networkBitFail(new Network({ layers: [1, 1] }), [[1]], [[0]], -1)).toThrow(new ConfigError('limit', 'must be a number > 0, got -1'));
    expect(bitFail(a, p, 0.5)).toBe(1);
  });
});
