import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../test/datasets.js';
import { selectRows } from '../data/dataset.js';
import { ConfigError } from '../errors.js';
import { gradientCheck } from '../network/gradcheck.js';
import { classesOf, encodeLabels, oneHot } from '../data/labels.js';
import { Matrix } from '../data/matrix.js';
import { Model } from '../model/model.js';
import { Network } from '../network/network.js';
import { fit } from './train.js';
import { fitScaler, scale } from '../data/scaler.js';
import { classWeightsFor, rowWeights } from './sample-weights.js';

const x = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.9, 0.1], [0.0, -0.4, 1.1], [2.0, 1.0, -1.0], [-1.2, -0.8, 0.6]];
const labels = [0, 0, 0, 0, 1, 2];
const y = labels.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)));

/** The 3-4-3 network of the PyTorch script below: tanh hidden, softmax output, cross-entropy. */
function network(): Network {
  const net = new Network({ layers: [3, 4, 3], activation: 'tanh', outputActivation: 'softmax', loss: 'categorical-cross-entropy' });
  let k = 0;
  for (const p of net.parameters()) p.value.forEach((_, i) => (p.value[i] = 0.3 * Math.sin(1.7 * k++ + 0.5)));
  return net;
}

describe('sample weights', () => {
  it.each([
    ['tanh', 'softmax', 'categorical-cross-entropy', y],
    ['sigmoid', 'sigmoid', 'binary-cross-entropy', y],
    ['tanh', 'linear', 'mse', x.map(([a, b]) => [a - b, a * b, 0.5])],
    ['relu', 'tanh', 'mse', x.map(([a, , c]) => [Math.tanh(a), Math.tanh(c), 0])],
  ] as const)('back-propagate the weighted cost: %s hidden, %s output, %s (finite differences)', (hidden, output, loss, targets) => {
    const net = new Network({ layers: [3, 4, 3], activation: hidden, outputActivation: output, loss, seed: 3 });
    const check = gradientCheck(net, x, targets as number[][], { sampleWeights: [0.5, 3, 1.5, 0, 2, 1], l2: 0.01 });
    expect(check.maxRelativeError).toBeLessThan(1e-6);
  });

  it("take PyTorch's step: CrossEntropyLoss(weight, reduction='sum') / batchSize, then SGD", () => {
    // /usr/bin/python3 (torch 1.13, float64):
    //   def vals(n, k0): return torch.tensor([0.3 * math.sin(1.7 * (k0 + k) + 0.5) for k in range(n)])
    //   W0 = vals(12, 0).reshape(3, 4); b0 = vals(4, 12); W1 = vals(12, 16).reshape(4, 3); b1 = vals(3, 28)  # requires_grad
    //   logits = torch.tanh(x @ W0 + b0) @ W1 + b1          # x, labels as above
    //   weight = torch.tensor([0.5, 3.0, 1.5])               # per class; 6.5 summed over the samples, not 6
    //   J = CrossEntropyLoss(weight=weight, reduction='sum')(logits, labels) / 6; J.backward()
    //   print(J, CrossEntropyLoss(weight=weight, reduction='mean')(logits, labels)); print(p - 0.5 * p.grad for each p)
    const net = network();
    const result = fit(net, x, y, { epochs: 1, batchSize: 6, shuffle: false, optimizer: { name: 'sgd', learningRate: 0.5 }, sampleWeights: labels.map((c) => [0.5, 3, 1.5][c]) });
    expect(result.history[0].loss).toBeCloseTo(1.3613193239502281, 14);
    // PyTorch's default reduction='mean' divides by Σw = 6.5 instead: 1.2566024528771336 · 6.5 / 6
    expect(1.2566024528771336 * (6.5 / 6)).toBeCloseTo(result.history[0].loss, 14);
    const torch = [
      0.061955257834646615, 0.2936594923625355, -0.09438775268505022, -0.14119676774607437, 0.20932880180795166, 0.1395679219304059, -0.22814973839551655,
      -0.01592327234226034, 0.3650164969417706, -0.001074048958488314, -0.34359614771933017, 0.03511199335863231, 0.25216376159174614, -0.12646451781229026,
      -0.19255205488854685, 0.2230148283460798, 0.17694916586008205, -0.20140808940307864, -0.17653394367869735, 0.2516396851819276, 0.12528707770101835,
      -0.3641246864783212, 0.05366247486409983, 0.19093676870560589, -0.0339285764650933, -0.20452628766656833, 0.11229742744927071, 0.23868443022875022,
      -0.23808967340830703, -0.018771969308940928, 0.15690486713397875,
    ];
    const ours = net.parameters().flatMap((p) => Array.from(p.value));
    ours.forEach((v, k) => expect(v).toBeCloseTo(torch[k], 13));
  });

  it('are refused when not one finite weight ≥ 0 per row', () => {
    const net = network();
    expect(() => fit(net, x, y, { sampleWeights: [1, 1] })).toThrow('sampleWeights must have one weight per row: 6, got 2');
    expect(() => fit(net, x, y, { sampleWeights: [1, 1, -1, 1, 1, 1] })).toThrow('sampleWeights[2] must be a finite number ≥ 0, got -1');
    expect(() => fit(net, x, y, { sampleWeights: [0, 0, 0, 0, 0, 0] })).toThrow(/all 0/);
  });
});

describe('class weights', () => {
  it("'balanced' is scikit-learn's n_samples / (n_classes · count)", () => {
    // /usr/bin/python3 (scikit-learn 1.2.1): compute_class_weight('balanced', classes=['a','b','c'], y=['a']*7 + ['b']*2 + ['c']*3)
    const names = [...'aaaaaaabbccc'];
    const weights = classWeightsFor('balanced', ['a', 'b', 'c'], encodeLabels(names, ['a', 'b', 'c']));
    expect(Array.from(weights)).toEqual([0.5714285714285714, 2.0, 1.3333333333333333]);
    expect(Array.from(classWeightsFor({ c: 4 }, ['a', 'b', 'c'], [0, 1, 2]))).toEqual([1, 1, 4]);
    expect(Array.from(classWeightsFor([1, 2, 3], ['a', 'b', 'c'], [0, 1, 2]))).toEqual([1, 2, 3]);
  });

  const iris = loadCsv('iris.csv', 'species');
  const unbalanced = selectRows(iris, [...Array(30).keys(), 50, 51, 52, 53, 54, 55, 100, 101, 102]);

  it("Model.train gives each training row its class's weight: fit with those sample weights by hand trains the same", () => {
    // Written out, so that the automatic defaults (float32, a stop on the training loss, L2) do not apply.
    const options = { hidden: [5], epochs: 4, batchSize: 8, seed: 9, dtype: 'float64', earlyStopping: false, l2: 0 } as const;
    const { model } = Model.train(unbalanced, { ...options, classWeights: 'balanced' });
    const names = unbalanced.targets.map((t) => String(t[0]));
    const classes = encodeLabels(names, classesOf(names));
    const weights = rowWeights(Float64Array.from([39 / (3 * 30), 39 / (3 * 6), 39 / (3 * 3)]), classes);
    const inputs = Matrix.from(unbalanced.inputs);
    const scaled = scale(fitScaler('standard', inputs, 'scaling'), inputs, 'float64');
    const byHand = new Network({ layers: [4, 5, 3], activation: 'relu', outputActivation: 'softmax', loss: 'categorical-cross-entropy', seed: 9 });
    fit(byHand, scaled, oneHot(classes, 3), { epochs: 4, batchSize: 8, seed: 9, sampleWeights: weights });
    expect(Array.from(model.network.params)).toEqual(Array.from(byHand.params));
    expect(model.training!.options.classWeights).toBe('balanced');
  });

  it('unit weights train exactly as none', () => {
    const a = Model.train(unbalanced, { hidden: [5], epochs: 3, classWeights: [1, 1, 1] }).model;
    const b = Model.train(unbalanced, { hidden: [5], epochs: 3 }).model;
    expect(Array.from(a.network.params)).toEqual(Array.from(b.network.params));
  });

  it('refuses weights that do not fit the classes, and a regression', () => {
    expect(() => Model.train(unbalanced, { epochs: 1, classWeights: [1, 2] })).toThrow('classWeights must have one weight per class (3: setosa, versicolor, virginica), got 2');
    expect(() => Model.train(unbalanced, { epochs: 1, classWeights: { rose: 2 } })).toThrow(ConfigError);
    expect(() => Model.train(unbalanced, { epochs: 1, classWeights: { setosa: 0 } })).toThrow('classWeights.setosa must be a finite number > 0, got 0');
    expect(() => Model.train({ inputs: [[1], [2], [3]], targets: [0.5, 1.5, 2.5] }, { epochs: 1, classWeights: 'balanced' })).toThrow(/the task is regression/);
    expect(() => Model.train(unbalanced, { sampleWeights: [1] } as never)).toThrow(/sampleWeights is not an option of Model.train/);
  });
});
