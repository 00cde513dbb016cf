import { describe, it } from 'vitest';
import { activation } from '../activations/activations.js';
import { createBackend } from './backend.js';
import { Random } from '../random.js';

/**
 * The float64 WebAssembly softmax (assembly/activations-f64.ts, softmaxForwardF64) against the
 * reference (activations.ts) on rows of every width the 2-wide division meets (1 to 5, 10, 33) and
 * on values that break a naive softmax: large z (e^z overflows without the shift by the row's
 * maximum), very negative z (underflow to 0), ties, and rows whose values are all equal. The kernel
 * does the reference's operations in its order (max, e^(z − max) summed left to right, each divided
 * by the sum), e^x by fdlibm's algorithm (assembly/exp-f64.ts), which is V8's Math.exp: on V8 every
 * value bit for bit; elsewhere within (width + 4)·2⁻⁵³ relative, and rows where every exponent is
 * 0 or underflows (all equal, or one far above the rest) bit for bit.
 */
const V8 = typeof process === 'object' && process.versions.v8 !== undefined;
const edgeRows = [
  [0],
  [-1e4],
  [709, 710],
  [1000, 999, -1000],
  [5, 5, 5, 5],
  [800, 0, -800],
  [-80, 0, 80, 1e-7, -1e-7],
  [30, -30, 0, 0.5, -0.5, 1, -1, 2, -2, 3],
  [0, -0, 5e-324, -1e-310, 2 ** -29, -0.3465735902799727, -1.0397207708399179, -706, -708, -745.2], // e^x's branches, subnormal z and results
  [1, Number.NaN, 2],
  [Infinity, 0, 1],
  [-Infinity, 0, 1, -Infinity, 2],
];

describe('wasm float64 softmax', () => {
  const wasm = createBackend('float64', 'wasm');
  const softmax = activation('softmax');

  const check = (rows: number[][], exact = false) => {
    const width = rows[0].length;
    const z = wasm.allocate(rows.length * width);
    const a = wasm.allocate(rows.length * width);
    rows.forEach((row, r) => z.set(row, r * width));
    wasm.activationForward(softmax, z, a, rows.length, width);
    const expected = new Float64Array(z.length);
    softmax.forward(Float64Array.from(z), expected, rows.length, width);
    for (let k = 0; k < z.length; k++) {
      const tolerance = (width + 4) * 2 ** -53 * expected[k];
      const ok = exact || Number.isNaN(expected[k]) ? Object.is(a[k], expected[k]) : Math.abs(a[k] - expected[k]) <= tolerance;
      if (!ok) {
        throw new Error(`softmax row ${Math.floor(k / width)} (${rows[Math.floor(k / width)].join(', ')}), column ${k % width}: wasm ${a[k]}, reference ${expected[k]}`);
      }
    }
  };

  it.each(edgeRows.map((row) => [row.join(', '), row] as const))('row [%s]', (_, row) => check([row], V8));

  const exactRows = [[0], [3, 3, 3], [-2, -2, -2, -2, -2], [800, 0, -800]];
  it.each(exactRows.map((row) => [row.join(', '), row] as const))('row [%s], bit for bit', (_, row) => check([row], true));

  it.each([1, 2, 3, 4, 5, 10, 33])('64 random rows of width %i', (width) => {
    const random = new Random(width);
    check(
      Array.from({ length: 64 }, () => Array.from({ length: width }, () => 4 * random.normal())),
      V8,
    );
  });
});
