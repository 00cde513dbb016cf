import { describe, expect, it } from 'vitest';
import { backwardLoop, forwardLoop } from './activation-loops.js';
import { activation, ACTIVATION_NAMES } from './activations.js';

describe('written-out activation loops (js backend)', () => {
  const z = Float64Array.of(-800, -3.5, -1, -1e-9, 0, 1e-9, 0.7, 2, 800);
  it.each([...ACTIVATION_NAMES, { name: 'leaky-relu' as const, alpha: 0.3 }])('%j computes exactly what the activation defines', (spec) => {
    const act = activation(spec);
    const a = new Float64Array(z.length);
    if (!forwardLoop(act, z, a, z.length)) return; // no loop here: the activation's own runs
    const reference = new Float64Array(z.length);
    act.forward(z, reference, 1, z.length);
    expect(Array.from(a)).toEqual(Array.from(reference));
    const residual = Float64Array.from(z, (_, i) => i - 4.5);
    const expected = Float64Array.from(residual);
    expect(backwardLoop(act, z, a, residual, z.length)).toBe(true);
    act.backward(z, reference, expected, 1, z.length);
    expect(Array.from(residual)).toEqual(Array.from(expected));
  });

  it('covers the common activations', () => {
    for (const name of ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear'] as const) {
      expect(forwardLoop(activation(name), new Float64Array(1), new Float64Array(1), 1)).toBe(true);
    }
  });
});
