import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createBackend, type Backend } from './backend.js';
import { hasRelaxedSimd, type KernelVariant } from './kernel-variants.js';
import { linearBackwardInputs, linearBackwardParams, linearForward } from './kernels.js';
import { Random } from '../random.js';
import { packs } from './pack-rule.js';

/**
 * The WebAssembly GEMMs (assembly/gemm.ts, gemm-trans-a.ts), both builds, against
 *   1. the float64 reference kernels (kernels.ts), within the float32 error bound of a sum of K
 *      products: |error| ≤ (K + 2)·2⁻²⁴·Σ|terms|, the terms' absolute values summed by the same
 *      reference on |inputs|;
 *   2. bit for bit, the order and rounding the kernels promise: each value summed in k order from
 *      its bias, by a multiply-add that rounds twice (simd) or once (fma, where the engine fuses;
 *      see kernel-variants.ts), the same on every column, the edge ones (past the last multiple of
 *      4, done across the tile's rows) too. This is what makes results independent of how rows are
 *      split over threads and of which register tile or edge path computed them.
 * Shapes hit every edge of the 4 × 8 tiles: 1 row, rows not a multiple of 4, columns not a multiple
 * of 4, 8 or 16, 1 column, and sums as long as W2's first layer's; and of b packed into strips
 * (pack-rule.ts): wide layers whose tiles read b's copy while their edges read b.
 */
if (!hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20: behind a flag

const shapes: [rows: number, n: number, m: number][] = [
  [1, 1, 1],
  [1, 3, 4],
  [1, 9, 17],
  [2, 5, 8],
  [3, 5, 7],
  [4, 16, 8],
  [4, 1, 12],
  [5, 17, 33],
  [6, 33, 1],
  [7, 3, 9],
  [8, 64, 32],
  [13, 31, 21],
  [64, 100, 10],
  [130, 20, 257],
  // one row (predictOne; a batch's last rows): 32 columns, 16, then up to 3 vectors and 3 scalar columns in one pass
  [1, 64, 32], // W1's first layer
  [1, 32, 10], // W1's second: 2 vectors + 2 scalar columns
  [3, 7, 15], // 3 vectors + 3 scalar columns
  [5, 9, 46], // 32, then 3 vectors + 2 scalar columns
  [2, 5, 48], // 32 + 16
  [1, 6, 3], // scalar columns only
  [64, 784, 72], // W2's first layer's 784-long sums over a batch of 64, on 72 of its 256 columns (9 tiles of 8)
  // b packed into strips of 8 (pack-rule.ts), for z = a·W + b and for g = δ·Wᵀ (Wᵀ packed):
  [20, 520, 517], // 64 strips, then 4 columns and 1 edge column from W; Wᵀ's 520 columns all in strips
  [17, 513, 530], // the last row by the one-row path from W; 2 edge columns; Wᵀ: 64 strips and 1 edge column
  [520, 20, 517], // dW = aᵀ·δ packs δ (520 rows of 517: 64 strips, 4 columns and 1 edge column read from δ)
];

/** Shapes whose products pack b: z = a·W + b packs W (n, m), g = δ·Wᵀ packs Wᵀ (m, n); and one where dW = aᵀ·δ packs δ (rows, m). */
const packed: [rows: number, n: number, m: number][] = [
  [20, 520, 517],
  [17, 513, 530],
];

/** The float64 reference and the emulations run in JavaScript: slow on a loaded machine. */
const TIMEOUT_MS = 60_000;

const U = 2 ** -24;
const fround = Math.fround;

/** acc + x·y rounded once (the product of two float32 is exact in float64) or twice. */
const fused = (acc: number, x: number, y: number) => fround(acc + x * y);
const plain = (acc: number, x: number, y: number) => fround(acc + fround(x * y));

/** Whether this engine fuses the fma build's relaxed_madd: (1 + 2⁻¹²)² − (1 + 2⁻¹¹) is 2⁻²⁴ fused, 0 not. */
function engineFuses(wasm: Backend): boolean {
  const [z, a, w, b] = [wasm.allocate(4), wasm.allocate(1), wasm.allocate(4), wasm.allocate(4)];
  a[0] = 1 + 2 ** -12;
  w.fill(1 + 2 ** -12);
  b.fill(-(1 + 2 ** -11));
  wasm.linearForward(z, a, w, b, 1, 1, 4);
  return z[0] !== 0;
}

function filled(length: number, random: Random): Float32Array {
  return Float32Array.from({ length }, () => random.normal());
}

/** What each value must be, bit for bit: c (rows, m) = a (rows, n) · b (n, m) [+ bias], with `madd` on every column. */
function emulateGemm(a: Float32Array, b: Float32Array, bias: Float32Array | null, rows: number, n: number, m: number, madd: typeof fused): Float32Array {
  const c = new Float32Array(rows * m);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let acc = bias === null ? 0 : bias[j];
      for (let k = 0; k < n; k++) acc = madd(acc, a[r * n + k], b[k * m + j]);
      c[r * m + j] = acc;
    }
  }
  return c;
}

/** dw (n, m) = scale·aᵀ·d and db (m) = scale·Σ_rows d, bit for bit as the kernel sums them. */
function emulateGemmTransA(a: Float32Array, d: Float32Array, rows: number, n: number, m: number, scale: number, madd: typeof fused) {
  const dw = new Float32Array(n * m);
  const db = new Float32Array(m);
  const s = fround(scale);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let r = 0; r < rows; r++) acc = madd(acc, a[r * n + i], d[r * m + j]);
      dw[i * m + j] = fround(acc * s);
    }
  }
  for (let j = 0; j < m; j++) {
    let acc = 0;
    for (let r = 0; r < rows; r++) acc = fround(acc + d[r * m + j]);
    db[j] = fround(acc * s);
  }
  return { dw, db };
}

/** Every value within (K + 2)·2⁻²⁴·Σ|terms| of the float64 reference (bound = the reference on |inputs|). */
function expectWithinBound(actual: ArrayLike<number>, reference: Float64Array, bound: Float64Array, terms: number, what: string): void {
  for (let k = 0; k < reference.length; k++) {
    const tolerance = (terms + 2) * U * bound[k] + 2 ** -126;
    if (!(Math.abs(actual[k] - reference[k]) <= tolerance)) {
      throw new Error(`${what}[${k}]: wasm ${actual[k]}, reference ${reference[k]}, allowed error ${tolerance}`);
    }
  }
}

function expectBitIdentical(actual: Float32Array, expected: Float32Array, what: string): void {
  for (let k = 0; k < expected.length; k++) {
    if (!Object.is(actual[k], expected[k])) throw new Error(`${what}[${k}]: wasm ${actual[k]}, expected ${expected[k]} bit for bit`);
  }
}

const variants: KernelVariant[] = ['simd', 'fma'];

describe.each(variants)('wasm GEMMs, %s build', (variant) => {
  const wasm = createBackend('float32', 'wasm', Infinity, variant);
  wasm.prepare(600 * 600);
  const allocate = (length: number) => wasm.allocate(length) as Float32Array; // float32: the wasm backend's buffers
  const madd = variant === 'fma' && engineFuses(wasm) ? fused : plain;

  it('runs the build it was asked for', () => {
    expect(wasm.kernels).toBe(variant);
  });

  it.each(packed)('packs b for rows %i, n %i, m %i (forward and δ·Wᵀ): the shapes below test that path', (rows, n, m) => {
    expect(packs(4, rows, n, m)).toBe(true);
    expect(packs(4, rows, m, n)).toBe(true);
  });

  it('packs δ for dW = aᵀ·δ on rows 520, n 20, m 517: that shape below tests the path', () => {
    expect(packs(4, 20, 520, 517)).toBe(true); // dW (n, m) = aᵀ (n, rows) · δ (rows, m): n/4 row blocks of dW each read all of δ
  });

  it.each(shapes)('rows %i, n %i, m %i: z = a·W + b, dW = aᵀ·δ/rows, db, g = δ·Wᵀ', { timeout: TIMEOUT_MS }, (rows, n, m) => {
    const random = new Random(rows * 100_000 + n * 1000 + m);
    const put = (values: Float32Array) => {
      const out = allocate(values.length);
      out.set(values);
      return out;
    };
    const [a, w, b, d] = [filled(rows * n, random), filled(n * m, random), filled(m, random), filled(rows * m, random)].map(put);
    const f64 = (v: Float32Array) => Float64Array.from(v);
    const abs = (v: Float32Array) => Float64Array.from(v, Math.abs);
    const scale = 1 / rows;

    const z = allocate(rows * m);
    wasm.linearForward(z, a, w, b, rows, n, m);
    const [rz, bz] = [new Float64Array(rows * m), new Float64Array(rows * m)];
    linearForward(rz, f64(a), f64(w), 0, f64(b), 0, rows, n, m);
    linearForward(bz, abs(a), abs(w), 0, abs(b), 0, rows, n, m);
    expectWithinBound(z, rz, bz, n + 1, 'z');
    expectBitIdentical(z, emulateGemm(a, w, b, rows, n, m, madd), 'z');

    const [dW, dB] = [allocate(n * m), allocate(m)];
    wasm.linearBackwardParams(dW, dB, a, d, rows, n, m, scale);
    const [rdW, rdB, bdW, bdB] = [new Float64Array(n * m), new Float64Array(m), new Float64Array(n * m), new Float64Array(m)];
    linearBackwardParams(rdW, 0, rdB, 0, f64(a), f64(d), rows, n, m, scale);
    linearBackwardParams(bdW, 0, bdB, 0, abs(a), abs(d), rows, n, m, scale);
    expectWithinBound(dW, rdW, bdW, rows + 1, 'dW');
    expectWithinBound(dB, rdB, bdB, rows + 1, 'db');
    const expected = emulateGemmTransA(a, d, rows, n, m, scale, madd);
    expectBitIdentical(dW, expected.dw, 'dW');
    expectBitIdentical(dB, expected.db, 'db');

    const g = allocate(rows * n);
    wasm.linearBackwardInputs(g, d, w, rows, n, m);
    const [rg, bg] = [new Float64Array(rows * n), new Float64Array(rows * n)];
    linearBackwardInputs(rg, f64(d), f64(w), 0, rows, n, m);
    linearBackwardInputs(bg, abs(d), abs(w), 0, rows, n, m);
    expectWithinBound(g, rg, bg, m, 'g');
    const wT = new Float32Array(m * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) wT[j * n + i] = w[i * m + j];
    expectBitIdentical(g, emulateGemm(d, wT, null, rows, m, n, madd), 'g');
  });
});

describe('the fma build on this engine', () => {
  it('fuses where the processor can (x86-64 with FMA3, arm64): one rounding, so its results differ from simd', () => {
    const fma = createBackend('float32', 'wasm', Infinity, 'fma');
    const simd = createBackend('float32', 'wasm', Infinity, 'simd');
    expect(engineFuses(simd)).toBe(false); // the plain build never fuses
    // This machine's processor has FMA3 (the benchmark prints the build each engine took).
    if (process.arch === 'x64' || process.arch === 'arm64') expect(engineFuses(fma)).toBe(true);
  });
});
