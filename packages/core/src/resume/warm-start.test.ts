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

  it('keeps what the model’s training chose automatically (batch size, L2, step, stop), unless the caller says otherwise', () => {
    const auto = first.training!.options.auto as Record<string, unknown>;
    expect(auto.l2).toBeGreaterThan(0); // the rule's choice for this classification
    // A model from before a rule changed: its training chose no L2.
    const older = Model.train(data, { hidden: [3], epochs: 3, seed: 4 }).model;
    (older.training!.options.auto as Record<string, unknown>).l2 = 0;
    const continued = Model.train(data, { from: older, epochs: 2 }).model;
    expect((continued.training!.options.auto as Record<string, unknown>).l2).toBe(0);
    const explicit = Model.train(data, { from: older, epochs: 2, l2: 0 }).model;
    expect(Array.from(continued.network.params)).toEqual(Array.from(explicit.network.params));
    const byTheRule = Model.train(data, { from: older, epochs: 2, l2: auto.l2 as number }).model;
    expect(Array.from(continued.network.params)).not.toEqual(Array.from(byTheRule.network.params));
    expect(Model.train(data, { from: older, epochs: 2, l2: 0.5 }).model.training!.options.l2).toBe(0.5); // the caller's value wins
  });

  it('starts the optimiser afresh from the weights when the checkpoint is of another optimiser', () => {
    const { model } = Model.train(data, { from: first, epochs: 1, optimizer: 'sgd' });
    expect(model.training?.continued).toEqual({ epochs: 3, optimizerState: false });
    expect(model.checkpoint?.optimizer.name).toBe('sgd');
    expect(model.checkpoint?.epochs).toBe(1);
  });

  it('continues the weights on other data, the optimiser afresh: the checkpoint is of other rows', () => {
    const fewer = { ...data, inputs: data.inputs.slice(0, 9), targets: data.targets.slice(0, 9) };
    const { model } = Model.train(fewer, { from: first, epochs: 2 });
    expect(model.training?.continued).toEqual({ epochs: 3, optimizerState: false });
    expect(model.training?.rows).toBe(9);
    // as a training from the weights with the same options and no checkpoint
    const weightsOnly = Model.fromJSON(first.toJSON());
    weightsOnly.checkpoint = undefined;
    expect(Array.from(model.network.params)).toEqual(Array.from(Model.train(fewer, { from: weightsOnly, epochs: 2 }).model.network.params));
    // the same rows still resume
    expect(Model.train(data, { from: first, epochs: 1 }).model.training?.continued).toEqual({ epochs: 3, optimizerState: true });
  });
});
