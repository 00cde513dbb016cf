import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, MissingValueError } from '../errors.js';
import { Model } from '../model/model.js';
import { trainModelOnRows } from '../model/model-rows.js';
import { Matrix } from './matrix.js';
import { matrixRows } from './row-source.js';

/** Rows with missing values (null), and the same rows filled by hand with each column's mean. */
const withGaps = [[1, null, 5], [3, 4, 7], [null, 8, 9], [4, 6, null]];
// column means over the values present: (1 + 3 + 4) / 3, (4 + 8 + 6) / 3, (5 + 7 + 9) / 3
const means = [8 / 3, 6, 7];
const filled = [[1, 6, 5], [3, 4, 7], [8 / 3, 8, 9], [4, 6, 7]];
const targets = [0.5, 1.5, 2.5, 3.5];
const options = { task: 'regression' as const, hidden: [3], epochs: 20, seed: 4 };

describe("missing: 'mean'", () => {
  it('fills each missing input with its column mean, and trains the network that the hand-filled rows train, bit for bit', () => {
    const { model } = Model.train({ inputs: withGaps as number[][], targets }, { ...options, missing: 'mean' });
    expect(model.fill).toEqual(means);
    const reference = Model.train({ inputs: filled, targets }, options).model;
    expect(Array.from(model.network.params)).toEqual(Array.from(reference.network.params));
    // A Matrix with NaN reads as rows with null do, and is left as the caller gave it.
    const x = Matrix.fromRows(filled);
    x.data[1] = NaN;
    const again = Model.train({ inputs: x, targets }, { ...options, missing: 'mean' }).model;
    expect(Number.isNaN(x.data[1])).toBe(true);
    expect(again.fill![1]).toBe((8 + 4 + 6) / 3);
  });

  it('predicts a row with a missing value as the row with its fill, from rows, a Matrix and records, and keeps the fill in its file', () => {
    const { model } = Model.train({ inputNames: ['a', 'b', 'c'], inputs: withGaps as number[][], targets }, { ...options, missing: 'mean' });
    const want = model.outputs([[2, 6, 7]]).get(0, 0);
    expect(model.outputs([[2, null, 7]] as unknown as number[][]).get(0, 0)).toBe(want);
    expect(model.outputs(new Matrix(1, 3, Float64Array.from([2, NaN, 7]))).get(0, 0)).toBe(want);
    expect(model.outputs(model.inputsFromRecords([{ a: 2, b: null, c: 7 }])).get(0, 0)).toBe(want);
    const back = Model.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(back.fill).toEqual(means);
    expect(back.outputs([[2, null, 7]] as unknown as number[][]).get(0, 0)).toBe(want);
    expect(model.evaluate({ inputs: [[null, 4, 7]] as unknown as number[][], targets: [1] }).task).toBe('regression');
  });

  it('fills the 0/1 inputs of a missing category with each category\'s share of the training rows', () => {
    const inputs = [[1, 0, 10], [0, 1, 20], [1, 0, 30], [null, null, 40]] as unknown as number[][];
    const data = { inputNames: ['g=a', 'g=b', 'x'], inputs, targets, categorical: [{ name: 'g', categories: ['a', 'b'] }] };
    const { model } = Model.train(data, { ...options, missing: 'mean' });
    expect(model.fill).toEqual([2 / 3, 1 / 3, 25]);
    const x = model.inputsFromRecords([{ g: null, x: 5 }]);
    expect(model.outputs(x).get(0, 0)).toBe(model.outputs([[2 / 3, 1 / 3, 5]]).get(0, 0));
  });

  it('is refused where it cannot be: missing values without it, a column with no value, rows read a run at a time, a warm start', () => {
    expect(() => Model.train({ inputNames: ['a', 'b', 'c'], inputs: withGaps as number[][], targets }, options)).toThrow(
      new MissingValueError('inputs row 0 column "b" is missing (NaN)'),
    );
    expect(() => Model.train({ inputs: [[1, null], [2, null]] as unknown as number[][], targets: [1, 2] }, { ...options, missing: 'mean' })).toThrow('input column "x2" has no value in any training row: every one is missing');
    expect(() => Model.train({ inputs: filled, targets }, { ...options, missing: 'median' as never })).toThrow(new ConfigError('missing', 'must be "error" or "mean", got "median"'));
    const model = Model.train({ inputs: filled, targets }, options).model;
    // A model trained without them refuses them, and says which model would take them.
    for (const gap of [null, NaN]) {
      expect(() => model.outputs([[1, gap, 2]] as unknown as number[][])).toThrow(
        new MissingValueError('inputs row 0 column "x2" is missing (NaN)', false, true),
      );
    }
    const refused = (() => { try { model.predict([[1, NaN, 2]]); } catch (error) { return error; } })();
    expect(refused).toBeInstanceOf(DataError);
    expect((refused as Error).message).toBe('inputs row 0 column "x2" is missing (NaN) (the model was trained without missing values; one trained with missing: \'mean\' fills them with its training means)');
    expect((refused as MissingValueError).withRemedy('--missing mean', false)).toBe('inputs row 0 column "x2" is missing (NaN) (--missing mean fills missing values with their column\'s mean)');
    expect(() => Model.train({ inputs: filled, targets }, { from: model, missing: 'mean' })).toThrow(/^missing cannot be given with from/);
    const rows = { inputNames: ['a', 'b', 'c'], targetNames: ['y'], source: matrixRows(Matrix.fromRows(filled), Matrix.fromRows(targets.map((t) => [t]))) };
    expect(() => trainModelOnRows(rows, { ...options, from: model })).toThrow(/^from is not taken by trainModelOnRows/);
  });

  it('trains from rows read a run at a time as Model.train trains in memory, bit for bit, float64 and float32 rows', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = new Matrix(4, 3, dtype === 'float32' ? Float32Array.from(withGaps.flat().map((v) => v ?? NaN)) : Float64Array.from(withGaps.flat().map((v) => v ?? NaN)));
      const y = Matrix.fromRows(targets.map((t) => [t]));
      const streamed = trainModelOnRows({ inputNames: ['a', 'b', 'c'], targetNames: ['y'], source: matrixRows(x, y), inputType: dtype }, { ...options, missing: 'mean', shuffle: false });
      const held = Model.train({ inputNames: ['a', 'b', 'c'], inputs: x, targetNames: ['y'], targets: y }, { ...options, missing: 'mean', shuffle: false });
      expect(streamed.model.fill).toEqual(held.model.fill);
      expect(streamed.model.inputScaler).toEqual(held.model.inputScaler);
      expect(Array.from(streamed.model.network.params)).toEqual(Array.from(held.model.network.params));
    }
  });
});
