import { describe, it } from 'vitest';
import { activation } from '../activations/activations.js';
import { createBackend } from './backend.js';
import { Random } from '../random.js';

/**
 * The WebAssembly softmax (assembly/activations.ts, softmaxForward) against the float64 reference
 * (activations.ts) on rows of every width the 4-wide loops meet (1 to 5, 10, 33) and on values that
 * break a naive softmax: large z (e^z overflows without the shift by the row's maximum), very
 * negative z (underflow to 0), ties, and a row whose values are all equal.
 */
const edgeRows = [
  [0],
  [-1e4],
  [88, 89],
  [1000, 999, -1000],
  [5, 5, 5, 5],
  [-80, 0, 80, 1e-7, -1e-7],
  [30, -30, 0, 0.5, -0.5, 1, -1, 2, -2, 3],
  [0, -0, 2 ** -149, -1e-40, 1e-40], // signed zeros and subnormal z
  [0, -87.4, -100, -103.9, -103.98, -120, -1e30], // e^(z − max) subnormal, then 0
  [1, Number.NaN, 2], // NaN: the whole row is NaN, as in the reference
  [Infinity, 0, 1], // +∞ − max is NaN: NaN everywhere, as in the reference
  [-Infinity, 0, 1, -Infinity, 2], // e^−∞ = 0
  [-Infinity, -Infinity],
];

describe('wasm softmax', () => {
  const wasm = createBackend('float32', 'wasm');
  const softmax = activation('softmax');

  const check = (rows: number[][]) => {
    const width = rows[0].length;
    const z = wasm.allocate(rows.length * width);
    const a = wasm.allocate(rows.length * width);
    rows.forEach((row, r) => z.set(row.map(Math.fround), r * width));
    wasm.activationForward(softmax, z, a, rows.length, width);
    const expected = new Float64Array(z.length);
    softmax.forward(Float64Array.from(z), expected, rows.length, width);
    for (let r = 0; r < rows.length; r++) {
      let max = -Infinity;
      for (let j = 0; j < width; j++) max = Math.max(max, z[r * width + j]);
      for (let j = 0; j < width; j++) {
        const k = r * width + j;
        // float32 roundings: the sum of `width` exponentials, the division, exp's own, and z − max
        // (an absolute error of 2⁻²⁴·|z − max| in the exponent is that relative error in e^(z − max)).
        // Among subnormals, two of their steps of 2⁻¹⁴⁹ (e^x's own and the product by 1/sum).
        const relative = expected[k] === 0 ? 0 : (width + 4 + Math.abs(z[k] - max)) * 2 ** -24 * expected[k]; // (z = −∞: ∞·0)
        const tolerance = relative + 2 * 2 ** -149;
        const ok = Number.isNaN(expected[k]) ? Number.isNaN(a[k]) : Math.abs(a[k] - expected[k]) <= tolerance;
        if (!ok) {
          throw new Error(`softmax row ${r} (${rows[r].join(', ')}), column ${j}: wasm ${a[k]}, reference ${expected[k]}`);
        }
      }
    }
  };

  it.each(edgeRows.map((row) => [row.join(', '), row] as const))('row [%s]', (_, row) => check([row]));

  it.each([1, 2, 3, 4, 5, 10, 33])('64 random rows of width %i', (width) => {
    const random = new Random(width);
    check(Array.from({ length: 64 }, () => Array.from({ length: width }, () => 4 * random.normal())));
  });
});
