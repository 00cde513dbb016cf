/**
 * e^x as WebAssembly instructions written inline (online-epochs-code.ts's sigmoid): fdlibm's
 * algorithm operation for operation, as assembly/exp-f64.ts has it and V8's Math.exp runs it
 * (base/ieee754.cc), with V8's one exception, e¹ = Math.E (fdlibm's is 1 ulp above). Inline
 * rather than called, so that the optimising compiler overlaps the e^x of a layer's neurons
 * (a call to another module's function was a third of a 2-3-1 network's step).
 *   Reduce: x = k·ln2 + r with |r| ≤ ½ln2 (ln2 in two parts, so that k·ln2Hi is exact);
 *   approximate: e^r = 1 + r + r·c / (2 − c), c = r − r²·(P1 + r²·(P2 + … + r²·P5));
 *   scale: 2^k · e^r by adding k to the exponent (twice, via 2⁻¹⁰⁰⁰, where the result is subnormal).
 * wasm-exp.test.ts holds it to Math.exp, bit for bit.
 */
import { Code, EMPTY, F64, I32, op, type FunctionDef } from './wasm-writer.js';

const TWO_M1000 = 9.33263618503218878990e-302; // 2⁻¹⁰⁰⁰
const O_THRESHOLD = 7.09782712893383973096e2; // above: e^x overflows
const U_THRESHOLD = -7.45133219101941108420e2; // below: e^x underflows to 0
const HUGE = 1.0e300;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;

/** The locals e^x works in: f64 x, hi, lo, t, c, y; i32 hx, negative, k. */
export interface ExpLocals {
  x: number;
  hi: number;
  lo: number;
  t: number;
  c: number;
  y: number;
  hx: number;
  negative: number;
  k: number;
}

/** Replaces the f64 on the stack by its e^x. */
export function emitExp(code: Code, v: ExpLocals): void {
  const { x, hi, lo, t, c, y, hx, negative, k } = v;
  // withHigh(y, high(y) + (shift << 20)): onto the stack, with shift's i32 pushed by `shift`
  const scaled = (shift: () => void) => {
    code.get(y).emit(op.i64ReinterpretF64).i64(0xffffffff).emit(op.i64And);
    code.get(y).emit(op.i64ReinterpretF64).i64(32).emit(op.i64ShrU, op.i32WrapI64);
    shift();
    code.i32(20).emit(op.i32Shl, op.i32Add, op.i64ExtendI32U).i64(32).emit(op.i64Shl, op.i64Or, op.f64ReinterpretI64);
  };
  code.set(x);
  code.emit(op.block, F64); // every return below is a br to this block with its value
  code.f64(Math.E).get(x).f64(1).emit(op.f64Eq, op.brIf, 0, op.drop); // V8: e¹ = Math.E
  code.get(x).emit(op.i64ReinterpretF64).i64(32).emit(op.i64ShrU, op.i32WrapI64).set(hx); // high word
  code.get(hx).i32(31).emit(op.i32ShrU).set(negative);
  code.get(hx).i32(0x7fffffff).emit(op.i32And).set(hx); // high word of |x|
  code.get(hx).i32(0x40862e42).emit(op.i32GeU, op.if, EMPTY); // |x| ≥ 709.78…
  {
    code.get(hx).i32(0x7ff00000).emit(op.i32GeU, op.if, EMPTY);
    {
      // NaN: x + x; e^±∞: 0 or x
      code.get(x).get(x).emit(op.f64Add);
      code.f64(0).get(x).get(negative).emit(op.select);
      code.get(hx).i32(0xfffff).emit(op.i32And).get(x).emit(op.i64ReinterpretF64, op.i32WrapI64, op.i32Or);
      code.emit(op.select, op.br, 2);
    }
    code.emit(op.end);
    code.f64(HUGE * HUGE).get(x).f64(O_THRESHOLD).emit(op.f64Gt, op.brIf, 1, op.drop); // overflows: ∞
    code.f64(TWO_M1000 * TWO_M1000).get(x).f64(U_THRESHOLD).emit(op.f64Lt, op.brIf, 1, op.drop); // underflows: 0
  }
  code.emit(op.end);
  code.f64(0).set(hi).f64(0).set(lo).i32(0).set(k);
  code.get(hx).i32(0x3fd62e42).emit(op.i32GtU, op.if, EMPTY); // |x| > ½ln2
  {
    code.get(hx).i32(0x3ff0a2b2).emit(op.i32LtU, op.if, EMPTY); // and |x| < 1.5·ln2
    {
      code.get(x).f64(LN2_HI).emit(op.f64Add).get(x).f64(LN2_HI).emit(op.f64Sub).get(negative).emit(op.select).set(hi);
      code.f64(-LN2_LO).f64(LN2_LO).get(negative).emit(op.select).set(lo);
      code.i32(-1).i32(1).get(negative).emit(op.select).set(k);
    }
    code.emit(op.else);
    {
      code.f64(INV_LN2).get(x).emit(op.f64Mul).f64(-0.5).f64(0.5).get(negative).emit(op.select).emit(op.f64Add, op.i32TruncF64S).set(k);
      code.get(k).emit(op.f64ConvertI32S).set(t);
      code.get(x).get(t).f64(LN2_HI).emit(op.f64Mul, op.f64Sub).set(hi); // exact
      code.get(t).f64(LN2_LO).emit(op.f64Mul).set(lo);
    }
    code.emit(op.end);
    code.get(hi).get(lo).emit(op.f64Sub).set(x);
  }
  code.emit(op.else);
  {
    code.get(hx).i32(0x3e300000).emit(op.i32LtU, op.if, EMPTY); // |x| < 2⁻²⁸: 1 + x
    code.f64(1).get(x).emit(op.f64Add).f64(HUGE).get(x).emit(op.f64Add).f64(1).emit(op.f64Gt, op.brIf, 2, op.drop);
    code.emit(op.end);
  }
  code.emit(op.end);
  // t = x², c = x − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
  code.get(x).get(x).emit(op.f64Mul).set(t);
  code.get(x).get(t).f64(P1).get(t).f64(P2).get(t).f64(P3).get(t).f64(P4).get(t).f64(P5);
  code.emit(op.f64Mul, op.f64Add, op.f64Mul, op.f64Add).emit(op.f64Mul, op.f64Add, op.f64Mul, op.f64Add).emit(op.f64Mul, op.f64Sub).set(c);
  // k = 0: 1 − ((x·c)/(c − 2) − x)
  code.f64(1).get(x).get(c).emit(op.f64Mul).get(c).f64(2).emit(op.f64Sub, op.f64Div).get(x).emit(op.f64Sub, op.f64Sub);
  code.get(k).emit(op.i32Eqz, op.brIf, 0, op.drop);
  // y = 1 − ((lo − (x·c)/(2 − c)) − hi), scaled by 2^k
  code.f64(1).get(lo).get(x).get(c).emit(op.f64Mul).f64(2).get(c).emit(op.f64Sub, op.f64Div, op.f64Sub).get(hi).emit(op.f64Sub, op.f64Sub).set(y);
  scaled(() => code.get(k));
  code.get(k).i32(-1021).emit(op.i32GeS, op.brIf, 0, op.drop);
  scaled(() => code.get(k).i32(1000).emit(op.i32Add));
  code.f64(TWO_M1000).emit(op.f64Mul);
  code.emit(op.end);
}

/**
 * Replaces the f64 on the stack, which is ≤ 0 (or −∞, or NaN), by its e^x, the same bits as
 * emitExp, but with no branch that depends on x in the common range (−709.78 < x ≤ 0): each of
 * fdlibm's cases is computed and the one fdlibm takes is selected. Sigmoid's argument −|z| is such a
 * number, and the sign of z and the size of |z| change from sample to sample in no pattern a
 * processor can predict. The rare x ≤ −709.78…, −∞ and NaN call function number `general`,
 * which must be emitExp's e^x (expFunction). Returns `code`.
 */
export function emitExpOfNonPositive(code: Code, v: ExpLocals, general: number): Code {
  const { x, hi, lo, t, c, y, hx, k } = v;
  const scaled = (shift: () => void) => {
    code.get(y).emit(op.i64ReinterpretF64).i64(0xffffffff).emit(op.i64And);
    code.get(y).emit(op.i64ReinterpretF64).i64(32).emit(op.i64ShrU, op.i32WrapI64);
    shift();
    code.i32(20).emit(op.i32Shl, op.i32Add, op.i64ExtendI32U).i64(32).emit(op.i64Shl, op.i64Or, op.f64ReinterpretI64);
  };
  code.tee(x).emit(op.i64ReinterpretF64).i64(32).emit(op.i64ShrU, op.i32WrapI64).i32(0x7fffffff).emit(op.i32And).set(hx); // high word of |x|
  code.get(hx).i32(0x40862e42).emit(op.i32GeU, op.if, F64); // x ≤ −709.78…, −∞ or NaN: rare, emitExp's code in function `general`
  code.get(x).call(general);
  code.emit(op.else);
  {
    // |x| ≥ 1.5·ln2: k = ⌊x/ln2 − ½⌉ (t as a float, k as an integer), hi = x − t·ln2Hi (exact),
    // lo = t·ln2Lo. ½ln2 < |x| < 1.5·ln2, where fdlibm takes k = −1, hi = x + ln2Hi, lo = −ln2Lo:
    // there x/ln2 − ½ is in (−2, −1], so the same lines give k = −1, and x − (−1)·ln2Hi is
    // x + ln2Hi to the bit. |x| ≤ ½ln2: no reduction (k = 0). t by f64.trunc rather than through
    // the integer: e^x's chain of dependent operations is most of a sigmoid layer's time.
    code.f64(INV_LN2).get(x).emit(op.f64Mul).f64(-0.5).emit(op.f64Add, op.f64Trunc).tee(t).emit(op.i32TruncF64S).set(k);
    code.get(x).get(t).f64(LN2_HI).emit(op.f64Mul, op.f64Sub).set(hi);
    code.get(t).f64(LN2_LO).emit(op.f64Mul).set(lo);
    code.get(x).get(hi).get(lo).emit(op.f64Sub).get(hx).i32(0x3fd62e42).emit(op.i32LeU, op.select).set(x);
    code.i32(0).get(k).get(hx).i32(0x3fd62e42).emit(op.i32LeU, op.select).set(k);
    // t = x², c = x − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
    code.get(x).get(x).emit(op.f64Mul).set(t);
    code.get(x).get(t).f64(P1).get(t).f64(P2).get(t).f64(P3).get(t).f64(P4).get(t).f64(P5);
    code.emit(op.f64Mul, op.f64Add, op.f64Mul, op.f64Add).emit(op.f64Mul, op.f64Add, op.f64Mul, op.f64Add).emit(op.f64Mul, op.f64Sub).set(c);
    // q = (x·c)/(2 − c), one division for both cases: (x·c)/(c − 2) is −q to the bit (rounding
    // is symmetric, so c − 2 = −(2 − c), and so is division)
    code.get(x).get(c).emit(op.f64Mul).f64(2).get(c).emit(op.f64Sub, op.f64Div).set(t);
    // k ≠ 0: y = 1 − ((lo − q) − hi), scaled by 2^k: y·2^k, exact (as adding k to the exponent
    // is) while the result is normal, k ≥ −1021, with 2^k's bits made from k off the chain;
    // below, y·2^(k+1000) by the exponent, then × 2⁻¹⁰⁰⁰
    code.f64(1).get(lo).get(t).emit(op.f64Sub).get(hi).emit(op.f64Sub, op.f64Sub).set(y);
    code.get(y).get(k).emit(op.i64ExtendI32S).i64(1023).emit(op.i64Add).i64(52).emit(op.i64Shl, op.f64ReinterpretI64, op.f64Mul);
    scaled(() => code.get(k).i32(1000).emit(op.i32Add));
    code.f64(TWO_M1000).emit(op.f64Mul).get(k).i32(-1021).emit(op.i32GeS, op.select);
    // k = 0: 1 − ((x·c)/(c − 2) − x) = 1 − (−q − x); |x| < 2⁻²⁸: 1 + x
    code.f64(1).get(t).emit(op.f64Neg).get(x).emit(op.f64Sub, op.f64Sub);
    code.get(k).emit(op.select);
    code.f64(1).get(x).emit(op.f64Add).get(hx).i32(0x3e300000).emit(op.i32GeU, op.select);
  }
  return code.emit(op.end);
}

/** A function x ↦ e^x (emitExp), for emitExpOfNonPositive's rare cases. */
export function expFunction(): FunctionDef {
  const code = new Code().get(0);
  emitExp(code, { x: 1, hi: 2, lo: 3, t: 4, c: 5, y: 6, hx: 7, negative: 8, k: 9 });
  return { params: [F64], results: [F64], locals: [F64, F64, F64, F64, F64, F64, I32, I32, I32], code };
}
