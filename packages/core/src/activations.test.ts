import { describe, expect, it } from 'vitest';
import { activation, ACTIVATION_NAMES, type ScalarActivation } from './activations.js';
import { ConfigError } from './errors.js';

const elementwiseNames = ACTIVATION_NAMES.filter((n) => n !== 'softmax');
const points = [-3.1, -1.2, -0.4, 0.3, 0.9, 2.7];

describe('activations', () => {
  it.each(elementwiseNames)('%s: the derivative matches central differences of f', (name) => {
    const act = activation(name) as ScalarActivation;
    const h = 1e-6;
    for (const z of points) {
      const numeric = (act.apply(z + h) - act.apply(z - h)) / (2 * h);
      expect(act.derivative(z, act.apply(z))).toBeCloseTo(numeric, 8);
    }
  });

  it('computes hand-checked values', () => {
    const at = (name: string, z: number, alpha?: number) =>
      (activation({ name: name as never, alpha }) as ScalarActivation).apply(z);
    expect(at('sigmoid', 0)).toBe(0.5);
    expect(at('sigmoid', -800)).toBe(0); // no overflow warning, no NaN
    expect(at('sigmoid', 800)).toBe(1);
    expect(at('relu', -2)).toBe(0);
    expect(at('leaky-relu', -2)).toBeCloseTo(-0.02, 15);
    expect(at('leaky-relu', -2, 0.2)).toBeCloseTo(-0.4, 15);
    expect(at('elu', -1)).toBeCloseTo(Math.exp(-1) - 1, 15);
    expect(at('elu', -1, 2)).toBeCloseTo(2 * (Math.exp(-1) - 1), 15);
    expect(at('softplus', 0)).toBeCloseTo(Math.LN2, 15);
    expect(at('softplus', 1000)).toBe(1000);
    expect(at('tanh', 0.5)).toBe(Math.tanh(0.5));
  });

  it('the batched forward and backward agree with the scalar f and f′', () => {
    for (const name of elementwiseNames) {
      const act = activation(name) as ScalarActivation;
      const z = Float64Array.from(points);
      const a = new Float64Array(points.length);
      act.forward(z, a, 2, 3);
      const g = Float64Array.from(points, (_, i) => i + 1);
      act.backward(z, a, g, 2, 3);
      points.forEach((p, i) => {
        expect(a[i]).toBe(act.apply(p));
        expect(g[i]).toBe((i + 1) * act.derivative(p, act.apply(p)));
      });
    }
  });

  it('softmax: rows sum to 1, survive large inputs, and backward is the Jacobian-vector product', () => {
    const softmax = activation('softmax');
    const z = Float64Array.from([1, 2, 3, 1000, 1001, 1002]);
    const a = new Float64Array(6);
    softmax.forward(z, a, 2, 3);
    expect(a[0] + a[1] + a[2]).toBeCloseTo(1, 15);
    expect(Array.from(a.subarray(3))).toEqual(Array.from(a.subarray(0, 3)).map((v) => expect.closeTo(v, 14)));
    // J_jk = a_j (1[j=k] − a_k); compare Jᵀg (J is symmetric) with the explicit matrix.
    const g = [0.3, -1.2, 0.7];
    const expected = [0, 1, 2].map((j) => [0, 1, 2].reduce((s, k) => s + a[j] * ((j === k ? 1 : 0) - a[k]) * g[k], 0));
    const residual = Float64Array.from([...g, ...g]);
    softmax.backward(z, a, residual, 2, 3);
    expected.forEach((e, j) => expect(residual[j]).toBeCloseTo(e, 15));
  });

  it('names the known activations when given an unknown one, and checks alpha', () => {
    expect(() => activation('swish' as never)).toThrow(ConfigError);
    expect(() => activation('swish' as never)).toThrow(/activation must be one of sigmoid, tanh, relu, leaky-relu, elu, softplus, linear, softmax, got "swish"/);
    expect(() => activation({ name: 'leaky-relu', alpha: -1 })).toThrow(/leaky-relu alpha must be a finite number > 0, got -1/);
  });
});
