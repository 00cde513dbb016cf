import { describe, expect, it } from 'vitest';
import { activation } from './activations.js';
import { ConfigError } from './errors.js';
import { loss, LOSS_NAMES } from './losses.js';

describe('losses', () => {
  it('compute hand-worked costs', () => {
    const a = Float64Array.from([0.8, 0.1, 0.1]);
    const y = Float64Array.from([1, 0, 0]);
    expect(loss('mse').cost(a, y, 3)).toBeCloseTo(0.5 * (0.04 + 0.01 + 0.01), 15);
    expect(loss('categorical-cross-entropy').cost(a, y, 3)).toBeCloseTo(-Math.log(0.8), 15);
    expect(loss('binary-cross-entropy').cost(a, y, 3)).toBeCloseTo(-Math.log(0.8) - 2 * Math.log(0.9), 14);
  });

  it.each(LOSS_NAMES)('%s: the gradient matches central differences of the cost', (name) => {
    const l = loss(name);
    const a = Float64Array.from([0.7, 0.2, 0.1]);
    const y = Float64Array.from([0, 1, 0]);
    const g = new Float64Array(3);
    l.gradient(a, y, g, 3);
    const h = 1e-7;
    for (let i = 0; i < 3; i++) {
      const plus = Float64Array.from(a);
      const minus = Float64Array.from(a);
      plus[i] += h;
      minus[i] -= h;
      expect(g[i]).toBeCloseTo((l.cost(plus, y, 3) - l.cost(minus, y, 3)) / (2 * h), 6);
    }
  });

  it('saturated outputs cost a lot but stay finite', () => {
    expect(loss('binary-cross-entropy').cost(Float64Array.of(1), Float64Array.of(0), 1)).toBeCloseTo(34.5, 0);
    expect(loss('categorical-cross-entropy').cost(Float64Array.of(0, 1), Float64Array.of(1, 0), 2)).toBeCloseTo(34.5, 0);
  });

  it('refuses unsound output activations and says why', () => {
    expect(() => loss('categorical-cross-entropy').check(activation('sigmoid'))).toThrow(ConfigError);
    expect(() => loss('categorical-cross-entropy').check(activation('sigmoid'))).toThrow(/needs the outputs to be one probability distribution.*softmax/);
    expect(() => loss('binary-cross-entropy').check(activation('relu'))).toThrow(/needs outputs in \(0, 1\).*"relu"/);
    expect(() => loss('binary-cross-entropy').check(activation('softmax'))).toThrow(/use categorical-cross-entropy with softmax/);
    expect(() => loss('mse').check(activation('softmax'))).not.toThrow();
    expect(() => loss('hinge' as never)).toThrow(/loss must be one of mse, binary-cross-entropy, categorical-cross-entropy, got "hinge"/);
  });
});
