import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError, TrainingError } from '../errors.js';
import { matrixRows } from '../data/row-source.js';
import { Matrix } from '../data/matrix.js';
import { meanSquaredError } from '../model/metrics.js';
import { Network } from '../network/network.js';
import { fit, fitRows, type EpochInfo } from './train.js';

const xorInputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const xorTargets = [[0], [1], [1], [0]];

function xorError(network: Network): number {
  return meanSquaredError(Matrix.fromRows(xorTargets), network.predict(xorInputs).as('float64'));
}

describe('fit', () => {
  it('learns XOR with a 2-2-1 sigmoid network by online SGD (the classic BPNN)', () => {
    // 2-2-1 XOR has local minima (one output stuck near 0.5 for two of the four points), so a
    // share of initialisations fails whatever the code; measured here: 23 of 30 seeds learn.
    const errors = Array.from({ length: 20 }, (_, i) => {
      const network = new Network({ layers: [2, 2, 1], activation: 'sigmoid', loss: 'mse', seed: i + 1 });
      const result = fit(network, xorInputs, xorTargets, {
        epochs: 5000,
        batchSize: 1,
        optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 },
        seed: i + 1,
      });
      expect(result.epochs).toBe(5000);
      return xorError(network);
    });
    expect(errors[1]).toBeLessThan(0.01); // seed 2
    expect(errors.filter((e) => e < 0.01).length).toBeGreaterThanOrEqual(14);
  });

  it('learns XOR with RPROP on the full batch, and with Nesterov momentum', () => {
    const rprop = new Network({ layers: [2, 3, 1], activation: 'tanh', outputActivation: 'sigmoid', seed: 2 });
    fit(rprop, xorInputs, xorTargets, { epochs: 500, optimizer: 'rprop' });
    expect(xorError(rprop)).toBeLessThan(0.01);
    const nesterov = new Network({ layers: [2, 3, 1], activation: 'tanh', loss: 'binary-cross-entropy', seed: 3 });
    fit(nesterov, xorInputs, xorTargets, { epochs: 1000, batchSize: 2, optimizer: { name: 'sgd', learningRate: 0.3, momentum: 0.9, nesterov: true } });
    expect(xorError(nesterov)).toBeLessThan(0.01);
  });

  it('is bit-for-bit reproducible under a seed, in float64 and float32', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const run = (seed: number) => {
        const network = new Network({ layers: [2, 4, 1], activation: 'tanh', dtype, seed });
        fit(network, xorInputs, xorTargets, { epochs: 50, batchSize: 2, seed, validationSplit: 0.25 });
        return Array.from(network.params);
      };
      expect(run(7)).toEqual(run(7));
      expect(run(7)).not.toEqual(run(8));
    }
  });

  it('reports every epoch, stops when the callback says so, and at a target loss', () => {
    const seen: EpochInfo[] = [];
    const network = new Network({ layers: [2, 3, 1], activation: 'tanh', outputActivation: 'sigmoid', seed: 2 });
    const stopped = fit(network, xorInputs, xorTargets, { epochs: 100, optimizer: 'rprop', onEpoch: (info) => (seen.push(info), info.epoch < 5) });
    expect(stopped.stoppedBy).toBe('callback');
    expect(seen.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(seen[4].loss).toBe(stopped.history[4].loss);
    const target = fit(new Network({ layers: [2, 3, 1], activation: 'tanh', outputActivation: 'sigmoid', seed: 2 }), xorInputs, xorTargets, {
      epochs: 1000,
      optimizer: 'rprop',
      targetLoss: 0.001,
    });
    expect(target.stoppedBy).toBe('target-loss');
    expect(target.loss).toBeLessThanOrEqual(0.001);
    expect(target.history[target.epochs - 2].loss).toBeGreaterThan(0.001);
  });

  it('stops early and restores the weights of the best validation epoch', () => {
    // Noisy targets on few points: the validation loss turns up as the network overfits.
    const x: number[][] = [];
    const y: number[][] = [];
    for (let i = 0; i < 40; i++) {
      x.push([i / 40]);
      y.push([Math.sin(6 * (i / 40)) + (i % 3 === 0 ? 0.5 : -0.25)]);
    }
    const network = new Network({ layers: [1, 32, 32, 1], activation: 'tanh', outputActivation: 'linear', seed: 4 });
    let bestParams: number[] = [];
    let best = Infinity;
    const result = fit(network, x, y, {
      epochs: 3000,
      batchSize: 8,
      optimizer: { name: 'adam', learningRate: 0.01 },
      validationSplit: 0.3,
      earlyStopping: { patience: 20 },
      onEpoch: (info) => {
        if (info.valLoss! < best) {
          best = info.valLoss!;
          bestParams = Array.from(network.params);
        }
      },
    });
    expect(result.stoppedBy).toBe('early-stopping');
    expect(result.epochs).toBe(result.bestEpoch + 20);
    expect(result.valLoss).toBe(best);
    expect(Array.from(network.params)).toEqual(bestParams);
  });

  it('reports validation accuracy for cross-entropy losses', () => {
    const network = new Network({ layers: [2, 4, 2], activation: 'tanh', loss: 'categorical-cross-entropy', seed: 5 });
    const targets = xorTargets.map(([t]) => (t === 1 ? [0, 1] : [1, 0]));
    const result = fit(network, xorInputs, targets, { epochs: 300, optimizer: 'rprop', validation: { inputs: xorInputs, targets } });
    expect(result.history.at(-1)!.valAccuracy).toBe(1);
  });

  it('stops on divergence with a clear error and keeps finite weights', () => {
    const network = new Network({ layers: [2, 8, 1], activation: 'linear', seed: 1 });
    const x = Array.from({ length: 16 }, (_, i) => [i * 100, -i * 50]);
    const y = x.map(([a]) => [a * 1000]);
    expect(() => fit(network, x, y, { epochs: 50, optimizer: { name: 'sgd', learningRate: 10 } })).toThrow(TrainingError);
    expect(() => fit(network, x, y, { epochs: 50, optimizer: { name: 'sgd', learningRate: 10 } })).toThrow(/training diverged in epoch \d+ \(the loss became (NaN|Infinity)\)/);
    expect(network.params.every(Number.isFinite)).toBe(true);
  });

  it('stops on divergence in online training (the compiled step) with the weights from the start of that epoch', () => {
    const network = new Network({ layers: [2, 8, 1], activation: 'linear', seed: 1 });
    const x = Array.from({ length: 16 }, (_, i) => [i * 100, -i * 50]);
    const y = x.map(([a]) => [a * 1000]);
    const atEpochStart = [Array.from(network.params)]; // [e] holds the weights epoch e + 1 starts from
    let message = '';
    try {
      fit(network, x, y, { epochs: 50, batchSize: 1, optimizer: { name: 'sgd', learningRate: 10 }, onEpoch: () => void atEpochStart.push(Array.from(network.params)) });
    } catch (error) {
      expect(error).toBeInstanceOf(TrainingError);
      message = (error as Error).message;
    }
    const epoch = Number(/^training diverged in epoch (\d+) \(the loss became (NaN|Infinity)\)/.exec(message)?.[1]);
    expect(epoch).toBeGreaterThanOrEqual(1);
    expect(Array.from(network.params)).toEqual(atEpochStart[epoch - 1]);
  });

  it('discards a half-finished epoch when aborted mid-epoch in online training (the compiled step)', () => {
    const network = new Network({ layers: [2, 3, 1], activation: 'sigmoid', loss: 'mse', seed: 1 });
    const atEpochStart = [Array.from(network.params)];
    let checks = 0;
    // Read before each sample and after each epoch (5 reads an epoch): true before epoch 3's third sample.
    const signal = { get aborted() { return ++checks > 12; } };
    const result = fit(network, xorInputs, xorTargets, { epochs: 100, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 }, signal, onEpoch: () => void atEpochStart.push(Array.from(network.params)) });
    expect(result.stoppedBy).toBe('aborted');
    expect(result.epochs).toBe(2);
    expect(Array.from(network.params)).toEqual(atEpochStart[2]); // as epoch 2 left them
  });

  it('stops cleanly when its signal is aborted', () => {
    const signal = { aborted: false };
    const network = new Network({ layers: [2, 3, 1], seed: 1 });
    const result = fit(network, xorInputs, xorTargets, { epochs: 100, signal, onEpoch: (info) => void (signal.aborted = info.epoch === 3) });
    expect(result.stoppedBy).toBe('aborted');
    expect(result.epochs).toBe(3);
  });

  it('refuses bad options and data, naming field and value', () => {
    const network = new Network({ layers: [2, 3, 1], loss: 'binary-cross-entropy' });
    expect(() => fit(network, xorInputs, xorTargets, { epochs: 0 })).toThrow(new ConfigError('epochs', 'must be a whole number ≥ 1, got 0'));
    expect(() => fit(network, xorInputs, xorTargets, { optimizer: { name: 'sgd', learningRate: -0.1 } })).toThrow('optimizer.learningRate must be a number > 0, got -0.1');
    expect(() => fit(network, xorInputs, xorTargets, { optimizer: 'nadam' as never })).toThrow(/optimizer must be one of sgd, adam, rprop, quickprop, lbfgs, got "nadam"/);
    expect(() => fit(network, xorInputs, xorTargets, { optimizer: 'rprop', batchSize: 2 })).toThrow(/batchSize must be the whole training set \(4\) for rprop/);
    expect(() => fit(network, xorInputs, [[0], [2], [1], [0]])).toThrow(new DataError('targets row 1 column 0 is 2, but binary-cross-entropy needs targets in [0, 1]'));
    expect(() => fit(network, xorInputs, [[0], [1]])).toThrow('targets have 2 rows, the inputs 4');
    expect(() => fit(network, [[0, NaN]], [[1]])).toThrow('inputs row 0 column 1 must be a finite number, got NaN');
    expect(() => fit(network, xorInputs, xorTargets, { validationSplit: 1.5 })).toThrow('validationSplit must be a number ≥ 0 and < 1, got 1.5');
  });
});

describe('fit on an inference-only network', () => {
  it('refuses before touching the weights when a layer is a step function', () => {
    const network = new Network({ layers: [2, 3, 1], activation: 'threshold', outputActivation: 'sigmoid' });
    const before = Array.from(network.params);
    expect(() => fit(network, xorInputs, xorTargets, { epochs: 1 })).toThrow(
      'activation of layer 1 is "threshold", a step function with no useful derivative: the network can predict but not train (replace it with sigmoid or tanh to train)',
    );
    expect(Array.from(network.params)).toEqual(before);
    expect(network.predict(xorInputs).rows).toBe(4); // it still predicts
  });
});

describe('fit refuses bad arguments with bpnn errors', () => {
  const net = () => new Network({ layers: [2, 3, 1], seed: 1 });
  const xorTargets = [[0], [1], [1], [0]];

  it('null inputs or targets are DataErrors naming them; a network that is not one is a ConfigError', () => {
    expect(() => fit(net(), null as never, xorTargets)).toThrow(new DataError('inputs must be a Matrix, rows of numbers (an array of arrays) or a RowSource, got null'));
    expect(() => fit(net(), xorInputs, null)).toThrow(new DataError('targets must be a Matrix or rows of numbers (an array of arrays), got null'));
    expect(() => fit(null as never, xorInputs, xorTargets)).toThrow(new ConfigError('network', 'must be a Network (new Network({ layers: [2, 4, 1] })), got null'));
    expect(() => fit({} as never, xorInputs, xorTargets)).toThrow(new ConfigError('network', 'must be a Network (new Network({ layers: [2, 4, 1] })), got {}'));
    expect(() => fit({ network: net() } as never, xorInputs, xorTargets)).toThrow(/^network must be a Network .*got a Model: pass model\.network/);
  });

  it('an empty validation set is refused, not scored as NaN', () => {
    expect(() => fit(net(), xorInputs, xorTargets, { validation: { inputs: [], targets: [] }, earlyStopping: true })).toThrow(
      new DataError('validation has no rows: give a validation set of at least one row, or leave it out'),
    );
  });

  it("a row source's rows, inputSize and outputSize are checked where training reads them", () => {
    const source = matrixRows(Matrix.fromRows(xorInputs), Matrix.fromRows(xorTargets));
    for (const [rows, shown] of [[NaN, 'NaN'], [1.5, '1.5'], [-1, '-1']] as const) {
      expect(() => fitRows(net(), { ...source, rows }, { epochs: 1 })).toThrow(new ConfigError('source.rows', `must be a whole number ≥ 0, got ${shown}`));
    }
    expect(() => fitRows(net(), { ...source, inputSize: 0 }, { epochs: 1 })).toThrow(new ConfigError('source.inputSize', 'must be a whole number ≥ 1, got 0'));
  });

  it('matrixRows refuses inputs and targets of different row counts', () => {
    expect(() => matrixRows(Matrix.zeros(40, 2), Matrix.zeros(3, 1))).toThrow(new ShapeError('inputs (40, 2) and targets (3, 1) must have as many rows'));
  });
});
