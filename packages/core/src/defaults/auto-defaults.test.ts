/**
 * The automatic defaults: what the rules pick for data of a given shape (worked by hand from the
 * rules' statements in auto-defaults.ts), and that Model.train applies them to exactly the options
 * the caller leaves out, records them, and stops by the training-loss rule.
 */
import { describe, expect, it } from 'vitest';
import { adamLearningRate, autoDefaults, AUTO_RULES } from './auto-defaults.js';
import { Model } from '../model/model.js';
import { loadCsv } from '../../test/datasets.js';

describe('autoDefaults', () => {
  it('iris’s shape (120 rows, 4 inputs, 3 classes): 64 hidden, a batch of a tenth of the rows, Adam’s base step, a little L2', () => {
    expect(autoDefaults({ rows: 120, inputs: 4, outputs: 3, task: 'classification' })).toEqual({
      hidden: [64],
      dtype: 'float32',
      batchSize: 12,
      l2: 4e-4 * Math.sqrt(515 / 120), // 4-64-3: 515 weights and biases
      learningRate: 0.001,
      epochs: 200,
      earlyStopping: { patience: 10, minDelta: 1e-4 },
    });
  });

  it('one hidden layer of 64 below 1000 rows, of 100 from 1000 rows on', () => {
    const hidden = (rows: number) => autoDefaults({ rows, inputs: 5, outputs: 2, task: 'regression' }).hidden;
    expect([1, 999, 1000, 50_000].map(hidden)).toEqual([[64], [64], [100], [100]]);
  });

  it('the batch size is rows / 10 between 8 and 200, and never more than the rows', () => {
    const batch = (rows: number) => autoDefaults({ rows, inputs: 5, outputs: 2, task: 'classification' }).batchSize;
    expect([4, 50, 80, 455, 1437, 1999, 2001, 100_000].map(batch)).toEqual([4, 8, 8, 46, 144, 200, 200, 200]);
    expect(batch(1)).toBe(1);
  });

  it('Adam’s step: 1e-3 up to a batch of 32, then grows with the square root of the batch', () => {
    expect([1, 8, 32].map(adamLearningRate)).toEqual([1e-3, 1e-3, 1e-3]);
    expect(adamLearningRate(128)).toBeCloseTo(2e-3, 15);
    expect(adamLearningRate(200)).toBeCloseTo(1e-3 * Math.sqrt(6.25), 15);
    expect(autoDefaults({ rows: 8192, inputs: 13, outputs: 2, task: 'classification' }).learningRate).toBeCloseTo(2.5e-3, 15);
  });

  it('L2 is 0.02·√(weights / rows) for a regression, 4e-4·√(weights / rows) for a classification, at most 0.03', () => {
    // 2104 rows, 14 inputs, 3 targets: 14·100 + 100 + 100·3 + 3 = 1803 weights and biases.
    expect(autoDefaults({ rows: 2104, inputs: 14, outputs: 3, task: 'regression' }).l2).toBeCloseTo(0.02 * Math.sqrt(1803 / 2104), 15);
    // 353 rows, 10 inputs, 1 target, 64 hidden: 10·64 + 64 + 64 + 1 = 769 weights.
    expect(autoDefaults({ rows: 353, inputs: 10, outputs: 1, task: 'regression' }).l2).toBeCloseTo(0.02 * Math.sqrt(769 / 353), 15);
    // 374 rows, 48 inputs, 3 targets: 3331 weights, 0.02·√(3331/374) = 0.0597, capped at 0.03.
    expect(autoDefaults({ rows: 374, inputs: 48, outputs: 3, task: 'regression' }).l2).toBe(AUTO_RULES.maxL2);
    // the caller's hidden layers: 10-16-8-2 has 176 + 136 + 18 = 330 weights and biases
    expect(autoDefaults({ rows: 353, inputs: 10, outputs: 2, task: 'classification', hidden: [16, 8] }).l2).toBeCloseTo(4e-4 * Math.sqrt(330 / 353), 15);
    // 10-64-2 (a classification has an output per class): 834 weights and biases
    expect(autoDefaults({ rows: 353, inputs: 10, outputs: 2, task: 'classification' }).l2).toBeCloseTo(4e-4 * Math.sqrt(834 / 353), 15);
  });
});

describe('Model.train and the automatic defaults', () => {
  const iris = loadCsv('iris.csv', 'species');

  it('with no options trains what the chosen values, written out, train, and records them under auto', () => {
    const plain = Model.train(iris, { epochs: 15 });
    const auto = autoDefaults({ rows: 150, inputs: 4, outputs: 3, task: 'classification' });
    const written = Model.train(iris, {
      epochs: 15,
      hidden: auto.hidden,
      dtype: auto.dtype,
      batchSize: auto.batchSize,
      l2: auto.l2,
      optimizer: { name: 'adam', learningRate: auto.learningRate },
      earlyStopping: auto.earlyStopping,
      validationSplit: 0,
    });
    expect(plain.model.network.layers).toEqual([4, 64, 3]);
    expect(plain.model.network.dtype).toBe('float32');
    expect(plain.model.network.params).toEqual(written.model.network.params);
    expect(plain.result.history[0].valLoss).toBeUndefined(); // the automatic stop needs no hold-out
    expect(plain.model.training?.options.auto).toEqual({
      hidden: [64],
      dtype: 'float32',
      batchSize: 15,
      l2: 4e-4 * Math.sqrt(515 / 150),
      optimizer: { name: 'adam', learningRate: 0.001 },
      earlyStopping: { patience: 10, minDelta: 1e-4 },
    });
  });

  it('chooses only what the caller leaves out; Adam’s step follows the caller’s batch size', () => {
    const { model } = Model.train(iris, { epochs: 2, hidden: [5], dtype: 'float64', batchSize: 128, l2: 0.5, earlyStopping: false });
    expect(model.network.layers).toEqual([4, 5, 3]);
    expect(model.network.dtype).toBe('float64');
    expect(model.training?.options.auto).toEqual({ optimizer: { name: 'adam', learningRate: 0.002 } });
    const sgd = Model.train(iris, { epochs: 2, optimizer: 'sgd' });
    expect(sgd.model.training?.options.auto).not.toHaveProperty('optimizer');
    const rprop = Model.train(iris, { epochs: 2, optimizer: 'rprop' });
    expect(rprop.model.training?.options.auto).not.toHaveProperty('batchSize'); // rprop takes the whole set
  });

  it('a batch size above the training rows is the whole set, and Adam’s step is the whole set’s (not the number asked for)', () => {
    // iris has 150 rows: a batch of 1000 or of 10⁹ steps on all 150 at once, as a batch of 150 does.
    const step = (batchSize: number) => Model.train(iris, { epochs: 3, batchSize }).model;
    const whole = step(150);
    expect(whole.training?.options.auto).toMatchObject({ optimizer: { name: 'adam', learningRate: 1e-3 * Math.sqrt(150 / 32) } });
    for (const asked of [1000, 1e9]) {
      const model = step(asked);
      expect(model.training?.options.auto).toMatchObject({ optimizer: { name: 'adam', learningRate: 1e-3 * Math.sqrt(150 / 32) } });
      expect(model.network.params).toEqual(whole.network.params);
    }
  });

  it('stops once the training loss has not improved by minDelta for patience epochs, and keeps the best epoch', () => {
    // Two clusters far apart: the loss falls towards 0 and soon gains less than minDelta an epoch.
    const inputs = Array.from({ length: 40 }, (_, i) => [i < 20 ? -3 - (i % 5) : 3 + (i % 5), (i % 7) - 3]);
    const clusters = { inputs, targets: inputs.map(([x]) => (x < 0 ? 'left' : 'right')) };
    const { result } = Model.train(clusters, { hidden: [4], epochs: 5000 });
    const losses = result.history.map((h) => h.loss);
    // The rule, replayed on the history: the best loss so far improves only by more than minDelta.
    let best = Infinity;
    let bestEpoch = 0;
    losses.forEach((loss, i) => {
      if (loss < best - AUTO_RULES.minDelta) [best, bestEpoch] = [loss, i + 1];
    });
    expect(result.stoppedBy).toBe('early-stopping');
    expect(result.bestEpoch).toBe(bestEpoch);
    expect(result.epochs).toBe(bestEpoch + AUTO_RULES.patience);
    expect(result.loss).toBe(losses[bestEpoch - 1]);
    // earlyStopping: false runs every epoch.
    expect(result.epochs).toBeLessThan(5000);
    expect(Model.train(clusters, { hidden: [4], epochs: 300, earlyStopping: false }).result.epochs).toBe(300);
  });
});
