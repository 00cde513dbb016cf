import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { kernelModule, type WasmKernels } from './kernel-modules.js';
import { hasRelaxedSimd, type KernelVariant } from './kernel-variants.js';
import { Random } from '../random.js';

/**
 * The e^x of the sigmoid and softmax kernels, both builds.
 * float32 (assembly/exp-f32.ts, four lanes at a time) against
 *   1. float64's Math.exp: within 0.991 ulp of e^x (in float32 ulps at e^x; 2⁻¹⁴⁹ below float32's
 *      normals) on every edge value and on a dense sample of the whole range, [−104, 89] (all 2.24
 *      billion float32 inputs there were checked once: at most 0.9903 ulp);
 *   2. bit for bit, the operations exp-f32.ts promises, emulated here in float32 (Math.fround after
 *      each step): so that a change of constant or order is caught, not only a large error.
 * The tails (1–3 values after the last multiple of 4) go through the same vector code: every count
 * from 1 to 9 is checked.
 * float64 (assembly/exp-f64.ts, two lanes at a time, and one at a time for pairs it leaves to the
 * scalar code) against Math.exp, bit for bit on V8, whose Math.exp is the same fdlibm algorithm:
 * on the bounds of each of its branches and on random values of every magnitude.
 */
if (!hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20: behind a flag

const fround = Math.fround;
const LOG2E = fround(1.44269504088896341);
const SHIFTER = fround(12582912);
const LN2_HI = fround(0.693359375);
const LN2_LO = fround(-2.1219444e-4);
const P = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(fround);
const bits = new Int32Array(1);
const float = new Float32Array(bits.buffer);
const bitsOf = (x: number) => ((float[0] = x), bits[0]);
const fromBits = (b: number) => ((bits[0] = b), float[0]);

/** exp-f32.ts's expF32x4 on one lane, each operation rounded to float32. */
function emulateExp(x: number): number {
  x = Math.min(Math.max(x, -104), 89); // NaN stays NaN, as f32x4.min and max keep it
  const shifted = fround(fround(x * LOG2E) + SHIFTER);
  const nf = fround(shifted - SHIFTER);
  const n = bitsOf(shifted) - bitsOf(SHIFTER);
  const r = fround(fround(x - fround(nf * LN2_HI)) - fround(nf * LN2_LO));
  let p = P[0];
  for (let i = 1; i < P.length; i++) p = fround(fround(p * r) + P[i]);
  const y = fround(fround(fround(p * fround(r * r)) + r) + 1);
  const half = n >> 1;
  return fround(fround(y * fromBits((half + 127) << 23)) * fromBits((n - half + 127) << 23));
}

/** |y − e^x| in float32 ulps at e^x (2⁻¹⁴⁹ among subnormals); 0 where both overflow. */
function ulpError(y: number, x: number): number {
  const e = Math.exp(x);
  if (y === Infinity && fround(e) === Infinity) return 0;
  const ulp = e < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(e)) - 23);
  return Math.abs(y - e) / ulp;
}

const edges = [
  0, -0, 1, -1, 0.5, -0.5, 2 ** -149, -(2 ** -149), 1e-40, -1e-40, 2 ** -126, 1e-30, -1e-30, 1e-7, -1e-7, 0.34657, -0.34657,
  0.35, -0.35, 1.0397, -1.0397, 10, -10, -17, 20, 40, 80, 88, 88.72283, 88.72283172607422, 88.72283935546875, 88.8, 89, 89.5, 100, 1e4, 1e30,
  3.4e38, -20, -40, -80, -87.33654, -87.3366, -88, -100, -103, -103.97207, -103.9721, -103.98, -104, -104.5, -1e4, -1e30,
  -3.4e38, Infinity, -Infinity, Number.NaN,
].map(fround);

/** Every 997th float32 bit pattern of [0, 89] and [−104, −0]: 2.2 million values, every exponent. */
function* dense(): Generator<Float32Array> {
  const chunk = new Float32Array(1 << 18);
  const pattern = new Int32Array(chunk.buffer);
  for (const [first, last] of [[0, bitsOf(89)], [bitsOf(-0), bitsOf(-104)]]) {
    let k = 0;
    for (let b = first; b <= last; b += 997) {
      pattern[k++] = b;
      if (k === chunk.length) {
        yield chunk;
        k = 0;
      }
    }
    if (k > 0) yield chunk.subarray(0, k);
  }
}

interface ExpKernel {
  memory: WebAssembly.Memory;
  allocate(bytes: number): number;
  expF32(x: number, y: number, count: number): void;
  expF64(x: number, y: number, count: number): void;
}

function instance(variant: KernelVariant): ExpKernel {
  const { module, shared } = kernelModule(variant) as WasmKernels;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Omit<ExpKernel, 'memory'>;
  return { memory, allocate: exports.allocate, expF32: exports.expF32, expF64: exports.expF64 };
}

const variants: KernelVariant[] = ['simd', 'fma'];

describe.each(variants)('wasm float32 exp, %s build', (variant) => {
  const kernel = instance(variant);
  const capacity = 1 << 18;
  const xAt = kernel.allocate(capacity * 4);
  const yAt = kernel.allocate(capacity * 4);
  const run = (values: Float32Array): Float32Array => {
    new Float32Array(kernel.memory.buffer, xAt, values.length).set(values);
    kernel.expF32(xAt, yAt, values.length);
    return new Float32Array(kernel.memory.buffer, yAt, values.length).slice();
  };
  const check = (xs: Float32Array, y: Float32Array) => {
    for (let k = 0; k < xs.length; k++) {
      const emulated = emulateExp(xs[k]);
      if (!Object.is(y[k], emulated)) throw new Error(`e^${xs[k]}: wasm ${y[k]}, the operations of exp-f32.ts give ${emulated}`);
      if (Number.isNaN(xs[k])) continue;
      const error = ulpError(y[k], xs[k]);
      if (!(error <= 0.991)) throw new Error(`e^${xs[k]}: wasm ${y[k]}, Math.exp ${Math.exp(xs[k])}: ${error} ulp`);
    }
  };

  it('edge values: ±0, ±∞, NaN, subnormal inputs and results, overflow and underflow', () => {
    const xs = Float32Array.from(edges);
    const y = run(xs);
    check(xs, y);
    const at = (x: number) => y[edges.indexOf(fround(x))];
    expect(at(0)).toBe(1);
    expect(at(-0)).toBe(1);
    expect(at(2 ** -149)).toBe(1);
    expect(at(Infinity)).toBe(Infinity);
    expect(at(88.72283935546875)).toBe(Infinity); // the float32 after ln(float32's largest)
    expect(at(88.72283172607422)).toBe(fround(Math.exp(88.72283172607422))); // the one before: 3.4028e38
    expect(at(-Infinity)).toBe(0);
    expect(at(-104)).toBe(0);
    expect(at(-103.97207)).toBe(2 ** -149); // the smallest subnormal
    expect(at(-100)).toBeGreaterThan(0);
    expect(at(-100)).toBeLessThan(2 ** -126); // subnormal
    expect(y[edges.findIndex(Number.isNaN)]).toBeNaN();
  });

  it('every count from 1 to 9: the tail goes through the same code as the body', () => {
    const xs = Float32Array.from({ length: 9 }, (_, k) => fround(-3.7 + 1.9 * k));
    const full = run(xs);
    for (let count = 1; count <= 9; count++) {
      const y = run(xs.subarray(0, count));
      for (let k = 0; k < count; k++) expect(Object.is(y[k], full[k])).toBe(true);
    }
  });

  it('a dense sample of [−104, 89]: within 0.991 ulp, and the promised operations bit for bit', { timeout: 120_000 }, () => {
    for (const chunk of dense()) check(chunk, run(chunk));
  });
});

/** V8 (Node, Chrome) computes Math.exp by fdlibm's algorithm, as exp-f64.ts does. */
const V8 = typeof process === 'object' && process.versions.v8 !== undefined;

/** A float64 from its high and low 32-bit words. */
function fromWords(high: number, low: number): number {
  const words = new Uint32Array(2);
  words[1] = high >>> 0;
  words[0] = low >>> 0;
  return new Float64Array(words.buffer)[0];
}

describe.each(variants)('wasm float64 exp, %s build', (variant) => {
  const kernel = instance(variant);
  const capacity = 1 << 16;
  const xAt = kernel.allocate(capacity * 8);
  const yAt = kernel.allocate(capacity * 8);
  const run = (values: ArrayLike<number>): Float64Array => {
    new Float64Array(kernel.memory.buffer, xAt, values.length).set(values);
    kernel.expF64(xAt, yAt, values.length);
    return new Float64Array(kernel.memory.buffer, yAt, values.length).slice();
  };
  const check = (xs: ArrayLike<number>) => {
    const y = run(xs);
    for (let k = 0; k < xs.length; k++) {
      const expected = Math.exp(xs[k]);
      const ok = V8 ? Object.is(y[k], expected) : Math.abs(y[k] - expected) <= 2 ** -52 * expected || Object.is(y[k], expected);
      if (!ok) throw new Error(`e^${xs[k]}: wasm ${y[k]}, Math.exp ${expected}`);
    }
  };

  it('the bounds of each branch (|x| of 2⁻²⁸, ½ln2, 1.5·ln2, 707, overflow, underflow), ±0, ±∞, NaN', () => {
    const xs = [0, -0, 5e-324, -5e-324, 1e-300, Infinity, -Infinity, Number.NaN, 707, -707, 707.0001, -707.0001, 709.7, 709.8, -745.1, -745.2, -746];
    // high words of |x| at which exp's branches change, with low words 0, 1 and all ones, of both signs
    for (const high of [0x3e2fffff, 0x3e300000, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2]) {
      for (const low of [0, 1, 0xffffffff]) xs.push(fromWords(high, low), -fromWords(high, low));
    }
    for (let start = 0; start < xs.length; start++) check(xs.slice(start)); // each value in either lane, and in the scalar tail
  });

  it('200,000 random values of every magnitude', () => {
    const random = new Random(3);
    for (const scale of [1500, 4, 1, 2 ** -20, 2 ** -40]) check(Float64Array.from({ length: 40_000 }, () => (random.next() - 0.5) * scale));
  });
});
