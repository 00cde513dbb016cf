import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { fit } from '../training/train.js';
import { activation, ACTIVATION_NAMES, type Activation, type ActivationSpec } from '../activations/activations.js';
import { gradientCheck } from './gradcheck.js';
import { ConfigError, DataError } from '../errors.js';
import { hasRelaxedSimd } from '../backend/kernel-variants.js';
import { oneHot } from '../data/labels.js';
import type { LossName } from './losses.js';
import { Matrix } from '../data/matrix.js';
import { Network } from './network.js';
import { Random } from '../random.js';

if (!hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20: the fma build behind a flag

/** Every activation back-propagation can go through (threshold's f′ is 0 wherever it exists). */
const trainable = ACTIVATION_NAMES.filter((n) => activation(n).trainable);
const hiddenActivations: ActivationSpec[] = [...trainable.filter((n) => n !== 'softmax'), { name: 'leaky-relu', alpha: 0.3 }, { name: 'elu', alpha: 0.7 }];

/** The output activations each loss accepts. */
const pairs: [LossName, ActivationSpec][] = [
  ...trainable.map((name): [LossName, ActivationSpec] => ['mse', name]),
  ['binary-cross-entropy', 'sigmoid'],
  ['categorical-cross-entropy', 'softmax'],
];

const shapes = [
  [3, 2],
  [4, 5, 3],
  [2, 6, 4, 3],
];

function data(layers: number[], loss: LossName, rows: number, seed: number) {
  const random = new Random(seed);
  const inputSize = layers[0];
  const outputSize = layers[layers.length - 1];
  const x = Matrix.zeros(rows, inputSize);
  for (let k = 0; k < x.data.length; k++) x.data[k] = random.normal();
  let y: Matrix;
  if (loss === 'categorical-cross-entropy') {
    y = oneHot(Array.from({ length: rows }, () => random.int(outputSize)), outputSize);
  } else {
    y = Matrix.zeros(rows, outputSize);
    for (let k = 0; k < y.data.length; k++) y.data[k] = loss === 'mse' ? random.normal() : random.int(2);
  }
  return { x, y };
}

/** Non-zero biases, so that no relu input sits exactly on the kink at 0 (where f′ is one-sided). */
function randomBiases(network: Network, seed: number): void {
  const random = new Random(seed);
  for (const p of network.parameters()) if (p.kind === 'bias') p.value.forEach((_, k) => (p.value[k] = random.normal(0, 0.3)));
}

/** The js backend (TypeScript loops), and the float64 WebAssembly kernels of both builds. */
const backends = [{ backend: 'js' }, { backend: 'wasm', wasmKernels: 'simd' }, { backend: 'wasm', wasmKernels: 'fma' }] as const;

describe.each(backends)('gradientCheck: back-propagation against central finite differences, float64 on %o', (where) => {
  for (const [loss, output] of pairs) {
    for (const layers of shapes) {
      it(`${loss} with ${JSON.stringify(output)} output, layers ${layers.join('-')}, every hidden activation`, () => {
        for (const [h, hidden] of hiddenActivations.entries()) {
          if (layers.length === 2 && h > 0) break; // no hidden layer: one check is enough
          const network = new Network({ layers, activation: hidden, outputActivation: output, loss, seed: 11 + h, init: 'glorot-normal', ...where });
          expect(network.backend.name).toBe(where.backend);
          randomBiases(network, 200 + h);
          const { x, y } = data(layers, loss, 5, 100 + h);
          const result = gradientCheck(network, x, y);
          expect(result.tensors).toHaveLength(2 * (layers.length - 1));
          expect(result.maxRelativeError, `hidden ${JSON.stringify(hidden)}`).toBeLessThan(1e-6);
        }
      });
    }
  }

  it('includes L2 weight decay in the cost and its gradient', () => {
    const network = new Network({ layers: [4, 6, 3], activation: 'tanh', loss: 'categorical-cross-entropy', seed: 2 });
    const { x, y } = data([4, 6, 3], 'categorical-cross-entropy', 8, 3);
    expect(gradientCheck(network, x, y, { l2: 0.1 }).maxRelativeError).toBeLessThan(1e-6);
  });

  it('checks a float32 network in float64 and leaves it unchanged', () => {
    const network = new Network({ layers: [3, 4, 2], activation: 'sigmoid', dtype: 'float32', seed: 4 });
    const before = Array.from(network.params);
    const { x, y } = data([3, 4, 2], 'mse', 6, 4);
    expect(gradientCheck(network, x, y).maxRelativeError).toBeLessThan(1e-6);
    expect(Array.from(network.params)).toEqual(before);
  });

  it('catches a wrong derivative (the check can fail)', () => {
    const network = new Network({ layers: [3, 4, 2], activation: 'tanh', seed: 4 });
    const tanh = network.activations[0];
    const wrong: Activation = {
      ...tanh,
      name: 'tanh-with-a-wrong-derivative' as never, // not a name any backend has its own loop for
      backward: (z, a, residual, rows, width) => {
        for (let i = 0; i < rows * width; i++) residual[i] *= 1 - a[i]; // should be 1 − a²
      },
    };
    (network.activations as Activation[])[0] = wrong;
    const { x, y } = data([3, 4, 2], 'mse', 6, 4);
    const result = gradientCheck(network, x, y);
    expect(result.tensors[0].relativeError).toBeGreaterThan(1e-2); // layer 0 is wrong …
    expect(result.tensors[2].relativeError).toBeLessThan(1e-6); // … the output layer is not
  });

  it('refuses to back-propagate through a threshold layer, naming it', () => {
    const network = new Network({ layers: [3, 4, 2], activation: 'threshold', outputActivation: 'linear', seed: 4 });
    const { x, y } = data([3, 4, 2], 'mse', 6, 4);
    expect(network.predict(x).rows).toBe(6); // it runs
    expect(() => gradientCheck(network, x, y)).toThrow(/threshold is a step function/);
    expect(() => fit(network, x, y, { epochs: 1 })).toThrow(/activation of layer 1 is "threshold", a step function/);
  });
});

describe('gradientCheck refuses bad arguments with bpnn errors', () => {
  it('a network that is not one is a ConfigError, null inputs a DataError', () => {
    expect(() => gradientCheck(null as never, [[1, 2]], [[1]])).toThrow(new ConfigError('network', 'must be a Network (new Network({ layers: [2, 4, 1] })), got null'));
    expect(() => gradientCheck(new Network({ layers: [2, 1] }), null as never, null as never)).toThrow(new DataError('inputs must be a Matrix or rows of numbers (an array of arrays), got null'));
  });
});
