import { describe, expect, it } from 'vitest';
import { activation, ACTIVATION_NAMES, type ScalarActivation } from './activations.js';
import { ConfigError } from '../errors.js';
import { Network } from '../network/network.js';

const elementwiseNames = ACTIVATION_NAMES.filter((n) => n !== 'softmax');
const differentiableNames = elementwiseNames.filter((n) => activation(n).trainable);
const points = [-3.1, -1.2, -0.4, 0.3, 0.9, 2.7];

describe('activations', () => {
  it.each(differentiableNames)('%s: the derivative matches central differences of f', (name) => {
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
    for (const name of differentiableNames) {
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
    expect(() => activation('swish' as never)).toThrow(/activation must be one of sigmoid, tanh, relu, leaky-relu, elu, softplus, linear, softmax, elliot, .*, threshold-symmetric, got "swish"/);
    expect(() => activation({ name: 'leaky-relu', alpha: -1 })).toThrow(/leaky-relu alpha must be a finite number > 0, got -1/);
  });

  // FANN 2.2's definitions (fann_activation.h, fann.c): with steepness s, FANN computes v = s·z and
  // then the function of v below; bpnn's activation of the same name computes it at z = v, except
  // sigmoid-stepwise, which approximates bpnn's sigmoid and so is FANN's at v = z/2.
  const fann: Record<string, (v: number) => number> = {
    elliot: (v) => v / 2 / (1 + Math.abs(v)) + 0.5,
    'elliot-symmetric': (v) => v / (1 + Math.abs(v)),
    gaussian: (v) => Math.exp(-v * v),
    'gaussian-symmetric': (v) => Math.exp(-v * v) * 2 - 1,
    sin: (v) => Math.sin(v) / 2 + 0.5,
    cos: (v) => Math.cos(v) / 2 + 0.5,
    'sin-symmetric': Math.sin,
    'cos-symmetric': Math.cos,
    'linear-piece': (v) => (v < 0 ? 0 : v > 1 ? 1 : v),
    'linear-piece-symmetric': (v) => (v < -1 ? -1 : v > 1 ? 1 : v),
    threshold: (v) => (v < 0 ? 0 : 1),
    'threshold-symmetric': (v) => (v < 0 ? -1 : 1),
  };

  it.each(Object.keys(fann))('%s computes FANN\'s function of v', (name) => {
    const act = activation(name as never) as ScalarActivation;
    for (const v of [-200, -3.1, -1, -0.4, 0, 0.3, 1, 2.7, 150]) expect(act.apply(v)).toBe(fann[name](v));
  });

  it('the stepwise sigmoids follow FANN\'s breakpoints and approximate sigmoid and tanh', () => {
    const sigmoid = activation('sigmoid-stepwise') as ScalarActivation;
    const tanh = activation('tanh-stepwise') as ScalarActivation;
    // At FANN's breakpoint v = ±0.5493 (tanh(v) = ±0.5) the values are exact: 0.25 and 0.75 at z = 2v.
    expect(sigmoid.apply(2 * 0.549306154251098632812)).toBe(0.75);
    expect(sigmoid.apply(-2 * 0.549306154251098632812)).toBe(0.25);
    expect(tanh.apply(0.549306154251098632812)).toBe(0.5);
    expect(sigmoid.apply(0)).toBeCloseTo(0.5, 12);
    expect(tanh.apply(0)).toBeCloseTo(0, 12);
    expect(sigmoid.apply(-6)).toBe(0); // below the first breakpoint: FANN's min
    expect(tanh.apply(3)).toBe(1); // from the last breakpoint on: FANN's max
    for (const z of points) {
      expect(Math.abs(sigmoid.apply(z) - 1 / (1 + Math.exp(-z)))).toBeLessThan(0.05);
      expect(Math.abs(tanh.apply(z) - Math.tanh(z))).toBeLessThan(0.1);
    }
  });

  it('threshold runs forward but refuses back-propagation with an error that says why', () => {
    for (const name of ['threshold', 'threshold-symmetric'] as const) {
      const act = activation(name);
      expect(act.trainable).toBe(false);
      const a = new Float64Array(2);
      act.forward(Float64Array.from([-0.5, 0.5]), a, 1, 2);
      expect(Array.from(a)).toEqual([name === 'threshold' ? 0 : -1, 1]);
      expect(() => act.backward(a, a, new Float64Array(2), 1, 2)).toThrow(ConfigError);
      expect(() => act.backward(a, a, new Float64Array(2), 1, 2)).toThrow(/step function .* cannot be trained by back-propagation/);
    }
  });
});

describe('activation specs that cannot work are refused, naming the field and the value', () => {
  it('an alpha given to an activation that takes none', () => {
    expect(() => activation({ name: 'relu', alpha: 0.5 } as never)).toThrow(new ConfigError('activation.alpha', 'is not taken by relu, which has no parameter (only leaky-relu and elu take an alpha), got 0.5'));
    expect(() => new Network({ layers: [2, 3, 1], activation: { name: 'tanh', alpha: 1 } as never })).toThrow(/^activation\.alpha is not taken by tanh/);
    expect(activation({ name: 'elu', alpha: 0.5 }).params.alpha).toBe(0.5);
  });

  it('an unknown name is quoted last, with a near name; an object without one names its .name', () => {
    expect(() => new Network({ layers: [2, 3, 1], activation: 'relux' as never })).toThrow(/^activation must be one of sigmoid, .*, threshold-symmetric, got "relux" \(did you mean relu\?\)$/);
    expect(() => new Network({ layers: [2, 3, 1], outputActivation: 'relux' as never })).toThrow(/^outputActivation must be one of .*, got "relux" \(did you mean relu\?\)$/);
    expect(() => new Network({ layers: [2, 3, 1], activation: {} as never })).toThrow(/^activation\.name must be one of .*, got nothing$/);
    // in a list, the entry
    expect(() => new Network({ layers: [2, 3, 1], activation: ['relu', 'foo'] as never })).toThrow(/^activation\[1\] must be one of .*, got "foo"$/);
  });
});
