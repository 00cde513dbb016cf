/**
 * The common activations' loops written out, for the js backend: one function per direction with
 * the math inline, so that the JIT compiles each loop without a call per element (a generic loop
 * calling each activation's `apply` cannot be inlined once several activations are in use, and
 * then boxes a number per element). They compute exactly what activations.ts defines, which is
 * the reference (activation-loops.test.ts holds them to it).
 */
import type { Activation } from './activations.js';
import type { FloatArray } from '../data/matrix.js';

/** a = f(z) for `count` values; false when `activation` has no loop here (the caller falls back). */
export function forwardLoop(activation: Activation, z: FloatArray, a: FloatArray, count: number): boolean {
  const alpha = activation.params.alpha ?? 0;
  switch (activation.name) {
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const v = z[i];
        if (v >= 0) a[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          a[i] = e / (1 + e);
        }
      }
      return true;
    case 'tanh':
      for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]);
      return true;
    case 'relu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return true;
    case 'leaky-relu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
      return true;
    case 'linear':
      for (let i = 0; i < count; i++) a[i] = z[i];
      return true;
    default:
      return false;
  }
}

/** residual ← f′(z) ⊙ residual for `count` values; false when there is no loop here. */
export function backwardLoop(activation: Activation, z: FloatArray, a: FloatArray, residual: FloatArray, count: number): boolean {
  const alpha = activation.params.alpha ?? 0;
  switch (activation.name) {
    case 'sigmoid':
      for (let i = 0; i < count; i++) residual[i] *= a[i] * (1 - a[i]);
      return true;
    case 'tanh':
      for (let i = 0; i < count; i++) residual[i] *= 1 - a[i] * a[i];
      return true;
    case 'relu':
      for (let i = 0; i < count; i++) residual[i] *= z[i] > 0 ? 1 : 0;
      return true;
    case 'leaky-relu':
      for (let i = 0; i < count; i++) residual[i] *= z[i] > 0 ? 1 : alpha;
      return true;
    case 'linear':
      return true; // f′ = 1
    default:
      return false;
  }
}
