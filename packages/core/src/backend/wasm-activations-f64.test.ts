import { describe, it } from 'vitest';
import { activation, type ActivationSpec, type ScalarActivation } from '../activations/activations.js';
import { createBackend } from './backend.js';
import { Random } from '../random.js';

/**
 * The float64 WebAssembly activation kernels (assembly/activations-f64.ts) against the TypeScript
 * reference (activations.ts) on the values where naive formulas break: signed zeros, subnormals,
 * tiny |z| (e^z − 1 keeps few digits), very negative z (log(1 + e^z) and a + α round to 0, e^z
 * is subnormal from −708 and underflows below −745), large z (e^z overflows above 709), ±∞, and
 * on random values.
 *   bit for bit: relu, leaky relu and linear, both ways; every derivative computed from a or by a
 *                comparison (sigmoid's a(1 − a), tanh's 1 − a², relu's, leaky relu's), which the
 *                kernels compute with the reference's operations; and what needs only e^x (sigmoid,
 *                elu′ = α·e^z, softplus′ = σ), which the kernels compute by fdlibm's algorithm, as
 *                V8's Math.exp does (assembly/exp-f64.ts; on another engine, within 8·2⁻⁵³);
 *   within 8·2⁻⁵³ relative: what goes through expm1, log1p or tanh (tanh, elu and softplus
 *                forward), which the kernels take from AssemblyScript's Math (musl's) and the
 *                reference from the engine's: about 5 % of random values differ, by up to 2 ulps
 *                (tanh).
 */
const edges = [
  0, -0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-17, -1e-17, 1e-8, -1e-8, 3e-4, -3e-4, 0.5, -0.5, -1, 1, -5, -17, -20, -30, -37, -40, -60, -80,
  -700, -745, -746, 20, 40, 88, 709, 710, 711, 1e4, -1e4, Infinity, -Infinity, Number.NaN,
  // the bounds of e^x's branches (exp-f64.ts: |x| of ½ln2, 1.5·ln2, 2⁻²⁸; 707, where the pairs go one lane at a time)
  0.34657359027997264, -0.3465735902799727, 1.0397207708399179, -1.0397207708399179, 2 ** -28, -(2 ** -28), 707, -707, 707.5, -707.5,
]; // 48 values: the 2-wide loops and their scalar tail both run

const specs: ActivationSpec[] = ['sigmoid', 'tanh', 'softplus', 'relu', 'linear', { name: 'leaky-relu', alpha: 0.1 }, 'elu', { name: 'elu', alpha: 0.5 }];

/** V8 (Node, Chrome) computes Math.exp by fdlibm's algorithm, as the kernels do. */
const V8 = typeof process === 'object' && process.versions.v8 !== undefined;
/** Computed by comparisons, arithmetic on a, and (on V8) e^x, so the kernels promise the reference's bits. */
const EXACT_FORWARD = new Set(['relu', 'leaky-relu', 'linear', ...(V8 ? ['sigmoid'] : [])]);
const EXACT_DERIVATIVE = new Set(['relu', 'leaky-relu', 'linear', 'sigmoid', 'tanh', ...(V8 ? ['elu', 'softplus'] : [])]);

function expectClose(actual: number, expected: number, exact: boolean, what: string): void {
  const ok = exact || Number.isNaN(expected) ? Object.is(actual, expected) : Math.abs(actual - expected) <= 8 * 2 ** -53 * Math.abs(expected) + Number.MIN_VALUE || actual === expected;
  if (!ok) throw new Error(`${what}: wasm ${actual}, reference ${expected}${exact ? ', not bit for bit' : ` (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`}`);
}

describe('wasm float64 activation kernels', () => {
  const wasm = createBackend('float64', 'wasm');
  const random = new Random(17);
  const values = [...edges, ...Array.from({ length: 101 }, () => 8 * random.normal())];
  const n = values.length;

  it.each(specs.map((s) => [typeof s === 'string' ? s : `${s.name} α=${s.alpha}`, s] as const))('%s: f and f′ against the reference', (_, spec) => {
    const act = activation(spec) as ScalarActivation;
    const [z, a, residual] = [wasm.allocate(n), wasm.allocate(n), wasm.allocate(n)];
    z.set(values);
    wasm.activationForward(act, z, a, 1, n);
    for (let k = 0; k < n; k++) expectClose(a[k], act.apply(values[k]), EXACT_FORWARD.has(act.name), `f(${values[k]})`);
    // f′ from the reference's a, times a residual that is not 1 (the product is part of the result).
    const referenceA = values.map((v) => act.apply(v));
    a.set(referenceA);
    const r0 = values.map((_, k) => (k % 3 === 0 ? 1 : random.normal()));
    residual.set(r0);
    wasm.activationBackward(act, z, a, residual, 1, n);
    for (let k = 0; k < n; k++) {
      expectClose(residual[k], r0[k] * act.derivative(values[k], referenceA[k]), EXACT_DERIVATIVE.has(act.name), `f′(${values[k]})·${r0[k]}`);
    }
  });
});
