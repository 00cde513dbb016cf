import { describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../backend/backend.js';
import { hasRelaxedSimd } from '../backend/kernel-variants.js';
import type { FloatArray } from '../data/matrix.js';
import { Random } from '../random.js';
import { optimizer, type OptimizerSpec } from './optimizer.js';
import { smallestNormal } from './optimizer-interface.js';

/**
 * Adam's moments and the momentum's velocity decay geometrically while a gradient stays zero (a
 * dead ReLU's weights, a constant input's), and a weight decayed by L2 can too: without a flush
 * they sink into subnormal numbers, which slowed every later step several times over (a float32
 * regression's epochs from 0.23 s to 1.4 s). Every kept value below the dtype's smallest normal
 * number must become exactly 0, in the TypeScript loops and in each WebAssembly build, and a value
 * above it must follow the update rule: checked against the rule computed in float64 by hand.
 */
const backends: [string, 'float32' | 'float64', () => Backend | undefined][] = [
  ['TypeScript loops, float32', 'float32', () => undefined],
  ['TypeScript loops, float64', 'float64', () => undefined],
  ['wasm simd, float32', 'float32', () => createBackend('float32', 'wasm', Infinity, 'simd')],
  ['wasm simd, float64', 'float64', () => createBackend('float64', 'wasm', Infinity, 'simd')],
  ...(hasRelaxedSimd()
    ? ([
        ['wasm fma, float32', 'float32', () => createBackend('float32', 'wasm', Infinity, 'fma')],
        ['wasm fma, float64', 'float64', () => createBackend('float64', 'wasm', Infinity, 'fma')],
      ] as [string, 'float32' | 'float64', () => Backend | undefined][])
    : []),
];

const isSubnormal = (x: number, tiny: number) => x !== 0 && Math.abs(x) < tiny;

function buffers(dtype: 'float32' | 'float64', backend: Backend | undefined, count: number): [FloatArray, FloatArray] {
  const make = (n: number) => backend?.allocate(n) ?? (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  return [make(count), make(count)];
}

describe.each(backends)('%s', (_, dtype, makeBackend) => {
  const tiny = dtype === 'float32' ? 2 ** -126 : 2 ** -1022;

  it('smallestNormal is the dtype’s smallest normal number', () => {
    const [params] = buffers(dtype, makeBackend(), 1);
    expect(smallestNormal(params)).toBe(tiny);
    params[0] = tiny / 2;
    expect(params[0]).toBe(tiny / 2); // representable, so a flush is needed to get rid of it
  });

  it.each<[string, OptimizerSpec, string]>([
    ['adam', { name: 'adam', learningRate: 0.01 }, 'm'],
    ['sgd with momentum', { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 'velocity'],
    ['sgd with Nesterov momentum', { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, 'velocity'],
  ])('%s: a state that decays under zero gradients follows β·state, then becomes exactly 0', (_, spec, tensor) => {
    const backend = makeBackend();
    const count = 7; // the 4- (or 2-) wide loop and the scalar tail
    const [params, grads] = buffers(dtype, backend, count);
    const random = new Random(5);
    for (let k = 0; k < count; k++) params[k] = random.normal();
    const step = optimizer(spec, 'optimizer', backend);
    grads.fill(1);
    step.step(params, grads);
    grads.fill(0);
    const state = () => step.saveState().tensors[tensor];
    let previous = state()[0];
    let steps = 0;
    while (previous !== 0) {
      step.step(params, grads);
      steps++;
      const now = state();
      for (let k = 0; k < count; k++) {
        expect(isSubnormal(now[k], tiny), `${tensor}[${k}] = ${now[k]} after ${steps} zero gradients`).toBe(false);
        expect(isSubnormal(params[k], tiny)).toBe(false);
      }
      // β·state while that is normal (float32 kernels multiply by β rounded to float32: within
      // an ulp); 0 once it would not be.
      const expected = 0.9 * previous;
      if (Math.abs(expected) < tiny * (1 - 1e-6)) expect(now[0]).toBe(0);
      else if (Math.abs(expected) > tiny * (1 + 1e-6)) expect(Math.abs(now[0] - expected)).toBeLessThanOrEqual(Math.abs(expected) * (dtype === 'float32' ? 2 ** -23 : 0));
      previous = now[0];
      expect(steps).toBeLessThan(10_000);
    }
    // 0.9^n passes 2⁻¹²⁶ after about 800 steps and 2⁻¹⁰²² after about 6,700.
    expect(steps).toBeGreaterThan(dtype === 'float32' ? 780 : 6_600);
  });

  it('adam: a weight that a step takes below the smallest normal number becomes 0, NaN stays NaN', () => {
    const backend = makeBackend();
    const [params, grads] = buffers(dtype, backend, 5);
    // Adam's first step moves each weight by about η·sign(g): start one just above that much.
    const eta = 1e-3;
    params.set([eta, -eta, 1, NaN, 0.5]);
    grads.set([1, -1, 0, 1, 0]);
    optimizer({ name: 'adam', learningRate: eta }, 'optimizer', backend).step(params, grads);
    for (const k of [0, 1]) expect(Math.abs(params[k])).toSatisfy((x: number) => x === 0 || x >= tiny);
    expect(params[2]).toBe(1);
    expect(params[3]).toBeNaN();
    expect(params[4]).toBe(0.5);
  });
});
