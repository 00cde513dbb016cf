import { describe, expect, it } from 'vitest';
import { networkBitFail } from './bit-fail.js';
import { Matrix } from '../data/matrix.js';
import { bitFail } from '../model/metrics.js';
import { Network } from '../network/network.js';
import { fit } from './train.js';

// XOR with tanh outputs in FANN's style (targets −1 and 1).
const inputs = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
const targets = [[-1], [1], [1], [-1]];

describe('bitFail', () => {
  it('counts outputs off by the limit or more, halving differences for symmetric outputs (a hand-worked example)', () => {
    const actual = Matrix.fromRows([[1, 0], [0, 1]]);
    const predicted = Matrix.fromRows([[0.75, 0.25], [0.5, 0.375]]);
    // |y − a|: 0.25, 0.25, 0.5, 0.625
    expect(bitFail(actual, predicted)).toBe(2);
    expect(bitFail(actual, predicted, 0.5)).toBe(2); // 0.5 ≥ 0.5 is a fail, as in FANN's fann_update_MSE
    expect(bitFail(actual, predicted, 0.25)).toBe(4);
    // halved: 0.125, 0.125, 0.25, 0.3125
    expect(bitFail(actual, predicted, 0.35, true)).toBe(0);
    expect(bitFail(actual, predicted, 0.25, true)).toBe(2);
    expect(() => bitFail(actual, Matrix.fromRows([[1, 0]]))).toThrow(/shape/);
  });

  it("halves a tanh network's differences, not a sigmoid one's", () => {
    const tanh = new Network({ layers: [2, 1], activation: 'tanh', seed: 1 });
    const outputs = tanh.predict(inputs);
    expect(networkBitFail(tanh, inputs, targets, 0.3)).toBe(bitFail(Matrix.fromRows(targets), outputs, 0.3, true));
    const sigmoid = new Network({ layers: [2, 1], activation: 'sigmoid', seed: 1 });
    const y01 = [[0], [1], [1], [0]];
    expect(networkBitFail(sigmoid, inputs, y01, 0.3)).toBe(bitFail(Matrix.fromRows(y01), sigmoid.predict(inputs), 0.3, false));
  });
});

describe('fit with stopAtBitFail', () => {
  /** Trains with the rule and returns the result with each epoch's bit fail, measured afterwards from the epoch's weights. */
  function train(stopAtBitFail: true | { limit?: number; count?: number }, limit: number) {
    const network = new Network({ layers: [2, 3, 1], activation: 'tanh', seed: 4 });
    const snapshots: Float64Array[] = [];
    const result = fit(network, inputs, targets, {
      epochs: 2000,
      batchSize: 4,
      optimizer: { name: 'sgd', learningRate: 0.2 },
      stopAtBitFail,
      onEpoch: () => void snapshots.push(Float64Array.from(network.params)),
    });
    const fails = snapshots.map((params) => {
      network.params.set(params);
      return networkBitFail(network, inputs, targets, limit);
    });
    return { result, fails };
  }

  it('stops at the first epoch whose training bit fail is 0 (FANN_STOPFUNC_BIT, limit 0.35)', () => {
    const { result, fails } = train(true, 0.35);
    expect(result.stoppedBy).toBe('bit-fail');
    expect(result.epochs).toBeGreaterThan(1);
    expect(fails.indexOf(0)).toBe(result.epochs - 1);
  });

  it('stops at a given count and limit', () => {
    const { result, fails } = train({ limit: 0.1, count: 2 }, 0.1);
    expect(result.stoppedBy).toBe('bit-fail');
    expect(fails.findIndex((f) => f <= 2)).toBe(result.epochs - 1);
    expect(fails[result.epochs - 2]).toBeGreaterThan(2);
  });

  it('refuses a bad rule with the field named', () => {
    const network = new Network({ layers: [2, 1], activation: 'tanh' });
    expect(() => fit(network, inputs, targets, { stopAtBitFail: { limt: 0.3 } as never })).toThrow(/stopAtBitFail.limt is not an option of stopAtBitFail: did you mean limit\?/);
    expect(() => fit(network, inputs, targets, { stopAtBitFail: { count: -1 } })).toThrow(/stopAtBitFail.count must be a whole number ≥ 0, got -1/);
    expect(() => fit(network, inputs, targets, { stopAtBitFail: 3 as never })).toThrow(/stopAtBitFail must be true, false or an object/);
  });
});
