import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../test/datasets.js';
import { ConfigError, TrainingError } from '../errors.js';
import { fitAsync } from './fit-async.js';
import { Model } from '../model/model.js';
import { Network, type NetworkOptions } from '../network/network.js';
import { fit, startTraining, type FitOptions } from './train.js';
import { Random } from '../random.js';

const xorInputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const xorTargets = [[0], [1], [1], [0]];

/** n rows of a smooth two-class problem (seeded), one-hot targets. */
function rings(n: number, seed = 1): { x: number[][]; y: number[][] } {
  const random = new Random(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = random.next() * 2 - 1;
    const b = random.next() * 2 - 1;
    x.push([a, b]);
    y.push(a * a + b * b < 0.5 ? [1, 0] : [0, 1]);
  }
  return { x, y };
}

/** Training setups that take each path of the loop: compiled online steps, batches, full batch, wasm. */
const setups: { name: string; network: NetworkOptions; options: FitOptions; data: () => { x: number[][]; y: number[][] } }[] = [
  { name: 'online SGD on XOR (compiled step)', network: { layers: [2, 3, 1], activation: 'sigmoid', loss: 'mse', seed: 2 }, options: { epochs: 300, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 } }, data: () => ({ x: xorInputs, y: xorTargets }) },
  { name: 'adam in batches of 7, validation split, early stopping', network: { layers: [2, 16, 2], activation: 'tanh', loss: 'categorical-cross-entropy', seed: 3 }, options: { epochs: 60, batchSize: 7, validationSplit: 0.25, earlyStopping: { patience: 5 }, l2: 1e-4 }, data: () => rings(90) },
  { name: 'rprop on the full batch', network: { layers: [2, 8, 2], activation: 'tanh', loss: 'categorical-cross-entropy', seed: 4 }, options: { epochs: 40, optimizer: 'rprop' }, data: () => rings(50) },
  { name: 'float32 on the wasm backend', network: { layers: [2, 64, 64, 2], activation: 'relu', loss: 'categorical-cross-entropy', dtype: 'float32', seed: 5 }, options: { epochs: 20, batchSize: 16 }, data: () => rings(100) },
];

describe('fitAsync', () => {
  for (const setup of setups) {
    it(`gives fit's weights and history to the bit: ${setup.name}`, async () => {
      const { x, y } = setup.data();
      const sync = new Network(setup.network);
      const expected = fit(sync, x, y, setup.options);
      const async = new Network(setup.network);
      const actual = await fitAsync(async, x, y, setup.options);
      expect(Array.from(async.params)).toEqual(Array.from(sync.params));
      expect(actual.history.map((e) => [e.loss, e.valLoss])).toEqual(expected.history.map((e) => [e.loss, e.valLoss]));
      expect([actual.epochs, actual.bestEpoch, actual.stoppedBy]).toEqual([expected.epochs, expected.bestEpoch, expected.stoppedBy]);
    });

    it(`gives the same weights whatever the slices: ${setup.name}`, () => {
      // The step API that fitAsync drives, in slices of 1, 5 and 13 samples (mid-epoch, mid-batch).
      const { x, y } = setup.data();
      const whole = new Network(setup.network);
      fit(whole, x, y, setup.options);
      for (const slice of [1, 5, 13]) {
        const network = new Network(setup.network);
        const training = startTraining(network, x, y, setup.options);
        let calls = 0;
        while (!training.advance(slice)) calls++;
        training.close();
        expect(calls).toBeGreaterThan(0);
        expect(Array.from(network.params)).toEqual(Array.from(whole.params));
      }
    });
  }

  it('lets the event loop run during training: a timer fires before it ends, progress is reported', async () => {
    const { x, y } = rings(400);
    const network = new Network({ layers: [2, 64, 2], activation: 'relu', loss: 'categorical-cross-entropy', seed: 6 });
    let trainingDone = false;
    let timerFiredDuringTraining: boolean | undefined;
    setTimeout(() => (timerFiredDuringTraining = !trainingDone), 0);
    const progress: number[] = [];
    const result = await fitAsync(network, x, y, { epochs: 100, batchSize: 8, onProgress: (p) => progress.push(p.epoch) });
    trainingDone = true;
    expect(result.epochs).toBe(100);
    expect(timerFiredDuringTraining).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeLessThan(100);
  });

  it('takes an async onProgress: settles after its promises, and a rejection stops training and rejects fitAsync with it (it ended the process, unhandled)', async () => {
    const { x, y } = rings(400);
    const setup = { layers: [2, 16, 2], activation: 'relu', loss: 'categorical-cross-entropy', seed: 8 } as const;
    // Resolving later: fitAsync waits for the last of them, and trains as fit does.
    const saved: number[] = [];
    const network = new Network(setup);
    const result = await fitAsync(network, x, y, { epochs: 30, batchSize: 8, onProgress: async (p) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      saved.push(p.epoch);
    } });
    expect(result.epochs).toBe(30);
    expect(saved.length).toBeGreaterThan(1);
    const reference = new Network(setup);
    fit(reference, x, y, { epochs: 30, batchSize: 8 });
    expect(Array.from(network.params)).toEqual(Array.from(reference.params));
    // Rejecting: training stops at the next slice, with the callback's own error.
    const failing = new Network(setup);
    let calls = 0;
    const error = await fitAsync(failing, x, y, { epochs: 100_000, batchSize: 4, onProgress: async () => {
      calls++;
      throw new Error('the log is full');
    } }).catch((e: unknown) => e);
    expect(error).toEqual(new Error('the log is full'));
    expect(calls).toBe(1);
    // The network is free again.
    expect(fit(failing, x, y, { epochs: 1 }).epochs).toBe(1);
  });

  it('stops at an abort while it yields, resolves as aborted with the last whole epoch, like fit', async () => {
    const { x, y } = rings(400);
    const options: FitOptions = { epochs: 100_000, batchSize: 4 };
    const setup = { layers: [2, 32, 2], activation: 'relu', loss: 'categorical-cross-entropy', seed: 7 } as const;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const network = new Network(setup);
    const result = await fitAsync(network, x, y, { ...options, signal: controller.signal });
    expect(result.stoppedBy).toBe('aborted');
    expect(result.epochs).toBeLessThan(100_000);
    // The weights are those of the epochs it finished: fit for that many epochs gives them.
    const reference = new Network(setup);
    fit(reference, x, y, { ...options, epochs: Math.max(result.epochs, 1) });
    if (result.epochs > 0) expect(Array.from(network.params)).toEqual(Array.from(reference.params));
    // An already aborted signal trains nothing.
    const untouched = new Network(setup);
    const before = Array.from(untouched.params);
    const none = await fitAsync(untouched, x, y, { ...options, signal: AbortSignal.abort() });
    expect([none.stoppedBy, none.epochs]).toEqual(['aborted', 0]);
    expect(Array.from(untouched.params)).toEqual(before);
  });

  it('refuses a second training of the same network until the first settles', async () => {
    const network = new Network({ layers: [2, 3, 1], activation: 'tanh', seed: 1 });
    const first = fitAsync(network, xorInputs, xorTargets, { epochs: 10 });
    expect(() => fit(network, xorInputs, xorTargets)).toThrow(ConfigError);
    await expect(fitAsync(network, xorInputs, xorTargets)).rejects.toThrow(/network is already training/);
    await first;
    expect(fit(network, xorInputs, xorTargets, { epochs: 2 }).epochs).toBe(2);
  });

  it('rejects bad options and divergence with the errors fit throws, and frees the network', async () => {
    const network = new Network({ layers: [2, 8, 1], activation: 'linear', seed: 1 });
    await expect(fitAsync(network, xorInputs, xorTargets, { epochs: 0 })).rejects.toThrow(/epochs must be a whole number ≥ 1, got 0/);
    await expect(fitAsync(network, xorInputs, xorTargets, { onProgress: 3 as never })).rejects.toThrow(/onProgress must be a function, got 3/);
    const x = Array.from({ length: 16 }, (_, i) => [i * 100, -i * 50]);
    const y = x.map(([a]) => [a * 1000]);
    await expect(fitAsync(network, x, y, { epochs: 50, optimizer: { name: 'sgd', learningRate: 10 } })).rejects.toThrow(TrainingError);
    expect(network.params.every(Number.isFinite)).toBe(true);
    // Not 'already training': each failure released the network (this one diverges again).
    expect(() => fit(network, x, y, { epochs: 50, optimizer: { name: 'sgd', learningRate: 10 } })).toThrow(TrainingError);
    const fresh = new Network({ layers: [2, 3, 1], activation: 'tanh', seed: 1 });
    await expect(fitAsync(fresh, xorInputs, xorTargets, { batchSize: 0 })).rejects.toThrow(/batchSize must be a whole number ≥ 1, got 0/);
    expect(fit(fresh, xorInputs, xorTargets, { epochs: 1 }).epochs).toBe(1);
  });
});

describe('Model.trainAsync', () => {
  it('trains the model Model.train trains, to the bit', async () => {
    const iris = loadCsv('iris.csv', 'species');
    const options = { epochs: 30, hidden: [16], validationSplit: 0.2, seed: 9 };
    const sync = Model.train(iris, options);
    const async = await Model.trainAsync(iris, { ...options, onProgress: () => {} });
    expect(Array.from(async.model.network.params)).toEqual(Array.from(sync.model.network.params));
    expect(async.model.training).toEqual({ ...sync.model.training, seconds: async.model.training!.seconds });
    expect(async.model.predict(iris.inputs)).toEqual(sync.model.predict(iris.inputs));
  });
});

describe('fitAsync refuses bad arguments as fit does', () => {
  it('null inputs are a DataError', async () => {
    await expect(fitAsync(new Network({ layers: [2, 1] }), null as never, [[1]])).rejects.toThrow(/^inputs must be a Matrix, rows of numbers/);
  });
});
