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

describe('wasm sigmoid (four at a time, e^x of exp-f32.ts)', () => {
  const wasm = createBackend('float32', 'wasm');
  const sigmoid = activation('sigmoid') as ScalarActivation;
  // ±0, subnormal z, ±∞, NaN, and z whose σ is subnormal (e^z below 2⁻¹²⁶ from z ≈ −87.3) or 0
  const special = [
    0, -0, 2 ** -149, -(2 ** -149), 1e-40, -1e-40, Infinity, -Infinity, Number.NaN, -87.3, -87.4, -100, -103.9, -103.98, -104, -200, 88.8, 89, 200,
  ].map(Math.fround);

  /**
   * Within 3.5·2⁻²⁴ of σ(z) relative (e^x's 0.97 ulp, 1 + e and the division each rounded; the
   * largest error seen over 20 million z in [−110, 110] was 2.92·2⁻²⁴) and 2⁻¹⁴⁹ (the smallest
   * subnormal) absolute; NaN exactly where the reference is NaN.
   */
  const check = (zs: ArrayLike<number>, a: ArrayLike<number>) => {
    for (let k = 0; k < zs.length; k++) {
      const expected = sigmoid.apply(zs[k]);
      const ok = Number.isNaN(expected) ? Number.isNaN(a[k]) : Math.abs(a[k] - expected) <= 3.5 * 2 ** -24 * expected + 2 ** -149;
      if (!ok) throw new Error(`σ(${zs[k]}): wasm ${a[k]}, reference ${expected}`);
    }
  };
  const run = (zs: ArrayLike<number>) => {
    const z = wasm.allocate(zs.length);
    const a = wasm.allocate(zs.length);
    z.set(zs);
    wasm.activationForward(sigmoid, z, a, 1, zs.length);
    return a;
  };

  it('±0, subnormals, ±∞, NaN, subnormal and zero results', () => {
    const a = run(special);
    check(special, a);
    expect(a[0]).toBe(0.5);
    expect(a[1]).toBe(0.5);
    expect(a[6]).toBe(1);
    expect(a[7]).toBe(0);
    expect(a[11]).toBeGreaterThan(0); // σ(−100) ≈ 3.7e−44: subnormal, not flushed
    expect(a[14]).toBe(0);
  });

  it('every count from 1 to 9: a value gives the same bits in the vector body and in the tail', () => {
    const zs = special.slice(9, 18);
    const full = run(zs);
    for (let count = 1; count <= 9; count++) {
      const a = run(zs.slice(0, count));
      for (let k = 0; k < count; k++) expect(Object.is(a[k], full[k])).toBe(true);
    }
  });

  it('200,000 z spread over [−110, 110]', () => {
    const zs = Float32Array.from({ length: 200_000 }, (_, k) => 110 * Math.sin(k) ** 3);
    check(zs, run(zs));
  });
});
