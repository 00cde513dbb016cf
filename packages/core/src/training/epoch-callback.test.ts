import { describe, expect, it } from 'vitest';
import { Matrix } from '../data/matrix.js';
import { matrixRows } from '../data/row-source.js';
import { ConfigError } from '../errors.js';
import { Model } from '../model/model.js';
import { trainModelOnRows } from '../model/model-rows.js';
import { Network } from '../network/network.js';
import { fitAsync } from './fit-async.js';
import { fit } from './train.js';

const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const targets = [[0], [1], [1], [0]];
const network = () => new Network({ layers: [2, 3, 1], seed: 1 });

describe("onEpoch's answer", () => {
  it('false stops after that epoch; true, undefined or 0 go on (the reference behaviour)', () => {
    expect(fit(network(), inputs, targets, { epochs: 5, onEpoch: ({ epoch }) => epoch !== 2 })).toMatchObject({ epochs: 2, stoppedBy: 'callback' });
    for (const answer of [true, undefined, 0]) {
      expect(fit(network(), inputs, targets, { epochs: 3, onEpoch: () => answer as never })).toMatchObject({ epochs: 3, stoppedBy: 'epochs' });
    }
  });

  it('an async onEpoch is a ConfigError before any epoch: training would not wait for it (its false was ignored, its rejection crashed Node)', async () => {
    const net = network();
    const before = net.params.slice();
    const asyncCallback = async () => false;
    const message = 'onEpoch is an async function: training waits for no promise between epochs, so its false could not stop training nor its failure reach you; return false to stop or nothing to go on, and start asynchronous work without returning it (stop with signal)';
    expect(() => fit(net, inputs, targets, { epochs: 3, onEpoch: asyncCallback as never })).toThrow(new ConfigError('onEpoch', message.slice('onEpoch '.length)));
    expect(net.params).toEqual(before);
    await expect(fitAsync(net, inputs, targets, { epochs: 3, onEpoch: asyncCallback as never })).rejects.toThrow(ConfigError);
    expect(() => Model.train({ inputs, targets: [0, 1, 1, 0] }, { epochs: 3, onEpoch: asyncCallback as never })).toThrow(ConfigError);
  });

  it('a promise returned by a plain function is a ConfigError at the first epoch, and its rejection is not left unhandled', async () => {
    const rejecting = () => Promise.reject(new Error('could not save'));
    expect(() => fit(network(), inputs, targets, { epochs: 3, onEpoch: rejecting as never })).toThrow(
      new ConfigError('onEpoch', 'returned a promise: training waits for no promise between epochs, so its false could not stop training nor its failure reach you; return false to stop or nothing to go on, and start asynchronous work without returning it (stop with signal)'),
    );
    await expect(fitAsync(network(), inputs, targets, { epochs: 3, onEpoch: rejecting as never })).rejects.toThrow(ConfigError);
    await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail this test file here
    const net = network();
    expect(() => fit(net, inputs, targets, { epochs: 3, onEpoch: rejecting as never })).toThrow(ConfigError);
    expect(fit(net, inputs, targets, { epochs: 1 }).epochs).toBe(1); // the network is free to train again
  });

  it("Model.train, Model.check and trainModelOnRows refuse an onEpoch that is not a function before training (Model.train threw 'options.onEpoch is not a function' after epoch 1)", () => {
    const data = { inputs, targets: ['a', 'b', 'b', 'a'] };
    const message = new ConfigError('onEpoch', 'must be a function (info) => boolean | void, got "log"');
    expect(() => Model.train(data, { epochs: 2, onEpoch: 'log' as never })).toThrow(message);
    expect(() => Model.check(data, { epochs: 2, onEpoch: 'log' as never })).toThrow(message);
    expect(() => Model.train(data, { epochs: 2, onEpoch: null as never })).toThrow(ConfigError);
    const source = matrixRows(Matrix.fromRows(inputs), Matrix.fromRows(targets));
    expect(() => trainModelOnRows({ inputNames: ['a', 'b'], targetNames: ['y'], source }, { epochs: 2, onEpoch: 'log' as never })).toThrow(message);
  });
});
