import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../test/datasets.js';
import { trainTestSplit } from '../data/dataset.js';
import { ConfigError, DataError, ShapeError } from '../errors.js';
import { Model, type TrainOptions } from './model.js';
import { Network } from '../network/network.js';

const iris = loadCsv('iris.csv', 'species');

/** The fixed split of the iris tests: 30 % of each class held out, seed 1. */
const irisSplit = () => trainTestSplit(iris, { testFraction: 0.3, seed: 1 });

describe('Model', () => {
  it('reaches ≥ 0.93 test accuracy on iris with default options', () => {
    const { train, test } = irisSplit();
    const { model, result } = Model.train(train);
    expect(model.task).toBe('classification');
    expect(model.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(result.epochs).toBe(200);
    const evaluation = model.evaluate(test);
    expect(evaluation.task).toBe('classification');
    if (evaluation.task !== 'classification') return;
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(evaluation.confusion.counts.flat().reduce((a, b) => a + b)).toBe(45);
    expect(model.training).toMatchObject({ rows: 105, epochs: 200, seed: 42, stoppedBy: 'epochs' });
  });

  it('trains the same model twice from the same seed, to the bit, in float32 too', () => {
    const { train } = irisSplit();
    for (const dtype of ['float64', 'float32'] as const) {
      const a = Model.train(train, { epochs: 20, dtype, seed: 3, validationSplit: 0.2 }).model;
      const b = Model.train(train, { epochs: 20, dtype, seed: 3, validationSplit: 0.2 }).model;
      expect(Array.from(a.network.params)).toEqual(Array.from(b.network.params));
      expect(a.training!.valLoss).toBe(b.training!.valLoss);
    }
  });

  it("passes onEpoch the model being trained: its JSON form at epoch k is the model a k-epoch training gives", () => {
    const { train } = irisSplit();
    const options = { epochs: 6, seed: 5, hidden: [4], earlyStopping: false } as const;
    const seen: Array<{ epoch: number; json: unknown }> = [];
    let passed: Model | undefined;
    const { model } = Model.train(train, { ...options, onEpoch: (info, current) => ((passed = current), void seen.push({ epoch: info.epoch, json: JSON.parse(JSON.stringify(current)) })) });
    expect(passed).toBe(model);
    expect(seen.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const inputs = (iris.inputs as number[][]).slice(0, 10);
    for (const k of [1, 4]) {
      const reference = Model.train(train, { ...options, epochs: k }).model;
      expect(Array.from(Model.fromJSON(seen[k - 1].json).outputs(inputs).data)).toEqual(Array.from(reference.outputs(inputs).data));
    }
    expect(Array.from(Model.fromJSON(seen[5].json).outputs(inputs).data)).toEqual(Array.from(model.outputs(inputs).data));
    expect(seen[0].json).not.toEqual(seen[5].json);
  });

  it('predicts labels and probabilities from raw inputs and from named records', () => {
    const { model } = Model.train(iris, { epochs: 50 });
    const setosa = (iris.inputs as number[][])[0];
    const prediction = model.predict([setosa]);
    expect(prediction.task).toBe('classification');
    if (prediction.task !== 'classification') return;
    expect(prediction.labels).toEqual(['setosa']);
    const p = Array.from(prediction.probabilities.row(0));
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 6); // float32, the default dtype: a sum within its rounding
    const record = Object.fromEntries(iris.inputNames.map((name, i) => [name, setosa[i]]));
    expect(Array.from(model.outputs(model.inputsFromRecords([record])).row(0))).toEqual(p);
    expect(() => model.inputsFromRecords([{ ...record, colour: 1 }])).toThrow('row 0 has columns the model does not know: "colour"');
    const { 'petal width (cm)': _, ...missing } = record;
    expect(() => model.inputsFromRecords([missing])).toThrow('row 0 is missing column "petal width (cm)"');
    expect(() => model.inputsFromRecords([{ ...record, 'petal width (cm)': 'wide' }])).toThrow('row 0 column "petal width (cm)" must be a finite number, got "wide"');
  });

  it('learns a regression in the targets own units (diabetes)', () => {
    const diabetes = loadCsv('diabetes.csv', 'progression');
    const { train, test } = trainTestSplit(diabetes, { testFraction: 0.25, seed: 1 });
    const { model } = Model.train(train, { epochs: 100, earlyStopping: { patience: 10 }, validationSplit: 0.15 });
    expect(model.task).toBe('regression');
    const evaluation = model.evaluate(test);
    if (evaluation.task !== 'regression') throw new Error('expected a regression');
    // Ordinary least squares reaches R² ≈ 0.45 on this data; a mean predictor 0.
    expect(evaluation.r2).toBeGreaterThan(0.3);
    const prediction = model.predict([(diabetes.inputs as number[][])[0]]);
    if (prediction.task !== 'regression') throw new Error('expected a regression');
    expect(prediction.values.get(0, 0)).toBeGreaterThan(25); // targets run from 25 to 346
  });

  it('refuses labels unseen at training time, naming the row and the label', () => {
    const { model } = Model.train(iris, { epochs: 2 });
    const odd = { ...iris, inputs: (iris.inputs as number[][]).slice(0, 2), targets: [['setosa'], ['rose']] };
    expect(() => model.evaluate(odd)).toThrow(DataError);
    expect(() => model.evaluate(odd)).toThrow('targets row 1 is "rose", a class the model was not trained on (it knows ["setosa", "versicolor", "virginica"])');
  });

  it('refuses bad data and options with a message that names them', () => {
    expect(() => Model.train({ ...iris, targets: iris.targets.map(() => ['setosa']) })).toThrow('target "species" has only the class ["setosa"]; classification needs at least 2');
    expect(() => Model.train({ ...iris, inputNames: ['a', 'b'] })).toThrow(/inputs have 4 columns but 2 names/);
    expect(() => Model.train(iris, { hidden: [0] })).toThrow(new ConfigError('hidden[0]', 'must be a whole number ≥ 1, got 0'));
    expect(() => Model.train(iris, { targetScaling: 'minmax' })).toThrow(new ConfigError('targetScaling', "scales a regression's targets, but the task is classification (its targets are classes); leave it out"));
    expect(() => Model.train(iris, { scaling: 'log' as never })).toThrow('scaling must be one of standard, minmax, none, got "log"');
    expect(() => Model.train({ ...iris, targets: iris.targets.map((r, i) => (i === 7 ? ['n/a'] : [i])) }, { task: 'regression' })).toThrow(
      'row 7 target "species" must be a number for regression, got "n/a"',
    );
    const bad = (iris.inputs as number[][]).map((row, i) => (i === 5 ? [row[0], NaN, row[2], row[3]] : row));
    expect(() => Model.train({ ...iris, inputs: bad })).toThrow(`inputs row 5 column "sepal width (cm)" is missing (NaN) (missing: 'mean' fills missing values with their column's mean)`);
    const infinite = (iris.inputs as number[][]).map((row, i) => (i === 5 ? [row[0], Infinity, row[2], row[3]] : row));
    expect(() => Model.train({ ...iris, inputs: infinite })).toThrow('inputs row 5 column 1 must be a finite number or missing (null), got Infinity');
  });

  it('checks data and options as train does, without training (Model.check): each refusal is the one train gives', () => {
    const data = { inputNames: ['a', 'b'], inputs: [[1, 2], [3, 4], [5, 6], [7, 8], [2, 1], [4, 3]], targetNames: ['y'], targets: [['x'], ['z'], ['x'], ['z'], ['x'], ['z']] };
    let epochs = 0;
    const onEpoch = () => void epochs++;
    expect(Model.check(data, { onEpoch })).toBeUndefined();
    const cases: TrainOptions[] = [
      { classWeights: { x: 1, nope: 2 } },
      { classWeights: [1, 2, 3] },
      { hidden: [4], dropout: [0.5, 0.5] },
      { validationSplit: 0.01 }, // no row held out (a stratified split never holds out a class whole, so a large share trains)
      { task: 'regression' },
      { loss: 'binary-cross-entropy' },
      { outputActivation: 'relu' },
      { batchSize: 0 },
    ];
    for (const options of cases) {
      const trained = (() => { try { Model.train(data, { ...options, epochs: 1 }); return 'trained'; } catch (error) { return (error as Error).message; } })();
      expect(trained, JSON.stringify(options)).not.toBe('trained');
      expect(() => Model.check(data, { ...options, onEpoch }), JSON.stringify(options)).toThrow(trained);
    }
    expect(epochs).toBe(0);
    expect(() => Model.check(data, { epoch: 3 } as never)).toThrow('epoch is not an option of Model.check');
  });

  it('refuses to predict an output that overflowed, naming the row and the output, rather than a NaN', () => {
    // A slope of 1e308 below 0: finite, but a negative z times it is -Infinity, and softmax then NaN.
    const network = new Network({ layers: [1, 2, 2], activation: [{ name: 'leaky-relu', alpha: 1e308 }, 'softmax'], loss: 'categorical-cross-entropy', dtype: 'float64' });
    network.params.set([1, -1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const model = new Model({ task: 'classification', network, inputNames: ['a'], targetNames: ['y'], labels: ['p', 'q'], inputScaler: { kind: 'none', offset: [0], scale: [1] } });
    expect(model.predict([[0.5]]).task).toBe('classification'); // z = (0.5, −0.5): −0.5e308, finite
    expect(() => model.predict([[0.5], [5]])).toThrow(new DataError('inputs row 1: the model\'s output "p" is NaN, not a number: its weights overflow float64 for this input'));
  });

  it('names a target too large for the model once scaled (encode, which explain uses), in float32 and float64', () => {
    // targets of spread 0.15: a target of 1e308 is 7e308 once scaled
    const data = { inputNames: ['a'], inputs: [[1], [2], [3], [4]], targetNames: ['y'], targets: [['0.1'], ['0.2'], ['0.3'], ['0.5']] };
    for (const [dtype, value, range] of [['float32', 1e38, "float32's range (±3.4e38)"], ['float64', 1e308, "float64's range (±1.8e308)"]] as const) {
      const model = Model.train(data, { task: 'regression', epochs: 1, dtype }).model;
      const big = { ...data, targets: [['0.1'], [String(value)], ['0.3'], ['0.5']] };
      expect(() => model.encode(big)).toThrow(new DataError(`targets row 1 column "y": ${value} is too large for this model: scaled by its training statistics, it is beyond ${range}`));
    }
  });

  it('evaluates data by its column names: the same in another order are reordered, others refused; no rows is an error', () => {
    const train = { inputs: [[0, 1], [1, 0], [2, 5], [3, 1], [1, 1], [2, 2]], targets: [1, 2, 8, 4, 2, 4], inputNames: ['a', 'b'] };
    const model = Model.train(train, { epochs: 5, seed: 1 }).model;
    const same = model.evaluate({ inputs: [[1, 4]], targets: [1], inputNames: ['a', 'b'] });
    const swapped = model.evaluate({ inputs: [[4, 1]], targets: [1], inputNames: ['b', 'a'] });
    expect(swapped).toEqual(same);
    expect(model.evaluate({ inputs: [[1, 4]], targets: [1] })).toEqual(same); // unnamed: the model's order
    expect(() => model.evaluate({ inputs: [[1, 4]], targets: [1], inputNames: ['p', 'q'] })).toThrow('data.inputNames lacks "a", "b" and has "p", "q", which the model does not take; the model takes "a", "b"');
    expect(() => model.evaluate({ inputs: [[1, 4]], targets: [1], inputNames: ['a', 'b'], targetNames: ['z'] })).toThrow('data.targetNames are "z", the model\'s "y1"');
    expect(() => model.evaluate({ inputs: [], targets: [] })).toThrow(new DataError('the data has no rows to evaluate the model on'));
  });

  it('refuses parts that are not a model\'s, and labels named twice, naming the field', () => {
    const { model } = Model.train({ inputs: [[1], [2], [3], [4]], targets: ['p', 'q', 'p', 'q'] }, { epochs: 1 });
    expect(() => new Model(null as never)).toThrow(/^parts must be a model's parts/);
    expect(() => new Model({} as never)).toThrow('task must be classification or regression, got nothing');
    expect(() => new Model({ ...model, network: null } as never)).toThrow('network must be a Network, got null');
    expect(() => new Model({ ...model, inputNames: 'x1' } as never)).toThrow('inputNames must be a list of names (strings), got "x1"');
    expect(() => new Model({ ...model, labels: ['p', 'p'] })).toThrow(new ConfigError('labels', 'names the class "p" twice: each output needs a class of its own'));
    expect(() => model.inputsFromRecords(null as never)).toThrow('records must be a list of rows keyed by column name, got null');
    expect(() => model.inputsFromRecords([null] as never)).toThrow('row 0 must be an object keyed by column name, got null');
  });

  it('checks scaleInPlace, fromJSON\'s options, and names the data set whose width differs', () => {
    const data = { inputs: [[1, 2], [3, 4], [5, 6]], targets: [1, 2, 3] };
    expect(() => Model.train(data, { scaleInPlace: 'yes' as never })).toThrow('scaleInPlace must be true or false, got "yes"');
    const { model } = Model.train(data, { epochs: 1 });
    expect(() => Model.fromJSON(model.toJSON(), { sourc: 'x' } as never)).toThrow(/^sourc is not an option of Model\.fromJSON/);
    expect(() => Model.fromJSON(model.toJSON(), 'x' as never)).toThrow(/^options must be an object/);
    expect(() => Model.train(data, { epochs: 1, validation: { inputs: [[1]], targets: [1] } })).toThrow(new ShapeError('validation.inputs have 1 columns, the model takes 2 ("x1", "x2")'));
  });

  it('refuses a column named twice, or both an input and a target, before training', () => {
    const data = (inputNames: string[], targetNames: string[]) => ({ inputNames, inputs: [[1, 2], [3, 4], [5, 6]], targetNames, targets: [['1'], ['2'], ['3']] });
    expect(() => Model.train(data(['a', 'a'], ['y']), { epochs: 1 })).toThrow(new ConfigError('inputNames', 'names "a" twice: each input column needs a name of its own'));
    expect(() => Model.train(data(['a', 'y'], ['y']), { epochs: 1 })).toThrow('targetNames names "y", which is an input column too: a column is an input or a target, not both');
  });

  it('refuses, before training, a column whose values are too large to scale, naming it', () => {
    // Finite values whose sum (standard) or range (minmax) overflows a float64: the scaler would be ±Infinity.
    const rows = [[1e308, 1], [-1e308, 2], [1e308, 3], [1e308, 4]];
    const data = { inputNames: ['a', 'b'], inputs: rows, targetNames: ['y'], targets: [['1'], ['2'], ['3'], ['5']] };
    let epochs = 0;
    const onEpoch = () => void epochs++;
    expect(() => Model.train(data, { task: 'regression', onEpoch })).toThrow(new DataError('input column "a" cannot be scaled: its values are too large (standard scaling squares them, which overflows a float64 beyond about ±1e154); divide the column by a power of ten'));
    expect(() => Model.train(data, { task: 'regression', scaling: 'minmax', onEpoch })).toThrow('input column "a" cannot be scaled: its values are too large (their range overflows a float64 beyond about ±9e307)');
    expect(epochs).toBe(0);
    // 1e200 and −1e200: the mean is 0, but the squares overflow
    const spread = { ...data, inputs: [[1, 1], [2, 2], [3, 3], [4, 4]], targets: [['1e200'], ['-1e200'], ['1e200'], ['-1e200']] };
    expect(() => Model.train(spread, { task: 'regression', onEpoch })).toThrow('target column "y" cannot be scaled');
    // Large values that do not overflow train
    const large = { ...data, inputs: rows.map(([a, b]) => [a / 1e160, b]) };
    const { scale } = Model.train(large, { task: 'regression', epochs: 2 }).model.inputScaler;
    expect(scale[0] / 0.8660254037844386e148).toBeCloseTo(1, 12); // the standard deviation of 1e148 × (1, −1, 1, 1)
  });

  it('names the row and column of an input too large to predict from once scaled, in float32 and float64', () => {
    const { train } = irisSplit();
    for (const [dtype, value, range] of [['float32', 1e39, "float32's range (±3.4e38)"], ['float64', 1.7e308, "float64's range (±1.8e308)"]] as const) {
      const model = Model.train(train, { epochs: 1, dtype }).model;
      const rows = [[5.1, 3.5, 1.4, 0.2], [5.1, 3.5, 1.4, value]]; // petal width: a standard deviation below 1
      expect(() => model.predict(rows)).toThrow(new DataError(`inputs row 1 column "petal width (cm)": ${value} is too large for this model: scaled by its training statistics, it is beyond ${range}`));
      expect(model.predict([rows[0]]).task).toBe('classification'); // a row in range predicts
    }
  });
});
