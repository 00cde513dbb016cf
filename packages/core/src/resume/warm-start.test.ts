import { describe, expect, it } from 'vitest';
import { Model } from '../model/model.js';

const data = {
  inputNames: ['a', 'b'],
  targetNames: ['y'],
  inputs: Array.from({ length: 12 }, (_, r) => [Math.sin(r), Math.cos(r)]),
  targets: Array.from({ length: 12 }, (_, r) => [r % 3 === 0 ? 'p' : 'q']),
};

describe('Model.train from a model', () => {
  const first = Model.train(data, { hidden: [3], epochs: 3, seed: 4 }).model;

  it('keeps the model’s network and refuses the options that would shape another', () => {
    const { model } = Model.train(data, { from: first, epochs: 2 });
    expect(model.network.layers).toEqual(first.network.layers);
    expect(model.training?.seed).toBe(4); // the model's seed
    expect(model.training?.continued).toEqual({ epochs: 3, optimizerState: true });
    expect(() => Model.train(data, { from: first, hidden: [8] })).toThrow('hidden cannot be given with from: the model to continue decides hidden');
    expect(() => Model.train({ ...data, inputNames: ['a', 'c'] }, { from: first })).toThrow('the data has columns a, c → y, the model to continue a, b → y');
    expect(() => Model.train(data, { from: {} as Model })).toThrow(/^from must be a Model/);
  });

  it('starts the optimiser afresh from the weights when the checkpoint is of another optimiser', () => {
    const { model } = Model.train(data, { from: first, epochs: 1, optimizer: 'sgd' });
    expect(model.training?.continued).toEqual({ epochs: 3, optimizerState: false });
    expect(model.checkpoint?.optimizer.name).toBe('sgd');
    expect(model.checkpoint?.epochs).toBe(1);
  });
});
