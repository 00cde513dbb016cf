/** Strict options: every unknown key is a ConfigError naming it and what was meant, at every level. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { GRADIENT_CHECK_OPTIONS, gradientCheck } from './network/gradcheck.js';
import { Model, TRAIN_OPTIONS } from './model/model.js';
import { Network } from './network/network.js';
import { NETWORK_OPTIONS } from './network/network-config.js';
import { OPTION_ALIASES } from './option-aliases.js';
import { closestName, editDistance } from './strict-options.js';
import { SPLIT_OPTIONS, trainTestSplit } from './data/dataset.js';
import { fit, FIT_OPTIONS, type FitOptions } from './training/train.js';

const xorInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const xorTargets = [[0], [1], [1], [0]];
const xor = () => new Network({ layers: [2, 3, 1], activation: 'sigmoid', loss: 'mse', seed: 1 });
const iris = { inputs: [[5.1, 3.5], [4.9, 3], [7, 3.2], [6.4, 3.2], [6.3, 3.3], [5.8, 2.7]], targets: ['a', 'a', 'b', 'b', 'c', 'c'] };

/** The ConfigError `run` throws (the test fails if it throws nothing or something else). */
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}
const fitWith = (options: Record<string, unknown>) => configError(() => fit(xor(), xorInputs, xorTargets, options as FitOptions));

describe('strict options', () => {
  it('refuses brain.js training options, saying what they are here, and the advice trains XOR', () => {
    const error = fitWith({ iterations: 5000, learningRate: 0.5 });
    expect(error.field).toBe('iterations');
    expect(error.message).toBe(
      "iterations is not an option of fit: brain.js's name; here it is epochs (epochs: 5000); nor is learningRate: it goes in the optimizer: optimizer: { name: 'sgd', learningRate: 0.5 } (the default optimizer is adam, which takes learningRate too)",
    );
    // Following the message (online, as brain.js trains) learns XOR.
    const network = xor();
    fit(network, xorInputs, xorTargets, { epochs: 5000, optimizer: { name: 'sgd', learningRate: 0.5 }, batchSize: 1 });
    expect(Array.from(network.predict(xorInputs).data, Math.round)).toEqual([0, 1, 1, 0]);
  });

  it('suggests the closest key for a misspelling, at the top and in nested objects', () => {
    expect(configError(() => new Network({ layers: [2, 3, 1], activaton: 'tanh' } as never)).message).toBe(
      'activaton is not an option of new Network: did you mean activation?',
    );
    expect(fitWith({ epcohs: 3 }).message).toBe('epcohs is not an option of fit: did you mean epochs?');
    expect(fitWith({ batch_size: 2 }).message).toBe('batch_size is not an option of fit: did you mean batchSize?');
    expect(fitWith({ earlyStopping: { patiance: 5 } }).message).toBe('earlyStopping.patiance is not an option of earlyStopping: did you mean patience?');
    expect(fitWith({ optimizer: { name: 'sgd', learningrate: 0.1 } }).message).toBe('optimizer.learningrate is not an option of the sgd optimizer: did you mean learningRate?');
    expect(fitWith({ optimizer: { name: 'rprop', initalStep: 0.1 } }).field).toBe('optimizer.initalStep');
    expect(fitWith({ validation: { input: xorInputs, targets: xorTargets } }).message).toBe('validation.input is not an option of the validation set: did you mean inputs?');
    const leaky = configError(() => new Network({ layers: [2, 1], activation: { name: 'leaky-relu', alpah: 0.1 } as never }));
    expect(leaky.message).toBe('outputActivation.alpah is not an option of an activation: did you mean alpha?');
  });

  it('lists the options when nothing is close, and names every unknown key', () => {
    expect(fitWith({ optimizer: { name: 'adam', momentum: 0.9 } }).message).toBe(
      'optimizer.momentum is not an option of the adam optimizer (the options are name, learningRate, beta1, beta2, epsilon)',
    );
    const error = fitWith({ colour: 'red', epochs: 2, flavour: 1 });
    expect(error.field).toBe('colour');
    expect(error.message).toContain('colour is not an option of fit; nor is flavour (the options are epochs, batchSize, optimizer,');
  });

  it('refuses values of the wrong type in nested objects, saying what is taken', () => {
    expect(fitWith({ earlyStopping: 10 }).message).toBe('earlyStopping must be true, false or an object such as { patience: 10 }, got 10');
    expect(fitWith({ optimizer: 5 }).message).toBe("optimizer must be one of sgd, adam, rprop, quickprop, lbfgs, or an object such as { name: 'sgd', learningRate: 0.1 }, got 5");
    expect(fitWith({ optimizer: 'nadam' }).message).toBe('optimizer must be one of sgd, adam, rprop, quickprop, lbfgs, got "nadam"');
    expect(fitWith({ optimizer: { learningRate: 0.1 } }).message).toBe('optimizer.name must be one of sgd, adam, rprop, quickprop, lbfgs, got nothing');
    expect(fitWith({ optimizer: { name: 'sgd', nesterov: 'yes' } }).message).toBe('optimizer.nesterov must be true or false, got "yes"');
    expect(fitWith({ shuffle: 'no' }).message).toBe('shuffle must be true or false, got "no"');
    expect(fitWith({ onEpoch: 'log' }).message).toBe('onEpoch must be a function (info) => boolean | void, got "log"');
    expect(fitWith({ validation: [xorInputs, xorTargets] }).field).toBe('validation');
    expect(fitWith({ validation: { inputs: xorInputs } }).message).toBe('validation.targets is missing: a validation set is { inputs, targets }');
    expect(configError(() => fit(xor(), xorInputs, xorTargets, null as never)).message).toBe('options must be an object of options, got null');
    expect(configError(() => new Network({ layers: [2, 1], seed: 1.5 })).message).toBe('seed must be a whole number ≥ -9007199254740991 and ≤ 9007199254740991, got 1.5');
    // A name alone is still an optimizer: the string form trains as the object form does.
    const a = xor();
    const b = xor();
    fit(a, xorInputs, xorTargets, { epochs: 5, optimizer: 'sgd' });
    fit(b, xorInputs, xorTargets, { epochs: 5, optimizer: { name: 'sgd' } });
    expect(a.params).toEqual(b.params);
  });

  it.each([
    ['fit', 'errorThresh', 0.005, "brain.js's name; here it is targetLoss (targetLoss: 0.005)"],
    ['fit', 'momentum', 0.1, "optimizer: { name: 'sgd', momentum: 0.1 }"],
    ['fit', 'log', true, 'pass onEpoch: (info) =>'],
    ['fit', 'logPeriod', 10, 'pass onEpoch: (info) =>'],
    ['fit', 'timeout', 1000, 'signal: AbortSignal.timeout(1000)'],
    ['fit', 'callbacks', [], 'earlyStopping: { patience: 10 }'],
    ['fit', 'verbose', 1, 'pass onEpoch'],
    ['fit', 'validation_split', 0.2, 'validationSplit (validationSplit: 0.2)'],
    ['fit', 'max_iter', 300, 'epochs (epochs: 300)'],
    ['fit', 'alpha', 0.0001, 'l2 (l2: 0.0001)'],
    ['fit', 'learning_rate_init', 0.01, "optimizer: { name: 'adam', learningRate: 0.01 }"],
    ['fit', 'solver', 'sgd', 'optimizer (optimizer: "sgd")'],
    ['fit', 'random_state', 0, 'seed (seed: 0)'],
    ['fit', 'n_iter_no_change', 10, 'earlyStopping: { patience: 10 }'],
    ['fit', 'tol', 0.0001, 'earlyStopping: { minDelta: 0.0001 }'],
    ['fit', 'early_stopping', true, 'earlyStopping (earlyStopping: true)'],
    ['fit', 'patience', 20, 'it goes in earlyStopping: { patience: 20 }'],
    ['fit', 'lr_scheduler', 'StepLR', "schedule: { name: 'step', every: 10, factor: 0.5 }"],
    ['fit', 'warm_start', true, 'resume: result.checkpoint'],
    ['Model.train', 'warm_start', true, 'from: model trains a copy of a model further'],
    ['Model.train', 'hiddenLayers', [3], 'hidden (hidden: [3])'],
    ['Model.train', 'hidden_layer_sizes', [100], 'hidden (hidden: [100])'],
    ['Model.train', 'units', 8, 'hidden: [8]'],
    ['Model.train', 'layers', [2, 8, 3], 'give the hidden layers only'],
    ['new Network', 'hiddenLayers', [3], 'layers: [inputs, 3, outputs]'],
    ['new Network', 'hidden_layer_sizes', [10, 5], 'layers: [inputs, 10, 5, outputs]'],
    ['new Network', 'hidden', [4], 'layers: [inputs, 4, outputs]'],
    ['new Network', 'leakyReluAlpha', 0.1, "activation: { name: 'leaky-relu', alpha: 0.1 }"],
  ])('%s: %s is another library’s (or level’s) name, with a specific hint', (owner, key, value, hint) => {
    const error =
      owner === 'fit'
        ? fitWith({ [key]: value })
        : owner === 'Model.train'
          ? configError(() => Model.train(iris, { [key]: value } as never))
          : configError(() => new Network({ layers: [2, 1], [key]: value } as never));
    expect(error.field).toBe(key);
    expect(error.message).toContain(`${key} is not an option of ${owner}: `);
    expect(error.message).toContain(hint);
  });

  it('every entry of the alias table can fire: some options take its target and not its name', () => {
    const lists = [FIT_OPTIONS, TRAIN_OPTIONS, NETWORK_OPTIONS, SPLIT_OPTIONS, GRADIENT_CHECK_OPTIONS];
    const dead = OPTION_ALIASES.filter(({ from, to }) => !lists.some((known) => known.includes(to) && !known.includes(from)));
    expect(dead).toEqual([]);
  });

  it('checks gradientCheck, trainTestSplit and Model.train too', () => {
    expect(configError(() => gradientCheck(xor(), xorInputs, xorTargets, { eps: 1e-4 } as never)).message).toBe('eps is not an option of gradientCheck: did you mean epsilon?');
    const data = { inputNames: ['a', 'b'], inputs: iris.inputs, targetNames: ['t'], targets: iris.targets.map((t) => [t]) };
    expect(configError(() => trainTestSplit(data, { test_size: 0.5 } as never)).message).toBe(
      "test_size is not an option of trainTestSplit: scikit-learn's name; here it is testFraction (testFraction: 0.5)",
    );
    expect(configError(() => trainTestSplit(data, { seed: 1 } as never)).message).toBe('testFraction is required: the share of rows to hold out for testing, in (0, 1), such as 0.2');
    expect(configError(() => Model.train(iris, { hiden: [3] } as never)).message).toBe('hiden is not an option of Model.train: did you mean hidden?');
    expect(configError(() => Model.train(iris, { hidden: 3 } as never)).message).toBe('hidden must be a list of hidden layer sizes such as [64] (or [] for none), got 3');
    expect(configError(() => Model.train(iris, { validation: { input: [], targets: [] } } as never)).message).toBe('validation.inputs is missing: one row of numbers per sample (validation.input: did you mean inputs?)');
  });
});

describe('closest names', () => {
  it('counts edits as optimal string alignment does (a swap of neighbours is one edit)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('epcohs', 'epochs')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA, not unrestricted Damerau (which says 2)
  });

  it('suggests only a near name: one edit per four letters, at most three', () => {
    const known = ['epochs', 'batchSize', 'l2', 'learningRate'];
    expect(closestName('epoch', known)).toBe('epochs');
    expect(closestName('BATCH-SIZE', known)).toBe('batchSize');
    expect(closestName('learnignRate', known)).toBe('learningRate');
    expect(closestName('l1', known)).toBe('l2');
    expect(closestName('weights', known)).toBeUndefined();
    expect(closestName('learn', known)).toBe('learningRate');
    expect(closestName('ep', known)).toBeUndefined(); // too short to be an abbreviation
  });
});

describe('plain objects', () => {
  it('takes an object literal, one without a prototype, or one from another realm; not an array or a Matrix', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('({ epochs: 1 })') as FitOptions;
    expect(fit(xor(), xorInputs, xorTargets, foreign).epochs).toBe(1);
    expect(fit(xor(), xorInputs, xorTargets, Object.assign(Object.create(null), { epochs: 1 })).epochs).toBe(1);
    expect(fitWith([] as never).message).toBe('options must be an object of options, got []');
    expect(fitWith({ earlyStopping: new Network({ layers: [1, 1] }) }).field).toBe('earlyStopping');
  });
});
