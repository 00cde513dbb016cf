import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { classesOf, encodeLabels } from '../data/labels.js';
import { Matrix, type FloatArray } from '../data/matrix.js';
import { Model } from './model.js';
import { trainModelOnRows } from './model-rows.js';
import { Random } from '../random.js';
import { matrixRows, type RowSource } from '../data/row-source.js';
import { fitScaler } from '../data/scaler.js';
import { fitScalerOfRows, fitScalersOfRows } from '../data/scaler-rows.js';
import { Network } from '../network/network.js';
import { fit, fitRows } from '../training/train.js';

/** 40,000 rows (three blocks of STREAM_BLOCK_ROWS): 3 inputs, a class label and a number. */
function dataSet(rows = 40000) {
  const random = new Random(7);
  const x = Matrix.zeros(rows, 3);
  const labels: string[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < 3; c++) x.data[r * 3 + c] = random.next() * 10 - 3 + c;
    const s = x.data[r * 3] - x.data[r * 3 + 1];
    labels.push(s > 1 ? 'b' : s > -2 ? 'a' : 'c');
    values.push(2 * s + x.data[r * 3 + 2] * 0.5);
  }
  return { x, labels, values };
}

/** A row source that records which rows were read. */
function spied(source: RowSource, seen: number[]): RowSource {
  return {
    ...source,
    read(start: number, count: number, inputs: FloatArray, targets: FloatArray) {
      for (let r = start; r < start + count; r++) seen.push(r);
      source.read(start, count, inputs, targets);
    },
  };
}

const options = { hidden: [5], epochs: 2, batchSize: 32, shuffle: false, seed: 3 } as const;

describe('training from a row source', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`gives Model.train's weights bit for bit without shuffling (classification, ${dtype})`, () => {
      const { x, labels } = dataSet();
      const { model: held } = Model.train({ inputs: x, targets: labels, inputNames: ['p', 'q', 'r'], targetNames: ['k'] }, { ...options, dtype });
      const classes = classesOf(labels);
      const codes = Matrix.fromRows(Array.from(encodeLabels(labels, classes), (i) => [i]));
      const source = matrixRows(x, codes);
      const { model: streamed } = trainModelOnRows({ inputNames: ['p', 'q', 'r'], targetNames: ['k'], labels: classes, source }, { ...options, dtype });
      expect(streamed.inputScaler).toEqual(held.inputScaler);
      expect(streamed.labels).toEqual(held.labels);
      expect(Array.from(streamed.network.params)).toEqual(Array.from(held.network.params));
    });
  }

  it("gives Model.train's weights bit for bit without shuffling (regression, scaled targets)", () => {
    const { x, values } = dataSet();
    const { model: held } = Model.train({ inputs: x, targets: values }, { ...options, dtype: 'float32' });
    const source = matrixRows(x, Matrix.fromRows(values.map((v) => [v])));
    const { model: streamed } = trainModelOnRows({ inputNames: ['x1', 'x2', 'x3'], targetNames: ['y1'], source }, { ...options, dtype: 'float32' });
    expect(streamed.targetScaler).toEqual(held.targetScaler);
    expect(Array.from(streamed.network.params)).toEqual(Array.from(held.network.params));
  });

  it("gives Model.train's weights bit for bit with shuffling when the data set is one block", () => {
    const { x, labels } = dataSet(1000);
    const shuffled = { ...options, shuffle: true, epochs: 3 };
    const { model: held } = Model.train({ inputs: x, targets: labels }, shuffled);
    const classes = classesOf(labels);
    const source = matrixRows(x, Matrix.fromRows(Array.from(encodeLabels(labels, classes), (i) => [i])));
    const { model: streamed } = trainModelOnRows({ inputNames: ['x1', 'x2', 'x3'], targetNames: ['y1'], labels: classes, source }, shuffled);
    expect(Array.from(streamed.network.params)).toEqual(Array.from(held.network.params));
  });

  it('shuffles blocks and the rows in them: every row once an epoch, the same weights for the same seed', () => {
    const { x, values } = dataSet(20000);
    const y = Matrix.fromRows(values.map((v) => [v]));
    const seen: number[] = [];
    const train = (source: RowSource) => {
      const network = new Network({ layers: [3, 4, 1], seed: 1 });
      fitRows(network, source, { epochs: 3, batchSize: 10, seed: 9 });
      return Array.from(network.params);
    };
    const once = train(spied(matrixRows(x, y), seen));
    expect(train(matrixRows(x, y))).toEqual(once);
    // Read whole blocks of 16,384 and 3,616 rows, in a shuffled block order, each epoch.
    for (let epoch = 0; epoch < 3; epoch++) {
      const rows = seen.slice(epoch * 20000, (epoch + 1) * 20000);
      expect(new Set(rows).size).toBe(20000);
    }
    const held = new Network({ layers: [3, 4, 1], seed: 1 });
    fit(held, x, y, { epochs: 3, batchSize: 10, seed: 9 });
    expect(Array.from(held.params)).not.toEqual(once); // in-memory training shuffles rows, not blocks
  });

  it('fits scalers to the same bits as fitScaler, in streaming passes (inputs and targets together)', () => {
    const { x, values } = dataSet(20000);
    const source = matrixRows(x, Matrix.fromRows(values.map((v) => [v])));
    for (const kind of ['standard', 'minmax', 'none'] as const) {
      expect(fitScalerOfRows(kind, source, 'inputs')).toEqual(fitScaler(kind, x));
      expect(fitScalerOfRows(kind, source, 'targets')).toEqual(fitScaler(kind, Matrix.fromRows(values.map((v) => [v]))));
    }
    // Both scalers in two passes over the rows.
    const seen: number[] = [];
    const both = fitScalersOfRows(spied(source, seen), { inputs: 'standard', targets: 'standard' });
    expect(both).toEqual({ inputs: fitScaler('standard', x), targets: fitScaler('standard', Matrix.fromRows(values.map((v) => [v]))) });
    expect(seen.length).toBe(2 * 20000);
  });

  it('refuses what a row source cannot give: the full gradient (rprop) and validation', () => {
    const { x, values } = dataSet(100);
    const source = matrixRows(x, Matrix.fromRows(values.map((v) => [v])));
    const data = { inputNames: ['a', 'b', 'c'], targetNames: ['y'], source };
    expect(() => trainModelOnRows(data, { optimizer: 'rprop' })).toThrow(ConfigError);
    expect(() => trainModelOnRows(data, { validationSplit: 0.2 })).toThrow(/validationSplit is not taken when training from a row source/);
    expect(() => trainModelOnRows({ ...data, labels: ['a', 'b'] }, { epochs: 1 })).toThrow(/row 0 has the class index -?\d.*, expected a whole number in \[0, 2\)/);
  });

  it('refuses, as Model.train does, a column too large to scale, naming it', () => {
    const x = Matrix.fromRows([[1, 1e300], [2, -1e300], [3, 1e300]]);
    const source = matrixRows(x, Matrix.fromRows([[1], [2], [3]]));
    expect(() => trainModelOnRows({ inputNames: ['a', 'b'], targetNames: ['y'], source }, { epochs: 1 })).toThrow('input column "b" cannot be scaled: its values are too large');
    const y = matrixRows(Matrix.fromRows([[1], [2], [3]]), Matrix.fromRows([[1e300], [-1e300], [0]]));
    expect(() => trainModelOnRows({ inputNames: ['a'], targetNames: ['y'], source: y }, { epochs: 1 })).toThrow('target column "y" cannot be scaled');
  });
});

describe('trainModelOnRows refuses bad arguments with bpnn errors', () => {
  it('null data, a null source and a source of NaN, 1.5 or −1 rows are ConfigErrors naming the field', () => {
    const source = matrixRows(Matrix.fromRows([[1], [2], [3], [4]]), Matrix.fromRows([[1], [2], [3], [4]]));
    const data = (s: unknown) => ({ inputNames: ['a'], targetNames: ['y'], source: s as RowSource });
    expect(() => trainModelOnRows(null as never)).toThrow(new ConfigError('data', 'must be rows to train on { inputNames, targetNames, labels?, source }, got null'));
    expect(() => trainModelOnRows(data(null))).toThrow(/^data\.source must be a RowSource \{ rows, inputSize, outputSize, read/);
    for (const [rows, shown] of [[NaN, 'NaN'], [1.5, '1.5'], [-1, '-1']] as const) {
      expect(() => trainModelOnRows(data({ ...source, rows }), { epochs: 1 })).toThrow(new ConfigError('data.source.rows', `must be a whole number ≥ 0, got ${shown}`));
    }
  });
});
