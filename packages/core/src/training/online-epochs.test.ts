import { describe, expect, it } from 'vitest';
import type { ActivationSpec } from '../activations/activations.js';
import { fitAsync } from './fit-async.js';
import { fit, type FitOptions, type FitResult } from './train.js';
import { Matrix, type DType } from '../data/matrix.js';
import { Network } from '../network/network.js';
import { onlineEpochs } from './online-epochs.js';
import { MAX_COMPILED_PARAMETERS } from './online.js';
import { Random } from '../random.js';

// fit runs whole epochs in WebAssembly where nothing observes them (online-epochs.ts); an onEpoch
// callback, which observes every epoch, makes it take the compiled step (online.ts), itself held
// to the general path bit for bit by online.test.ts. So fit without and with a callback must agree
// to the bit: weights, gradients, epoch losses, the row order and the generator's state (both in
// the checkpoint) and why training stopped.
interface Case {
  layers: number[];
  hidden: ActivationSpec;
  output: ActivationSpec;
}

const CASES: Case[] = [
  { layers: [2, 3, 1], hidden: 'sigmoid', output: 'sigmoid' }, // W3's XOR network
  { layers: [3, 5, 4, 2], hidden: 'relu', output: 'linear' }, // two hidden layers; mse's a − y shortcut
  { layers: [3, 4, 2], hidden: { name: 'leaky-relu', alpha: 0.1 }, output: 'sigmoid' },
  { layers: [4, 6, 3], hidden: 'sigmoid', output: 'relu' },
  { layers: [5, 2], hidden: 'linear', output: 'sigmoid' }, // no hidden layer
];

function network(c: Case, dtype: DType, seed = 3): Network {
  return new Network({ layers: c.layers, activation: c.hidden, outputActivation: c.output, loss: 'mse', dtype, seed, backend: 'js' });
}

/** Random inputs in (−2, 2) and targets in (0.05, 0.95), drawn in float64. */
function data(c: Case, rows: number, seed: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed);
  const x = Matrix.zeros(rows, c.layers[0]); // (rows, n_0)
  const y = Matrix.zeros(rows, c.layers[c.layers.length - 1]); // (rows, n_L)
  for (let k = 0; k < x.data.length; k++) x.data[k] = random.uniform(-2, 2);
  for (let k = 0; k < y.data.length; k++) y.data[k] = random.uniform(0.05, 0.95);
  return { x, y };
}

const bits = (values: ArrayLike<number>) => Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** What a training leaves, for comparing two of them to the bit. */
function outcome(n: Network, result: FitResult) {
  return {
    params: bits(n.params),
    grads: bits(n.grads),
    losses: bits(result.history.map((h) => h.loss)),
    epochs: result.epochs,
    stoppedBy: result.stoppedBy,
    bestEpoch: result.bestEpoch,
    order: result.checkpoint === undefined ? undefined : Array.from(result.checkpoint.order),
    random: result.checkpoint?.random,
  };
}

/** fit in WebAssembly (no observer) and through the compiled step (an onEpoch callback that does nothing). */
function both(c: Case, dtype: DType, x: Matrix, y: Matrix, options: FitOptions) {
  const inWasm = network(c, dtype);
  const wasm = outcome(inWasm, fit(inWasm, x, y, options));
  const stepped = network(c, dtype);
  const step = outcome(stepped, fit(stepped, x, y, { ...options, onEpoch: () => {} }));
  return { wasm, step };
}

describe('whole online epochs in WebAssembly', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const c of CASES) {
      const name = `${c.layers.join('-')} ${JSON.stringify(c.hidden)}/${JSON.stringify(c.output)}, ${dtype}`;
      it(`trains to the compiled step's weights bit for bit: ${name}`, () => {
        expect(onlineEpochs(network(c, dtype), 0, MAX_COMPILED_PARAMETERS)).not.toBeNull();
        const { x, y } = data(c, 7, 12);
        for (const options of [
          { epochs: 30, optimizer: { name: 'sgd', learningRate: 0.2 } },
          { epochs: 30, optimizer: { name: 'sgd', learningRate: 0.1 }, l2: 0.01, seed: 9 },
          { epochs: 30, optimizer: { name: 'sgd', learningRate: 0.3 }, shuffle: false },
        ] as FitOptions[]) {
          const { wasm, step } = both(c, dtype, x, y, { batchSize: 1, ...options });
          expect(wasm.order).toBeDefined();
          expect(wasm).toEqual(step);
        }
      });
    }
  }

  it("gives XOR's 10,000 epochs the compiled step's weights, over many calls (epochs that do not divide a call's samples)", () => {
    const c = CASES[0];
    const x = new Matrix(4, 2, Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1)); // (4, 2)
    const y = new Matrix(4, 1, Float64Array.of(0, 1, 1, 0)); // (4, 1)
    for (const dtype of ['float64', 'float32'] as const) {
      const { wasm, step } = both(c, dtype, x, y, { epochs: 10_000, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 }, seed: 4 });
      expect(wasm).toEqual(step);
    }
    const three = data(c, 3, 5); // 4096 is not a multiple of 3
    const { wasm, step } = both(c, 'float64', three.x, three.y, { epochs: 3000, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 } });
    expect(wasm).toEqual(step);
  });

  it('keeps the sign of zero residuals as the compiled step does (float32 computes some lines in f32)', () => {
    // A relu output at 0 with target 0 has residual +0; through a negative weight, δ·W is −0, and
    // 0 + δ·W is +0: the hidden residuals and their gradients are zeros of the compiled step's sign.
    const c: Case = { layers: [3, 4, 1], hidden: 'relu', output: 'relu' };
    const { x } = data(c, 9, 21);
    const y = Matrix.zeros(9, 1); // (9, 1)
    for (const dtype of ['float32', 'float64'] as const) {
      for (const seed of [1, 2, 3]) {
        const { wasm, step } = both(c, dtype, x, y, { epochs: 3, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 }, seed });
        expect(wasm).toEqual(step);
      }
    }
  });

  it('records every epoch of every call in the history, each call\'s epochs at its end time', () => {
    const c = CASES[0];
    const { x, y } = data(c, 4, 19);
    const n = network(c, 'float32');
    const { history } = fit(n, x, y, { epochs: 2500, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 } }); // 3 calls
    expect(history).toHaveLength(2500);
    expect(history.map((h) => h.epoch)).toEqual(Array.from({ length: 2500 }, (_, e) => e + 1));
    expect(history.every((h) => h.valLoss === undefined && h.valAccuracy === undefined && Number.isFinite(h.loss))).toBe(true);
    const seconds = history.map((h) => h.seconds);
    expect(seconds.every((t, e) => t >= 0 && (e === 0 || t >= seconds[e - 1]))).toBe(true);
    expect(seconds[1023]).toBe(seconds[0]); // the first call's 1,024 epochs (4,096 samples)
  });

  it('stops at the target loss where the compiled step stops', () => {
    const c = CASES[0];
    const { x, y } = data(c, 6, 14);
    const { wasm, step } = both(c, 'float64', x, y, { epochs: 5000, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 }, targetLoss: 0.02 });
    expect(wasm.stoppedBy).toBe('target-loss');
    expect(wasm.epochs).toBeLessThan(5000);
    expect(wasm).toEqual(step);
  });

  it('stops a diverging training with the same error and the same weights', () => {
    const c = CASES[1]; // relu and a linear output: a large step diverges
    const { x, y } = data(c, 5, 15);
    const run = (onEpoch?: () => void) => {
      const n = network(c, 'float64');
      let message = '';
      try {
        fit(n, x, y, { epochs: 200, batchSize: 1, optimizer: { name: 'sgd', learningRate: 3 }, onEpoch });
      } catch (error) {
        message = (error as Error).message;
      }
      return { message, params: bits(n.params) };
    };
    const wasm = run();
    expect(wasm.message).toMatch(/^training diverged in epoch \d+/);
    expect(wasm).toEqual(run(() => {}));
  });

  it('gives fitAsync, in time slices, the weights fit gives', async () => {
    const c = CASES[0];
    const { x, y } = data(c, 4, 16);
    const options: FitOptions = { epochs: 3000, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 }, seed: 2 };
    const a = network(c, 'float32');
    const sync = outcome(a, fit(a, x, y, options));
    const b = network(c, 'float32');
    const sliced = outcome(b, await fitAsync(b, x, y, options));
    expect(sliced).toEqual(sync);
  });

  it('is not used where it cannot give the same bits, or would not pay', () => {
    const none = (n: Network) => expect(onlineEpochs(n, 0, MAX_COMPILED_PARAMETERS)).toBeNull();
    none(new Network({ layers: [2, 3, 1], activation: 'tanh', loss: 'mse', backend: 'js' })); // tanh: AssemblyScript's, not the engine's
    none(new Network({ layers: [4, 6, 3], activation: 'relu', outputActivation: 'softmax', loss: 'categorical-cross-entropy', backend: 'js' }));
    none(new Network({ layers: [2, 3, 1], activation: 'sigmoid', loss: 'binary-cross-entropy', backend: 'js' }));
    none(new Network({ layers: [2, 3, 1], dtype: 'float32', backend: 'wasm' }));
    none(new Network({ layers: [40, 30, 2], backend: 'js' }));
  });
});
