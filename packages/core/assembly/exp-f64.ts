// e^x in float64 as FreeBSD's msun / Sun's fdlibm compute it (e_exp.c, the algorithm V8's Math.exp
// runs: base/ieee754.cc), operation for operation, so that the float64 kernels' sigmoid and softmax
// give the TypeScript reference's bits on V8 (Node, Chrome, Edge), where AssemblyScript's own
// Math.exp (musl's, table-driven) differs in the last bit for about 5 % of inputs.
//   Reduce: x = k·ln2 + r with |r| ≤ ½ln2 (ln2 in two parts, so that k·ln2Hi is exact);
//   approximate: e^r = 1 + r + r·c / (2 − c), c = r − r²·(P1 + r²·(P2 + … + r²·P5)) (a Remez fit);
//   scale: 2^k · e^r by adding k to the exponent (twice, via 2⁻¹⁰⁰⁰, where the result is subnormal).
// Error below 1 ulp.

const HUGE: f64 = 1.0e300;
const TWO_M1000: f64 = 9.33263618503218878990e-302; // 2⁻¹⁰⁰⁰
const O_THRESHOLD: f64 = 7.09782712893383973096e+02; // above: e^x overflows
const U_THRESHOLD: f64 = -7.45133219101941108420e+02; // below: e^x underflows to 0
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;

@inline function high(x: f64): u32 {
  return <u32>(reinterpret<u64>(x) >> 32);
}

@inline function withHigh(x: f64, hi: u32): f64 {
  return reinterpret<f64>((reinterpret<u64>(x) & 0xffffffff) | (<u64>hi << 32));
}

export function exp(x: f64): f64 {
  let hx = high(x);
  const negative = (hx >> 31) != 0;
  hx &= 0x7fffffff; // high word of |x|
  if (hx >= 0x40862e42) { // |x| ≥ 709.78…
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>reinterpret<u64>(x)) != 0) return x + x; // NaN
      return negative ? 0 : x; // e^±∞
    }
    if (x > O_THRESHOLD) return HUGE * HUGE;
    if (x < U_THRESHOLD) return TWO_M1000 * TWO_M1000;
  }
  let hi: f64 = 0, lo: f64 = 0;
  let k: i32 = 0;
  if (hx > 0x3fd62e42) { // |x| > ½ln2
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5·ln2
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = <i32>(INV_LN2 * x + (negative ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI; // exact
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2⁻²⁸
    if (HUGE + x > 1) return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return withHigh(y, high(y) + (<u32>k << 20));
  return withHigh(y, high(y) + (<u32>(k + 1000) << 20)) * TWO_M1000;
}

// exp above on two lanes at once, operation for operation, so to the same bits (sigmoid and
// softmax, activations-f64.ts). The branches become selections: each lane's reduction
// (none for |x| ≤ ½ln2, k = ±1 below 1.5·ln2, else k = trunc(x/ln2 ± ½), each written as
// hi = x − k·LN2_HI, lo = k·LN2_LO, which for k = ±1 are exactly x ∓ LN2_HI and ±LN2_LO), the
// polynomial, then the lane's result: 1 + x (|x| < 2⁻²⁸), the unreduced formula, or the reduced
// one scaled by 2^k (k added to the exponent bits). A pair with a lane of |x| > 707, or NaN (whose
// results need the overflow, underflow, subnormal and NaN branches), goes through exp one lane at
// a time.
const FAR: f64 = 707; // 2^k·y stays normal (k ≥ −1021) and finite up to here
const HALF_LN2_BITS: u64 = 0x3fd62e4300000000; // |x| at or above: reduced (hx > 0x3fd62e42)
const THREE_HALVES_LN2_BITS: u64 = 0x3ff0a2b200000000; // |x| below: k = ±1 (hx < 0x3ff0a2b2)
const TINY_BITS: u64 = 0x3e30000000000000; // |x| below: 1 + x (hx < 0x3e300000, 2⁻²⁸)
const INTEGER: f64 = 6755399441055744.0; // 1.5·2⁵²: t + INTEGER holds the integer t in its low bits

@inline export function expF64x2(x: v128): v128 {
  const abs = f64x2.abs(x);
  if (v128.any_true(v128.or(f64x2.gt(abs, f64x2.splat(FAR)), f64x2.ne(x, x)))) {
    return f64x2.replace_lane(f64x2.splat(exp(f64x2.extract_lane(x, 0))), 1, exp(f64x2.extract_lane(x, 1)));
  }
  const negative = f64x2.lt(x, f64x2.splat(0)); // (−0 counts as positive here, as its high word's sign bit does not matter below)
  const sign = v128.bitselect(f64x2.splat(-1), f64x2.splat(1), negative);
  const reduced = f64x2.ge(abs, f64x2.splat(reinterpret<f64>(HALF_LN2_BITS)));
  const near = f64x2.lt(abs, f64x2.splat(reinterpret<f64>(THREE_HALVES_LN2_BITS)));
  const tiny = f64x2.lt(abs, f64x2.splat(reinterpret<f64>(TINY_BITS)));
  // k: ±1 near ln2, else trunc(INV_LN2·x ± ½); 0 where x is not reduced
  let k = f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(INV_LN2), x), f64x2.mul(sign, f64x2.splat(0.5))));
  k = v128.bitselect(sign, k, near);
  k = v128.and(k, reduced); // 0.0 where not reduced
  const hi = v128.bitselect(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), x, reduced);
  const lo = v128.and(f64x2.mul(k, f64x2.splat(LN2_LO)), reduced);
  const r = v128.bitselect(f64x2.sub(hi, lo), x, reduced);
  const t = f64x2.mul(r, r);
  let p = f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)));
  p = f64x2.add(f64x2.splat(P3), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(P2), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(P1), f64x2.mul(t, p));
  const c = f64x2.sub(r, f64x2.mul(t, p));
  const one = f64x2.splat(1);
  const rc = f64x2.mul(r, c);
  // k = 0: 1 − ((x·c)/(c − 2) − x)
  const plain = f64x2.sub(one, f64x2.sub(f64x2.div(rc, f64x2.sub(c, f64x2.splat(2))), r));
  // else: y = 1 − ((lo − (x·c)/(2 − c)) − hi), times 2^k by adding k to the exponent
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, f64x2.div(rc, f64x2.sub(f64x2.splat(2), c))), hi));
  const kBits = i64x2.sub(f64x2.add(k, f64x2.splat(INTEGER)), f64x2.splat(INTEGER)); // k as an integer
  const scaled = i64x2.add(y, i64x2.shl(kBits, 52));
  return v128.bitselect(f64x2.add(one, x), v128.bitselect(scaled, plain, reduced), tiny);
}

// y = e^x over `count` float64 values: the kernel sigmoid and softmax use, exported for its tests.
export function expF64(x: usize, y: usize, count: i32): void {
  let k = 0;
  for (; k + 2 <= count; k += 2) v128.store(y + (<usize>k << 3), expF64x2(v128.load(x + (<usize>k << 3))));
  if (k < count) store<f64>(y + (<usize>k << 3), exp(load<f64>(x + (<usize>k << 3))));
}
