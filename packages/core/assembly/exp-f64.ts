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
