import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { Network } from '../network/network.js';
import { fit, type FitOptions } from '../training/train.js';
import type { OptimizerSpec } from '../optimizers/optimizer.js';

const inputs = Array.from({ length: 24 }, (_, r) => [Math.sin(r), Math.cos(2 * r), ((r * 7) % 5) / 4]); // (24, 3)
const targets = inputs.map(([a, b, c]) => [Math.tanh(a - b + c)]); // (24, 1)
const network = () => new Network({ layers: [3, 6, 1], activation: 'tanh', outputActivation: 'linear', seed: 11 });

const OPTIMIZERS: OptimizerSpec[] = [
  { name: 'adam', learningRate: 0.01 },
  { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
  { name: 'rprop' },
  { name: 'quickprop', learningRate: 0.3 },
  { name: 'lbfgs' },
];

describe('checkpoint and resume', () => {
  it.each(OPTIMIZERS)('%j: 10 epochs, then 10 more from the checkpoint, are 20 epochs straight, bit for bit', (optimizer) => {
    // Shuffled, with a validation split; the minibatch optimisers with dropout and a schedule too (rprop has no rate).
    const minibatch = typeof optimizer !== 'string' && (optimizer.name === 'adam' || optimizer.name === 'sgd');
    const extras: FitOptions = minibatch ? { batchSize: 5, dropout: 0.2, schedule: { name: 'reduce-on-plateau', patience: 1 } } : {};
    const options: FitOptions = { optimizer, shuffle: true, seed: 3, validationSplit: 0.25, ...extras };
    const straight = network();
    fit(straight, inputs, targets, { ...options, epochs: 20 });
    const first = network();
    const { checkpoint } = fit(first, inputs, targets, { ...options, epochs: 10 });
    expect(checkpoint?.epochs).toBe(10);
    const second = fit(first, inputs, targets, { ...options, epochs: 10, resume: checkpoint });
    expect(second.checkpoint?.epochs).toBe(20);
    expect(Array.from(first.params)).toEqual(Array.from(straight.params));
    // Without the checkpoint the continued training is another one.
    const warm = network();
    fit(warm, inputs, targets, { ...options, epochs: 10 });
    fit(warm, inputs, targets, { ...options, epochs: 10 });
    expect(Array.from(warm.params)).not.toEqual(Array.from(straight.params));
  });

  it('refuses a checkpoint of another optimiser or other rows, and gives none when early stopping went back', () => {
    const trained = network();
    const { checkpoint } = fit(trained, inputs, targets, { epochs: 2 });
    expect(() => fit(trained, inputs, targets, { epochs: 1, optimizer: 'sgd', resume: checkpoint })).toThrow(
      'resume holds the state of adam, but this training uses sgd: continue with adam, or start afresh without resume',
    );
    expect(() => fit(trained, inputs.slice(0, 20), targets.slice(0, 20), { epochs: 1, resume: checkpoint })).toThrow(/^resume was made on 24 training rows that are not these 20/);
    const early = fit(network(), inputs, targets, { epochs: 300, optimizer: { name: 'adam', learningRate: 0.5 }, earlyStopping: { patience: 2 } });
    expect(early.stoppedBy).toBe('early-stopping');
    expect(early.checkpoint).toBeUndefined();
  });
});

describe('a damaged checkpoint is refused, naming the field', () => {
  it('a row twice in the order, a negative Adam v and an all-zero generator state', () => {
    const options: FitOptions = { optimizer: { name: 'adam', learningRate: 0.01 }, seed: 3, epochs: 2 };
    const { checkpoint } = fit(network(), inputs, targets, options);
    const cp = checkpoint!;
    const order = cp.order.slice();
    order[1] = order[0]; // a row twice, so another is missing
    expect(() => fit(network(), inputs, targets, { ...options, resume: { ...cp, order } })).toThrow(
      new ConfigError('resume.order[1]', `is row ${order[0]} a second time (each training row is in the order once, so a row is missing): the checkpoint is damaged`),
    );
    const v = cp.optimizer.tensors.v.slice();
    v[2] = -1e-3;
    expect(() => fit(network(), inputs, targets, { ...options, resume: { ...cp, optimizer: { ...cp.optimizer, tensors: { ...cp.optimizer.tensors, v } } } })).toThrow(
      new ConfigError('resume.optimizer.tensors.v[2]', "must be ≥ 0 (Adam's second moment, a mean of squared gradients), got -0.001"),
    );
    expect(() => fit(network(), inputs, targets, { ...options, resume: { ...cp, random: { words: [0, 0, 0, 0], spareNormal: null } } })).toThrow(/^resume\.random\.words must not all be 0/);
  });

  it("a non-finite moment, a bad step or epoch count, or a missing part (a TrainingError 'diverged' and 'try a smaller learning rate', a TypeError, or accepted)", () => {
    const options: FitOptions = { optimizer: { name: 'adam', learningRate: 0.01 }, seed: 3, epochs: 2 };
    const cp = fit(network(), inputs, targets, options).checkpoint!;
    const resume = (changed: object) => () => fit(network(), inputs, targets, { ...options, resume: { ...cp, ...changed } as never });
    const m = cp.optimizer.tensors.m.slice();
    m[4] = NaN;
    expect(resume({ optimizer: { ...cp.optimizer, tensors: { ...cp.optimizer.tensors, m } } })).toThrow(
      new ConfigError('resume.optimizer.tensors.m[4]', 'must be a finite number, got NaN: the checkpoint is damaged'),
    );
    expect(resume({ optimizer: { ...cp.optimizer, steps: -1 } })).toThrow(new ConfigError('resume.optimizer.steps', 'must be a whole number ≥ 0, got -1: the checkpoint is damaged'));
    expect(resume({ epochs: -5 })).toThrow(new ConfigError('resume.epochs', 'must be a whole number ≥ 0 (the epochs run so far), got -5: the checkpoint is damaged'));
    expect(resume({ optimizer: null })).toThrow(new ConfigError('resume.optimizer', "must be an optimiser's state { name, steps, tensors }, got null: the checkpoint is damaged"));
    expect(resume({ optimizer: { ...cp.optimizer, tensors: null } })).toThrow(ConfigError);
    expect(resume({ optimizer: { ...cp.optimizer, tensors: { ...cp.optimizer.tensors, m: [1, 2] } } })).toThrow(
      new ConfigError('resume.optimizer.tensors.m', 'must be a Float32Array or Float64Array, got [1, 2]: the checkpoint is damaged'),
    );
    // the checkpoint itself still continues the training
    expect(resume({})().epochs).toBe(2);
  });
});
