import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createBackend, type Backend } from './backend.js';
import { hasRelaxedSimd, type KernelVariant } from './kernel-variants.js';
import { linearBackwardInputs, linearBackwardParams, linearForward } from './kernels.js';
import { Random } from '../random.js';
import { packs } from './pack-rule.js';

/**
 * The float64 WebAssembly GEMMs (assembly/gemm-f64.ts, gemm-trans-a-f64.ts), both builds, against
 * the TypeScript reference kernels (kernels.ts) in float64:
 *   simd: bit for bit. The kernels sum every value in the reference's order (from the bias, or for
 *         dW from the first row's product, then k or r in order) with the reference's operations
 *         (round a·b, then the sum; × scale last), whichever register tile or edge path computed it;
 *   fma:  within the float64 error bound of a sum of K products, |error| ≤ (K + 2)·2⁻⁵³·Σ|terms|
 *         (the terms' absolute values summed by the same reference on |inputs|), and bit for bit
 *         on the edge column (an odd m's last), which both builds compute without fusing.
 * Shapes hit every edge of the 4 × 4 tiles: 1 row, rows not a multiple of 4, columns not a
 * multiple of 2 or 4, 1, 2 and 3 columns, and sums as long as W2's first layer's; and of b packed
 * into strips (pack-rule.ts): wide layers whose tiles read b's copy while their edges read b.
 */
if (!hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20: behind a flag

const shapes: [rows: number, n: number, m: number][] = [
  [1, 1, 1],
  [1, 3, 2],
  [1, 9, 17],
  [2, 5, 4],
  [3, 5, 7],
  [4, 16, 8],
  [4, 1, 6],
  [5, 17, 33],
  [6, 33, 1],
  [7, 3, 3],
  [8, 64, 32],
  [13, 31, 21],
  [32, 64, 10], // W1's layers: 64-32-10, batch 32
  [32, 32, 10],
  [130, 20, 257],
  [64, 784, 36], // W2's first layer's 784-long sums over a batch of 64, on 36 of its 256 columns (9 tiles of 4)
  // b packed into strips of 4 (pack-rule.ts), for z = a·W + b and for g = δ·Wᵀ (Wᵀ packed):
  [20, 515, 259], // 64 strips, then 2 columns and 1 edge column from W; Wᵀ: 128 strips, 2 + 1 columns
  [17, 260, 514], // the last row by the one-row path from W; 2 columns; Wᵀ: 65 strips
  [260, 18, 514], // dW = aᵀ·δ packs δ (260 rows of 514: 128 strips, 2 columns read from δ); dW's last 2 rows one by one
];

/** Shapes whose products pack b: z = a·W + b packs W (n, m), g = δ·Wᵀ packs Wᵀ (m, n); and one where dW = aᵀ·δ packs δ (rows, m). */
const packed: [rows: number, n: number, m: number][] = [
  [20, 515, 259],
  [17, 260, 514],
];

/** The fma checks run the reference on |inputs| as well: slow on a loaded machine. */
const TIMEOUT_MS = 60_000;

const U = 2 ** -53;

/** Whether this engine fuses the fma build's f64x2.relaxed_madd: (1 + 2⁻²⁷)² − (1 + 2⁻²⁶) is 2⁻⁵⁴ fused, 0 not. */
function engineFuses(wasm: Backend): boolean {
  const [z, a, w, b] = [wasm.allocate(2), wasm.allocate(1), wasm.allocate(2), wasm.allocate(2)];
  a[0] = 1 + 2 ** -27;
  w.fill(1 + 2 ** -27);
  b.fill(-(1 + 2 ** -26));
  wasm.linearForward(z, a, w, b, 1, 1, 2);
  return z[0] !== 0;
}

function filled(length: number, random: Random): Float64Array {
  // Zeros and negative zeros too: a sum's sign of zero is part of its bits.
  return Float64Array.from({ length }, (_, k) => (k % 11 === 5 ? 0 : k % 13 === 7 ? -0 : random.normal()));
}

function expectBitIdentical(actual: ArrayLike<number>, expected: Float64Array, what: string): void {
  for (let k = 0; k < expected.length; k++) {
    if (!Object.is(actual[k], expected[k])) throw new Error(`${what}[${k}]: wasm ${actual[k]}, reference ${expected[k]}, not bit for bit`);
  }
}

/** The last column of a (rows, width) result, bit for bit, when width is odd (the scalar edge). */
function expectEdgeColumn(actual: ArrayLike<number>, expected: Float64Array, width: number, what: string): void {
  if (width % 2 === 0) return;
  for (let k = width - 1; k < expected.length; k += width) {
    if (!Object.is(actual[k], expected[k])) throw new Error(`${what}[${k}] (scalar edge column): wasm ${actual[k]}, reference ${expected[k]}, not bit for bit`);
  }
}

/** Every value within (K + 2)·2⁻⁵³·Σ|terms| of the reference (bound = the reference on |inputs|). */
function expectWithinBound(actual: ArrayLike<number>, reference: Float64Array, bound: Float64Array, terms: number, what: string): void {
  for (let k = 0; k < reference.length; k++) {
    const tolerance = (terms + 2) * U * bound[k] + Number.MIN_VALUE;
    if (!(Math.abs(actual[k] - reference[k]) <= tolerance)) {
      throw new Error(`${what}[${k}]: wasm ${actual[k]}, reference ${reference[k]}, allowed error ${tolerance}`);
    }
  }
}

const variants: KernelVariant[] = ['simd', 'fma'];

describe.each(variants)('wasm float64 GEMMs, %s build', (variant) => {
  const wasm = createBackend('float64', 'wasm', Infinity, variant);
  wasm.prepare(600 * 600);

  it('runs the build it was asked for, on float64 buffers', () => {
    expect(wasm.kernels).toBe(variant);
    expect(wasm.allocate(3)).toBeInstanceOf(Float64Array);
  });

  it.each(packed)('packs b for rows %i, n %i, m %i (forward and δ·Wᵀ): the shapes below test that path', (rows, n, m) => {
    expect(packs(8, rows, n, m)).toBe(true);
    expect(packs(8, rows, m, n)).toBe(true);
  });

  it('packs δ for dW = aᵀ·δ on rows 260, n 18, m 514: that shape below tests the path', () => {
    expect(packs(8, 18, 260, 514)).toBe(true); // dW (n, m) = aᵀ (n, rows) · δ (rows, m): n/4 row blocks of dW each read all of δ
  });

  it.each(shapes)('rows %i, n %i, m %i: z = a·W + b, dW = aᵀ·δ/rows, db, g = δ·Wᵀ', { timeout: TIMEOUT_MS }, (rows, n, m) => {
    const random = new Random(rows * 100_000 + n * 1000 + m);
    const put = (values: Float64Array) => {
      const out = wasm.allocate(values.length);
      out.set(values);
      return out;
    };
    const [ra, rw, rb, rd] = [filled(rows * n, random), filled(n * m, random), filled(m, random), filled(rows * m, random)];
    const [a, w, b, d] = [ra, rw, rb, rd].map(put);
    const abs = (v: Float64Array) => v.map(Math.abs);
    const exact = variant === 'simd';
    const scale = 1 / rows;

    const z = wasm.allocate(rows * m);
    wasm.linearForward(z, a, w, b, rows, n, m);
    const [rz, bz] = [new Float64Array(rows * m), new Float64Array(rows * m)];
    linearForward(rz, ra, rw, 0, rb, 0, rows, n, m);
    linearForward(bz, abs(ra), abs(rw), 0, abs(rb), 0, rows, n, m);
    if (exact) expectBitIdentical(z, rz, 'z');
    else {
      expectWithinBound(z, rz, bz, n + 1, 'z');
      expectEdgeColumn(z, rz, m, 'z');
    }

    const [dW, dB] = [wasm.allocate(n * m), wasm.allocate(m)];
    wasm.linearBackwardParams(dW, dB, a, d, rows, n, m, scale);
    const [rdW, rdB, bdW, bdB] = [new Float64Array(n * m), new Float64Array(m), new Float64Array(n * m), new Float64Array(m)];
    linearBackwardParams(rdW, 0, rdB, 0, ra, rd, rows, n, m, scale);
    linearBackwardParams(bdW, 0, bdB, 0, abs(ra), abs(rd), rows, n, m, scale);
    expectBitIdentical(dB, rdB, 'db'); // sums, no products: the same in both builds
    if (exact) expectBitIdentical(dW, rdW, 'dW');
    else {
      expectWithinBound(dW, rdW, bdW, rows + 1, 'dW');
      expectEdgeColumn(dW, rdW, m, 'dW');
    }

    const g = wasm.allocate(rows * n);
    wasm.linearBackwardInputs(g, d, w, rows, n, m);
    const [rg, bg] = [new Float64Array(rows * n), new Float64Array(rows * n)];
    linearBackwardInputs(rg, rd, rw, 0, rows, n, m);
    linearBackwardInputs(bg, abs(rd), abs(rw), 0, rows, n, m);
    if (exact) expectBitIdentical(g, rg, 'g');
    else {
      expectWithinBound(g, rg, bg, m, 'g');
      expectEdgeColumn(g, rg, n, 'g');
    }
  });
});

describe('the fma build on this engine, float64', () => {
  it('fuses where the processor can (x86-64 with FMA3, arm64): one rounding, so its results differ from simd', () => {
    const fma = createBackend('float64', 'wasm', Infinity, 'fma');
    const simd = createBackend('float64', 'wasm', Infinity, 'simd');
    expect(engineFuses(simd)).toBe(false); // the plain build never fuses
    if (process.arch === 'x64' || process.arch === 'arm64') expect(engineFuses(fma)).toBe(true);
  });
});
