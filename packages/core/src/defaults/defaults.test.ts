/**
 * The defaults of defaults.ts are the ones training uses: leaving an option out trains the same
 * weights, bit for bit, as writing the default out; and the validation-split rule holds.
 */
import { describe, expect, it } from 'vitest';
import { fit } from '../training/train.js';
import { EARLY_STOPPING_DEFAULTS, FIT_DEFAULTS, NETWORK_DEFAULTS, OPTIMIZER_DEFAULTS, TRAIN_DEFAULTS, VALIDATION_SPLIT_WITH_EARLY_STOPPING } from './defaults.js';
import { autoDefaults } from './auto-defaults.js';
import { Model } from '../model/model.js';
import { Network } from '../network/network.js';
import { loadCsv } from '../../test/datasets.js';

const xorInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const xorTargets = [[0], [1], [1], [0]];
// 40 rows of a smooth function, enough for a batch of 32 and a 10 % hold-out.
const inputs = Array.from({ length: 40 }, (_, i) => [i / 40, Math.sin(i)]);
const targets = inputs.map(([a, b]) => [0.5 + 0.4 * Math.tanh(a - b)]);

describe('defaults', () => {
  it('new Network without options is NETWORK_DEFAULTS written out', () => {
    const a = new Network({ layers: [2, 3, 1] });
    const b = new Network({ layers: [2, 3, 1], ...NETWORK_DEFAULTS });
    expect(a.activations.map((f) => f.name)).toEqual(['sigmoid', 'sigmoid']);
    expect(a.loss.name).toBe(NETWORK_DEFAULTS.loss);
    expect(a.params).toEqual(b.params);
  });

  it('fit without options trains the weights that FIT_DEFAULTS and adam’s defaults, written out, train', () => {
    const a = new Network({ layers: [2, 4, 1], seed: 3 });
    const b = new Network({ layers: [2, 4, 1], seed: 3 });
    const ra = fit(a, inputs, targets, { epochs: 3 });
    fit(b, inputs, targets, { ...FIT_DEFAULTS, epochs: 3, optimizer: { name: 'adam', ...OPTIMIZER_DEFAULTS.adam } });
    expect(a.params).toEqual(b.params);
    expect(ra.history[0].valLoss).toBeUndefined(); // no hold-out without early stopping
  });

  it.each(['sgd', 'rprop'] as const)('%s’s defaults, written out, train the same weights as its name alone', (name) => {
    const a = new Network({ layers: [2, 4, 1], seed: 3 });
    const b = new Network({ layers: [2, 4, 1], seed: 3 });
    fit(a, inputs, targets, { epochs: 3, optimizer: name });
    fit(b, inputs, targets, { epochs: 3, optimizer: { name, ...OPTIMIZER_DEFAULTS[name] } as never });
    expect(a.params).toEqual(b.params);
  });

  it('early stopping holds out VALIDATION_SPLIT_WITH_EARLY_STOPPING by default, with its default patience', () => {
    const a = new Network({ layers: [2, 4, 1], seed: 3 });
    const b = new Network({ layers: [2, 4, 1], seed: 3 });
    const ra = fit(a, inputs, targets, { epochs: 5, earlyStopping: true });
    const rb = fit(b, inputs, targets, { epochs: 5, earlyStopping: { ...EARLY_STOPPING_DEFAULTS }, validationSplit: VALIDATION_SPLIT_WITH_EARLY_STOPPING });
    expect(ra.history.map((h) => h.valLoss)).toEqual(rb.history.map((h) => h.valLoss));
    expect(ra.history[0].valLoss).toBeDefined();
    expect(a.params).toEqual(b.params);
    // validationSplit 0 asks for none: early stopping then watches the training loss.
    expect(fit(new Network({ layers: [2, 4, 1], seed: 3 }), inputs, targets, { epochs: 2, earlyStopping: true, validationSplit: 0 }).history[0].valLoss).toBeUndefined();
  });

  it('a set too small for the default hold-out (20 % of 2 rows rounds to none) trains without one; an explicit one is refused', () => {
    const network = new Network({ layers: [2, 3, 1], seed: 1 });
    const two = { inputs: xorInputs.slice(0, 2), targets: xorTargets.slice(0, 2) };
    expect(fit(network, two.inputs, two.targets, { epochs: 2, earlyStopping: true }).history[0].valLoss).toBeUndefined();
    expect(() => fit(network, two.inputs, two.targets, { epochs: 2, validationSplit: 0.2 })).toThrow('validationSplit 0.2 of 2 rows leaves 2 to train on and 0 to validate on');
    // XOR's 4 rows: 20 % rounds to one row held out.
    expect(fit(network, xorInputs, xorTargets, { epochs: 2, earlyStopping: true }).history[0].valLoss).toBeDefined();
  });

  it('Model.train without options is TRAIN_DEFAULTS and the automatic defaults written out, with the stratified hold-out rule (iris)', () => {
    const iris = loadCsv('iris.csv', 'species');
    const plain = Model.train(iris, { epochs: 5 });
    const auto = autoDefaults({ rows: 150, inputs: 4, outputs: 3, task: 'classification' });
    const { learningRate, ...rest } = auto;
    const written = Model.train(iris, { ...TRAIN_DEFAULTS, ...rest, epochs: 5, optimizer: { name: 'adam', learningRate }, seed: FIT_DEFAULTS.seed, validationSplit: 0 });
    expect(plain.model.network.layers).toEqual([4, 64, 3]);
    expect(plain.model.network.params).toEqual(written.model.network.params);
    expect(plain.result.history[0].valLoss).toBeUndefined();
    const early = Model.train(iris, { epochs: 5, earlyStopping: true });
    const early10 = Model.train(iris, { epochs: 5, earlyStopping: true, validationSplit: VALIDATION_SPLIT_WITH_EARLY_STOPPING });
    expect(early.result.history.map((h) => h.valLoss)).toEqual(early10.result.history.map((h) => h.valLoss));
    expect(early.result.history[0].valLoss).toBeDefined();
    // The model's training record says what was held out, as resolved.
    expect(plain.model.training?.options).toMatchObject({ hidden: [64], validationSplit: 0 });
    expect(early.model.training?.options).toMatchObject({ validationSplit: VALIDATION_SPLIT_WITH_EARLY_STOPPING });
  });
});
