import { describe, expect, it } from 'vitest';
import type { ActivationSpec } from '../activations/activation.js';
import { DataError, ShapeError } from '../errors.js';
import { hasRelaxedSimd, type KernelVariant } from '../backend/kernel-variants.js';
import type { DType } from '../data/matrix.js';
import { Network } from './network.js';
import { Random } from '../random.js';

// predictOne runs a sample through every layer in one WebAssembly call (assembly/forward-row.ts)
// on the wasm backend; the reference is predict's row for the same sample, which runs the batch
// kernels layer by layer. Both sum bias + Σ_k x·W in k order with the same multiply-add, so they
// agree bit for bit, in either kernel build.

const SHAPES: { layers: number[]; activation: ActivationSpec | ActivationSpec[] }[] = [
  { layers: [64, 32, 10], activation: ['sigmoid', 'softmax'] }, // W1
  { layers: [5, 3], activation: 'linear' }, // one layer, widths below 4
  { layers: [7, 13, 9, 6, 3], activation: ['relu', { name: 'leaky-relu', alpha: 0.07 }, 'tanh', 'softmax'] },
  { layers: [9, 17, 23, 5], activation: ['elu', 'softplus', 'sigmoid'] },
  { layers: [33, 19, 1], activation: [{ name: 'elu', alpha: 0.5 }, 'linear'] },
  { layers: [4, 6, 2], activation: ['gaussian', 'softmax'] }, // no native kernel: the layer-by-layer path
];

const variants: KernelVariant[] = hasRelaxedSimd() ? ['simd', 'fma'] : ['simd'];
const setups: { backend: 'js' | 'wasm'; dtype: DType; kernels?: KernelVariant }[] = [];
for (const dtype of ['float32', 'float64'] as const) {
  setups.push({ backend: 'js', dtype });
  for (const kernels of variants) setups.push({ backend: 'wasm', dtype, kernels });
}

function rows(count: number, width: number, seed: number): number[][] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => Array.from({ length: width }, () => random.next() * 6 - 3));
}

describe('predictOne', () => {
  for (const { backend, dtype, kernels } of setups) {
    for (const { layers, activation } of SHAPES) {
      it(`equals predict's row bit for bit: ${layers.join('-')} ${JSON.stringify(activation)}, ${dtype}, ${backend}${kernels ? ` ${kernels}` : ''}`, () => {
        const network = new Network({ layers, activation, dtype, backend, wasmKernels: kernels, seed: 3 });
        const samples = rows(9, layers[0], 5);
        const batch = network.predict(samples);
        samples.forEach((row, r) => expect(Array.from(network.predictOne(row))).toEqual(Array.from(batch.row(r))));
        // a typed array is copied in as it is (and checked by the kernel on wasm): the same outputs
        samples.forEach((row, r) => expect(Array.from(network.predictOne(Float64Array.from(row)))).toEqual(Array.from(batch.row(r))));
        samples.forEach((row, r) => expect(Array.from(network.predictOne(Float32Array.from(row)))).toEqual(Array.from(network.predict([Array.from(Float32Array.from(row))]).row(0))));
        // after a larger batch has replaced the buffers, and once more from a fresh network
        network.predict(rows(40, layers[0], 6));
        samples.forEach((row, r) => expect(Array.from(network.predictOne(row))).toEqual(Array.from(batch.row(r))));
      });
    }
  }

  it('returns a new array each call, not a view of the network', () => {
    const network = new Network({ layers: [64, 32, 10], activation: ['sigmoid', 'softmax'], dtype: 'float32', backend: 'wasm', seed: 1 });
    const [a, b] = rows(2, 64, 2);
    const first = network.predictOne(a);
    const copy = Array.from(first);
    network.predictOne(b);
    expect(Array.from(first)).toEqual(copy);
    expect(first.length).toBe(10);
  });

  for (const backend of ['js', 'wasm'] as const) {
    it(`fills a caller's output array instead, of either dtype (${backend})`, () => {
      const network = new Network({ layers: [64, 32, 10], activation: ['sigmoid', 'softmax'], dtype: 'float32', backend, seed: 1 });
      const [a, b] = rows(2, 64, 2);
      const expected = Array.from(network.predictOne(a));
      const output = new Float32Array(10);
      expect(network.predictOne(a, output)).toBe(output);
      expect(Array.from(output)).toEqual(expected);
      network.predictOne(b, output);
      expect(Array.from(output)).toEqual(Array.from(network.predictOne(b)));
      const wide = new Float64Array(10);
      network.predictOne(a, wide);
      expect(Array.from(wide)).toEqual(expected); // float32 values, held exactly
      expect(() => network.predictOne(a, new Float32Array(9))).toThrow(new ShapeError('output has 9 values, the network gives 10'));
      expect(() => network.predictOne(a, [] as unknown as Float32Array)).toThrow('output must be a Float32Array or Float64Array of 10 values, got []');
    });
  }

  it('leaves the activations explain reads: explain equals the layer-by-layer forward', () => {
    for (const backend of ['js', 'wasm'] as const) {
      const network = new Network({ layers: [6, 5, 3], activation: ['tanh', 'softmax'], loss: 'categorical-cross-entropy', dtype: 'float32', backend, seed: 4 });
      const [x] = rows(1, 6, 8);
      const explained = network.explain(x, [0, 1, 0]);
      expect(Array.from(explained.activations[2])).toEqual(Array.from(network.predict([x]).row(0)));
    }
  });

  for (const backend of ['js', 'wasm'] as const) {
    it(`keeps its input checks (${backend})`, () => {
      const network = new Network({ layers: [3, 4, 2], activation: 'sigmoid', dtype: 'float32', backend, seed: 2 });
      expect(() => network.predictOne([1, 2])).toThrow(ShapeError);
      expect(() => network.predictOne([1, 2])).toThrow('input has 2 values, the network takes 3');
      expect(() => network.predictOne([1, Number.NaN, 3])).toThrow(DataError);
      expect(() => network.predictOne([1, Number.NaN, 3])).toThrow('input column 1 must be a finite number, got NaN');
      expect(() => network.predictOne([1, 2, Infinity])).toThrow('input column 2 must be a finite number');
      expect(Array.from(network.predictOne([1, 2, 3]))).toEqual(Array.from(network.predict([[1, 2, 3]]).row(0)));
    });

    for (const dtype of ['float32', 'float64'] as const) {
      it(`names the first value that is not finite, in any kind of input (${backend}, ${dtype})`, () => {
        // 9 inputs: the kernel checks 4 (float32) or 2 (float64) at a time, then the rest one by one
        const network = new Network({ layers: [9, 5, 3], activation: ['sigmoid', 'softmax'], dtype, backend, seed: 2 });
        const good = [0.5, -1, 2, 0, -0, 1e-40, 3, -2, 1];
        const expected = Array.from(network.predict([good]).row(0));
        for (const make of [(v: number[]) => v, (v: number[]) => Float32Array.from(v), (v: number[]) => Float64Array.from(v)]) {
          for (const column of [0, 3, 5, 8]) {
            for (const bad of [Number.NaN, Infinity, -Infinity]) {
              const input = [...good];
              input[column] = bad;
              input[Math.min(column + 1, 8)] = Number.NaN; // a later bad value: the first is named
              if (column === 8) input[column] = bad;
              expect(() => network.predictOne(make(input))).toThrow(new DataError(`input column ${column} must be a finite number, got ${bad}`));
            }
          }
          expect(Array.from(network.predictOne(make(good)))).toEqual(expected); // and the network still works
        }
        expect(Array.from(network.predictOne(Int8Array.from([1, 2, 3, 0, 0, 0, -1, -2, -3])))).toEqual(Array.from(network.predict([[1, 2, 3, 0, 0, 0, -1, -2, -3]]).row(0)));
        const strings = ['1', ...good.slice(1)] as unknown as number[];
        expect(() => network.predictOne(strings)).toThrow(new DataError('input column 0 must be a finite number, got "1"'));
        expect(() => network.predictOne([...good.slice(0, 4), undefined as unknown as number, ...good.slice(5)])).toThrow('input column 4 must be a finite number, got nothing');
        if (dtype === 'float32') {
          // 1e300 is finite, but not in float32, where it would be ∞
          for (const input of [[...good.slice(0, 6), 1e300, ...good.slice(7)], Float64Array.from([...good.slice(0, 6), -1e300, ...good.slice(7)])]) {
            expect(() => network.predictOne(input)).toThrow(`input column 6 must be a finite number, got ${input[6]} (beyond float32's range)`);
          }
        }
      });
    }
  }
});
