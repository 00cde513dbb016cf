// e^x on four float32 lanes at once, for the float32 sigmoid and softmax (activations.ts). Scalar
// Mathf.exp (musl's expf: float64 inside, a 32-entry table) cost a third of a 64-32-10 network's
// single-sample forward; this is the same work for four values, in float32 only:
//   reduce:      x = n·ln2 + r, |r| ≤ ½ln2 (about), n = x·log2(e) rounded to an integer by adding
//                1.5·2²³ (the sum's low bits then hold n), ln2 in two parts (n·LN2_HI is exact);
//   approximate: e^r = 1 + r + r²·P(r), P of degree 5 (Cephes' expf coefficients);
//   scale:       2^n as two powers of two, 2^⌊n/2⌋·2^(n − ⌊n/2⌋), each a normal float32, so that
//                results near float32's largest (n = 128) and subnormal ones (n < −126) need no
//                branch; the second product rounds a subnormal result once.
// x is first clamped to [−104, 89]: e^−104 rounds to 0 and e^89 to +∞, as e^x does for any x
// beyond; e^NaN is that NaN, e^−∞ = 0, e^+∞ = +∞, e^±0 = 1.
// Error: at most 0.9903 ulp of e^x for every float32 input (all 2.24 billion in [−104, 89] were
// checked once against float64's Math.exp; wasm-exp.test.ts checks a dense sample, and that the
// kernel computes these operations exactly); 99.19 % of results are e^x rounded to nearest, as
// Mathf.exp's nearly always are. Plain mul and add only,
// no relaxed_madd: the same bits in both builds of the kernels and on every engine.
import { loadLanes, storeLanes } from './lanes';

const LOG2E: f32 = 1.44269504088896341;
const SHIFTER: f32 = 12582912.0; // 1.5·2²³: x + SHIFTER rounds x to an integer (|x| < 2²²)
const LN2_HI: f32 = 0.693359375; // 355/512: 9 bits, so n·LN2_HI is exact for |n| < 2¹⁵
const LN2_LO: f32 = -2.12194440e-4; // ln2 − LN2_HI
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;
const LOWEST: f32 = -104; // e^x rounds to 0 below about −103.97
const HIGHEST: f32 = 89; // and overflows above about 88.72

@inline export function expF32x4(input: v128): v128 {
  // pmax and pmin are one instruction each (max and min take several, to propagate NaN); they
  // turn NaN into LOWEST, so NaN lanes are put back at the end
  const x = f32x4.pmin(f32x4.pmax(input, f32x4.splat(LOWEST)), f32x4.splat(HIGHEST));
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(SHIFTER));
  const nf = f32x4.sub(shifted, f32x4.splat(SHIFTER)); // n as a float
  const n = i32x4.sub(shifted, f32x4.splat(SHIFTER)); // n as an integer: the bits' difference
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(nf, f32x4.splat(LN2_HI))), f32x4.mul(nf, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1)); // e^r
  const half = i32x4.shr_s(n, 1);
  const bias = i32x4.splat(127);
  const scale1 = i32x4.shl(i32x4.add(half, bias), 23); // 2^⌊n/2⌋
  const scale2 = i32x4.shl(i32x4.add(i32x4.sub(n, half), bias), 23); // 2^(n − ⌊n/2⌋)
  return v128.bitselect(input, f32x4.mul(f32x4.mul(y, scale1), scale2), f32x4.ne(input, input));
}

// y = e^x over `count` float32 values: the kernel sigmoid and softmax use, exported for its tests.
export function expF32(x: usize, y: usize, count: i32): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) v128.store(y + (<usize>k << 2), expF32x4(v128.load(x + (<usize>k << 2))));
  if (k < count) storeLanes(y + (<usize>k << 2), expF32x4(loadLanes(x + (<usize>k << 2), count - k)), count - k);
}
