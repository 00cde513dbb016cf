import { describe, expect, it, vi } from 'vitest';
import { fit } from './train.js';
import type { ActivationSpec } from '../activations/activations.js';
import type { LossName } from '../network/losses.js';
import { Matrix, type DType } from '../data/matrix.js';
import { Network } from '../network/network.js';
import { compileSampleStep, MAX_COMPILED_PARAMETERS, stepSource } from './online.js';
import { optimizer, type OptimizerSpec } from '../optimizers/optimizer.js';
import { Random } from '../random.js';

interface Case {
  layers: number[];
  hidden: ActivationSpec;
  output: ActivationSpec;
  loss: LossName;
}

// Every element-wise activation kind the general path treats differently: a written-out loop
// (activation-loops.ts), the activation's own f and f′ (elu, softplus, FANN's), f′ = 1 (linear),
// the a − y shortcut (sigmoid with cross-entropy, linear with mse), and no hidden layer at all.
const CASES: Case[] = [
  { layers: [2, 3, 1], hidden: 'sigmoid', output: 'sigmoid', loss: 'mse' },
  { layers: [3, 5, 4, 2], hidden: 'tanh', output: 'linear', loss: 'mse' },
  { layers: [4, 6, 3], hidden: 'relu', output: 'sigmoid', loss: 'binary-cross-entropy' },
  { layers: [3, 4, 2], hidden: { name: 'leaky-relu', alpha: 0.1 }, output: 'tanh', loss: 'mse' },
  { layers: [2, 5, 1], hidden: { name: 'elu', alpha: 0.7 }, output: 'softplus', loss: 'mse' },
  { layers: [3, 4, 4, 1], hidden: 'elliot-symmetric', output: 'gaussian', loss: 'mse' },
  { layers: [5, 2], hidden: 'linear', output: 'sigmoid', loss: 'binary-cross-entropy' },
  // A softmax output goes through its own forward and backward: with cross-entropy (a − y), and
  // with mse (its Jacobian-vector product).
  { layers: [4, 6, 3], hidden: 'relu', output: 'softmax', loss: 'categorical-cross-entropy' },
  { layers: [3, 5, 3], hidden: 'tanh', output: 'softmax', loss: 'mse' },
];

function network(c: Case, dtype: DType, seed = 3): Network {
  return new Network({ layers: c.layers, activation: c.hidden, outputActivation: c.output, loss: c.loss, dtype, seed, backend: 'js' });
}

/** Random inputs and targets in (0, 1) for a case, drawn in float64. */
function data(c: Case, rows: number, seed: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed);
  const x = Matrix.zeros(rows, c.layers[0]); // (rows, n_0)
  const y = Matrix.zeros(rows, c.layers[c.layers.length - 1]); // (rows, n_L)
  for (let k = 0; k < x.data.length; k++) x.data[k] = random.uniform(-2, 2);
  for (let k = 0; k < y.data.length; k++) y.data[k] = random.uniform(0.05, 0.95);
  if (c.loss === 'categorical-cross-entropy') {
    // Each row a distribution: cross-entropy with softmax needs rows that sum to 1.
    for (let r = 0; r < y.rows; r++) {
      let sum = 0;
      for (let j = 0; j < y.cols; j++) sum += y.data[r * y.cols + j];
      for (let j = 0; j < y.cols; j++) y.data[r * y.cols + j] /= sum;
    }
  }
  return { x, y };
}

const bits = (values: ArrayLike<number>) => Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('the compiled online step', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const c of CASES) {
      const name = `${c.layers.join('-')} ${JSON.stringify(c.hidden)}/${JSON.stringify(c.output)} ${c.loss}, ${dtype}`;
      it(`gives the general path's cost and gradients bit for bit: ${name}`, () => {
        const { x, y } = data(c, 6, 11);
        for (const l2 of [0, 0.01]) {
          const reference = network(c, dtype);
          const compiled = network(c, dtype);
          const step = compileSampleStep(compiled, l2, false);
          expect(step).not.toBeNull();
          const n0 = c.layers[0];
          const nL = c.layers[c.layers.length - 1];
          for (let r = 0; r < x.rows; r++) {
            // The general path on the same row, in the network's own dtype (as fit gathers it).
            const inputs = reference.allocateBuffer(n0);
            const targets = reference.allocateBuffer(nL);
            inputs.set(x.data.subarray(r * n0, (r + 1) * n0));
            targets.set(y.data.subarray(r * nL, (r + 1) * nL));
            reference.forward(inputs, 1);
            const cost = reference.cost(targets, 1, l2);
            reference.backward(targets, 1, l2);
            step!.run(x.data, r * n0, y.data, r * nL, 0);
            expect(step!.cost[0]).toBe(cost);
            expect(bits(compiled.grads)).toEqual(bits(reference.grads));
          }
        }
      });

      it(`trains to the general path's weights bit for bit: ${name}`, () => {
        const { x, y } = data(c, 5, 12);
        const optimizers: OptimizerSpec[] = [
          { name: 'sgd', learningRate: 0.2 }, // plain descent: the compiled step takes it too
          { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
          { name: 'adam', learningRate: 0.01 },
        ];
        for (const spec of optimizers) {
          const fitted = network(c, dtype);
          const result = fit(fitted, x, y, { epochs: 3, batchSize: 1, optimizer: spec, l2: 0.001, seed: 5 });
          // The general path by hand: the same seeded shuffles, forward → loss → backward → step.
          const reference = network(c, dtype);
          const opt = optimizer(spec, 'optimizer', reference.backend);
          const random = new Random(5);
          const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
          const n0 = c.layers[0];
          const nL = c.layers[c.layers.length - 1];
          const inputs = reference.allocateBuffer(n0);
          const targets = reference.allocateBuffer(nL);
          for (let epoch = 0; epoch < 3; epoch++) {
            random.shuffleIndices(order);
            let lossSum = 0;
            for (const r of order) {
              inputs.set(x.data.subarray(r * n0, (r + 1) * n0));
              targets.set(y.data.subarray(r * nL, (r + 1) * nL));
              reference.forward(inputs, 1);
              lossSum += reference.cost(targets, 1, 0.001);
              reference.backward(targets, 1, 0.001);
              opt.step(reference.params, reference.grads);
            }
            expect(result.history[epoch].loss).toBe(lossSum / x.rows);
          }
          expect(bits(fitted.params)).toEqual(bits(reference.params));
        }
      });
    }
  }

  it('is not used where it cannot be: wasm, step functions, large networks', () => {
    const wasm = new Network({ layers: [2, 3, 1], dtype: 'float32', backend: 'wasm' });
    expect(compileSampleStep(wasm, 0, true)).toBeNull();
    const step = new Network({ layers: [2, 3, 2], activation: 'threshold' });
    expect(compileSampleStep(step, 0, true)).toBeNull();
    const large = new Network({ layers: [40, 30, 2] });
    expect(large.parameterCount).toBeGreaterThan(MAX_COMPILED_PARAMETERS);
    expect(compileSampleStep(large, 0, true)).toBeNull();
  });

  it('updates each weight only after the residuals below have read it', () => {
    // δ¹ reads W[1] (p[9], p[10], p[11] for a 2-3-1 network) before W[1]'s step writes it.
    const source = stepSource([2, 3, 1], { float32: false, l2: false, shortcut: false, descend: true });
    const read = source.indexOf('const d1_0');
    const written = source.indexOf('p[9] -=');
    expect(read).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(read);
  });

  it('falls back to the general path, with the same weights, where code generation is forbidden', () => {
    // As under a Content-Security-Policy without 'unsafe-eval', or node --disallow-code-generation-from-strings.
    // (A shape no other test compiles: a factory compiled before is kept, see the next test.)
    const c: Case = { layers: [2, 7, 1], hidden: 'sigmoid', output: 'sigmoid', loss: 'mse' };
    const { x, y } = data(c, 4, 13);
    const train = () => {
      const n = network(c, 'float32');
      fit(n, x, y, { epochs: 20, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 } });
      return bits(n.params);
    };
    vi.stubGlobal('Function', function forbidden() {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    let general: string[];
    try {
      expect(compileSampleStep(network(c, 'float32'), 0, true)).toBeNull();
      general = train();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(compileSampleStep(network(c, 'float32'), 0, true)).not.toBeNull();
    expect(train()).toEqual(general);
  });

  it('compiles a shape once per process: networks of one shape, trained in turns, each get their own weights', () => {
    const c = CASES[1];
    const { x, y } = data(c, 6, 21);
    const options = { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 } as OptimizerSpec, shuffle: false };
    const alone = [7, 8].map((seed) => {
      const n = network(c, 'float64', seed);
      for (let e = 0; e < 5; e++) fit(n, x, y, options);
      return bits(n.params);
    });
    const spy = vi.spyOn(globalThis, 'Function');
    try {
      const [a, b] = [network(c, 'float64', 7), network(c, 'float64', 8)];
      for (let e = 0; e < 5; e++) {
        fit(a, x, y, options);
        fit(b, x, y, options);
      }
      expect(spy).not.toHaveBeenCalled(); // the factory of this shape was compiled above
      expect([bits(a.params), bits(b.params)]).toEqual(alone);
    } finally {
      spy.mockRestore();
    }
  });
});
