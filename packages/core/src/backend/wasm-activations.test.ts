import { describe, expect, it } from 'vitest';
import { activation, type ActivationSpec, type ScalarActivation } from '../activations/activations.js';
import { createBackend } from './backend.js';

/**
 * The WebAssembly activation kernels (assembly/activations.ts) against the TypeScript reference
 * (activations.ts, float64) on the values where naive formulas break: tiny |z| (exp(z) − 1 keeps
 * one digit in float32), very negative z (log(1 + e^z) and a + α round to 0), large z (overflow).
 */
const edges = [
  0, 1e-30, -1e-30, 1e-7, -1e-7, 1e-6, -1e-6, 3e-4, -3e-4, 0.5, -0.5, -1, 1, -5, -17, -20, -30, -37, -40, -60, -80,
  -87, -88, 20, 40, 88, 100, 1e4, -1e4,
].map(Math.fround); // 29 values: the SIMD loops (4 at a time) and their scalar tail both run

const specs: ActivationSpec[] = [
  'sigmoid',
  'tanh',
  'softplus',
  'relu',
  'linear',
  { name: 'leaky-relu', alpha: 0.1 },
  'elu',
  { name: 'elu', alpha: 0.5 },
];

/** Smallest positive normal float32: below it float32 keeps fewer than 24 bits (subnormals). */
const MIN_NORMAL = 2 ** -126;

/** Within a few float32 roundings of the float64 reference (the kernels compute in float32). */
function expectFloat32Close(actual: number, expected: number, what: string, scale = Math.abs(expected)): void {
  const tolerance = 4 * 2 ** -24 * scale + MIN_NORMAL;
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: wasm ${actual}, reference ${expected} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`);
  }
}

describe('wasm activation kernels on edge values', () => {
  const wasm = createBackend('float32', 'wasm');
  const n = edges.length;

  it.each(specs.map((s) => [typeof s === 'string' ? s : `${s.name} α=${s.alpha}`, s] as const))('%s: f and f′ agree with the float64 reference', (_, spec) => {
    const act = activation(spec) as ScalarActivation;
    const z = wasm.allocate(n);
    const a = wasm.allocate(n);
    const residual = wasm.allocate(n);
    z.set(edges);
    wasm.activationForward(act, z, a, 1, n);
    residual.fill(1);
    wasm.activationBackward(act, z, a, residual, 1, n);
    for (let k = 0; k < n; k++) {
      expectFloat32Close(a[k], act.apply(edges[k]), `f(${edges[k]})`);
      // f′ from the float32-rounded a, as a float32 network holds it. Sigmoid's a(1 − a) and tanh's
      // 1 − a² are computed in float32 from a, so they are exact to float32's spacing near 1, not
      // relative to their own size (these formulas are not what this test is about).
      const expected = act.derivative(edges[k], Math.fround(act.apply(edges[k])));
      const fromA = act.name === 'sigmoid' || act.name === 'tanh';
      expectFloat32Close(residual[k], expected, `f′(${edges[k]})`, fromA ? 1 : Math.abs(expected));
    }
  });

  it('the reference itself: elu and softplus keep their digits where the naive formulas lose them', () => {
    const elu = activation('elu') as ScalarActivation;
    const softplus = activation('softplus') as ScalarActivation;
    // Exact values: e^z − 1 = z + z²/2 + z³/6 + … for tiny z; α·e^z; ln(1 + e^z) = e^z − e^2z/2 + ….
    const z = -1e-6;
    expect(Math.abs(elu.apply(z) - (z + (z * z) / 2 + (z * z * z) / 6)) / 1e-6).toBeLessThan(1e-15);
    expect(elu.derivative(-40, elu.apply(-40)) / Math.exp(-40)).toBeCloseTo(1, 14); // a + α gives 0 here
    expect(elu.derivative(-700, elu.apply(-700)) / Math.exp(-700)).toBeCloseTo(1, 14);
    expect(softplus.apply(-40) / Math.exp(-40)).toBeCloseTo(1, 14);
  });
});
