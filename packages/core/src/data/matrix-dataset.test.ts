import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { Matrix } from './matrix.js';
import { Model } from '../model/model.js';
import { Random } from '../random.js';
import { inferTaskOfCells, inferTaskOfNumbers } from './task.js';

/** A training record without its timing. */
const untimed = (model: Model) => ({ ...model.training, seconds: 0 });

/** A seeded regression set: inputs (rows, 3) in float32, two targets per row. */
function regression(rows: number) {
  const random = new Random(7);
  const inputs = new Float32Array(rows * 3).map(() => random.next() * 10 - 5);
  const targets = Array.from({ length: rows }, (_, r) => [inputs[r * 3] * 2 - inputs[r * 3 + 2], Math.round(random.next() * 100) / 4]);
  return { inputNames: ['a', 'b', 'c'], targetNames: ['y', 'z'], inputs: new Matrix(rows, 3, inputs), targets };
}

const options = { hidden: [5], epochs: 4, batchSize: 16, dtype: 'float32' as const, seed: 3, earlyStopping: false as const };

describe('Model.train on a MatrixDataset', () => {
  it('trains the model a Dataset of the same numbers trains, bit for bit, and records the same training', () => {
    const data = regression(200);
    const y = new Matrix(200, 2, Float64Array.from(data.targets.flat()));
    const rows = Model.train(data, options).model;
    const matrix = Model.train({ ...data, targets: y }, options).model;
    expect(Array.from(matrix.network.params)).toEqual(Array.from(rows.network.params));
    expect(matrix.targetScaler).toEqual(rows.targetScaler);
    expect(untimed(matrix)).toEqual(untimed(rows));
  });

  it('infers the task from the numbers as from the cells, and classifies numbers by String', () => {
    const y = new Matrix(6, 1, Float64Array.from([1, 0, 1, 0, 1, 1]));
    const cells = [[1], [0], [1], [0], [1], [1]];
    const inputs = new Matrix(6, 1, Float64Array.from([1, 2, 3, 4, 5, 6]));
    const fromMatrix = Model.train({ inputNames: ['x'], targetNames: ['k'], inputs, targets: y }, { hidden: [], epochs: 1 }).model;
    const fromRows = Model.train({ inputNames: ['x'], targetNames: ['k'], inputs, targets: cells }, { hidden: [], epochs: 1 }).model;
    expect(fromMatrix.task).toBe('classification');
    expect(fromMatrix.labels).toEqual(fromRows.labels);
    expect(Array.from(fromMatrix.network.params)).toEqual(Array.from(fromRows.network.params));
  });

  it('names the row and column of a target that is not a number', () => {
    const data = regression(10);
    const y = new Matrix(10, 2, Float64Array.from(data.targets.flat()));
    y.data[7 * 2 + 1] = NaN;
    expect(() => Model.train({ ...data, targets: y }, { ...options, task: 'regression' })).toThrow(new DataError('row 7 target "z" must be a number for regression, got NaN'));
  });
});

describe('scaleInPlace', () => {
  it('trains the same model, leaves the scaled inputs in the caller\'s matrix, and is not recorded', () => {
    const data = regression(300);
    const copy = Model.train(data, options).model;
    const own = new Matrix(300, 3, Float32Array.from(data.inputs.data));
    const inPlace = Model.train({ ...data, inputs: own }, { ...options, scaleInPlace: true }).model;
    expect(Array.from(inPlace.network.params)).toEqual(Array.from(copy.network.params));
    expect(untimed(inPlace)).toEqual(untimed(copy));
    const { offset, scale } = copy.inputScaler;
    expect(own.data[4]).toBe(Math.fround((data.inputs.data[4] - offset[1]) / scale[1]));
  });

  it("scales a MatrixDataset's targets in the caller's matrix too, with the same model", () => {
    const data = regression(300);
    const y = () => new Matrix(300, 2, Float64Array.from(data.targets.flat()));
    const copy = Model.train({ ...data, targets: y() }, options).model;
    const own = y();
    const inPlace = Model.train({ ...data, inputs: new Matrix(300, 3, Float32Array.from(data.inputs.data)), targets: own }, { ...options, scaleInPlace: true }).model;
    expect(Array.from(inPlace.network.params)).toEqual(Array.from(copy.network.params));
    expect(untimed(inPlace)).toEqual(untimed(copy));
    const { offset, scale } = copy.targetScaler!;
    expect(own.data[5]).toBe((data.targets[2][1] - offset[1]) / scale[1]);
    // Targets given as rows are never written to.
    const rows = data.targets.map((row) => [...row]);
    Model.train({ ...data, inputs: new Matrix(300, 3, Float32Array.from(data.inputs.data)) }, { ...options, scaleInPlace: true });
    expect(data.targets).toEqual(rows);
  });

  it('copies inputs of another dtype as usual', () => {
    const data = regression(50);
    const own = new Matrix(50, 3, Float64Array.from(data.inputs.data));
    Model.train({ ...data, inputs: own }, { ...options, scaleInPlace: true });
    expect(Array.from(own.data)).toEqual(Array.from(data.inputs.data));
  });
});

describe('inferTaskOfNumbers', () => {
  it("is inferTaskOfCells's answer on the same column", () => {
    const random = new Random(11);
    const pick = () => {
      const u = random.next();
      if (u < 0.6) return Math.floor(random.next() * 29) - 3;
      if (u < 0.8) return [0.5, -0, NaN, Infinity, 1e21][Math.floor(random.next() * 5)];
      return (random.next() - 0.5) * 10 ** Math.floor(random.next() * 30 - 10);
    };
    for (let run = 0; run < 3000; run++) {
      const values = Array.from({ length: Math.floor(random.next() * 60) }, pick);
      const column = run % 2 === 0 ? [...values, ...values, ...values] : values;
      const outcome = (infer: () => string) => {
        try {
          return infer();
        } catch (error) {
          return (error as Error).message; // a gap (NaN, ±Infinity) among numbers, the same error from both
        }
      };
      expect(outcome(() => inferTaskOfNumbers(Float64Array.from(column)))).toBe(outcome(() => inferTaskOfCells(new Set(column), column.length)));
    }
  });
});
