// activations.ts's element-wise activations and softmax over float64 buffers, written as
// src/activations/activations.ts and src/activations/activation-loops.ts write them (the reference these are tested
// against): relu, leaky relu, linear and the derivatives of sigmoid and tanh (a(1 − a), 1 − a²)
// two values at a time, to the same bits, and so sigmoid and softmax's e^x (expF64x2: fdlibm's
// algorithm on two lanes, V8's Math.exp to the bit, as exp on one lane is); the rest one value at a
// time, e^x by exp (exp-f64.ts) and log1p, expm1 and tanh by AssemblyScript's Math (musl's), which
// may differ from the engine's in the last bit.
// `kind` numbers the activations as in activations.ts (KIND in src/backend/wasm-backend.ts).
import { exp, expF64x2 } from './exp-f64';

const LINEAR = 0;
const RELU = 1;
const LEAKY_RELU = 2;
const SIGMOID = 3;
const TANH = 4;
const ELU = 5;

@inline function sigmoid(z: f64): f64 {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

// σ on two lanes: the same operations (e = e^−|z|, which is e^−z for z ≥ 0 and e^z below).
@inline function sigmoidF64x2(z: v128): v128 {
  const one = f64x2.splat(1);
  const e = expF64x2(f64x2.neg(f64x2.abs(z)));
  return f64x2.div(v128.bitselect(one, e, f64x2.ge(z, f64x2.splat(0))), f64x2.add(one, e));
}

// a = f(z) over `count` values.
export function activationForwardF64(kind: i32, z: usize, a: usize, count: i32, alpha: f64): void {
  let k = 0;
  if (kind == RELU || kind == LEAKY_RELU || kind == LINEAR) {
    const zero = f64x2.splat(0);
    const slope = f64x2.splat(alpha);
    for (; k + 2 <= count; k += 2) {
      const v = v128.load(z + (<usize>k << 3));
      // v where v > 0, else 0 (relu), α·v (leaky relu) or v (linear): the reference's `z > 0 ? z : …`
      const other = kind == RELU ? zero : kind == LEAKY_RELU ? f64x2.mul(slope, v) : v;
      v128.store(a + (<usize>k << 3), v128.bitselect(v, other, f64x2.gt(v, zero)));
    }
    if (k < count) {
      const v = load<f64>(z + (<usize>k << 3));
      store<f64>(a + (<usize>k << 3), v > 0 ? v : kind == RELU ? 0 : kind == LEAKY_RELU ? alpha * v : v);
    }
    return;
  }
  if (kind == SIGMOID) {
    for (; k + 2 <= count; k += 2) v128.store(a + (<usize>k << 3), sigmoidF64x2(v128.load(z + (<usize>k << 3))));
  }
  for (; k < count; k++) {
    const v = load<f64>(z + (<usize>k << 3));
    let out: f64;
    if (kind == SIGMOID) out = sigmoid(v);
    else if (kind == TANH) out = Math.tanh(v);
    else if (kind == ELU) out = v > 0 ? v : alpha * Math.expm1(v);
    else out = v > 0 ? v + Math.log1p(exp(-v)) : Math.log1p(exp(v)); // softplus
    store<f64>(a + (<usize>k << 3), out);
  }
}

// residual ← f′(z) ⊙ residual over `count` values, from z and a = f(z).
export function activationBackwardF64(kind: i32, z: usize, a: usize, residual: usize, count: i32, alpha: f64): void {
  if (kind == LINEAR) return;
  let k = 0;
  if (kind == RELU || kind == LEAKY_RELU) {
    const zero = f64x2.splat(0);
    const one = f64x2.splat(1);
    const slope = f64x2.splat(kind == RELU ? 0 : alpha);
    for (; k + 2 <= count; k += 2) {
      const positive = f64x2.gt(v128.load(z + (<usize>k << 3)), zero);
      const p = residual + (<usize>k << 3);
      v128.store(p, f64x2.mul(v128.load(p), v128.bitselect(one, slope, positive)));
    }
  } else if (kind == SIGMOID || kind == TANH) {
    const one = f64x2.splat(1);
    for (; k + 2 <= count; k += 2) {
      const out = v128.load(a + (<usize>k << 3));
      const d = kind == SIGMOID ? f64x2.mul(out, f64x2.sub(one, out)) : f64x2.sub(one, f64x2.mul(out, out));
      const p = residual + (<usize>k << 3);
      v128.store(p, f64x2.mul(v128.load(p), d));
    }
  }
  for (; k < count; k++) {
    const v = load<f64>(z + (<usize>k << 3));
    const out = load<f64>(a + (<usize>k << 3));
    let d: f64;
    if (kind == RELU) d = v > 0 ? 1 : 0;
    else if (kind == LEAKY_RELU) d = v > 0 ? 1 : alpha;
    else if (kind == SIGMOID) d = out * (1 - out);
    else if (kind == TANH) d = 1 - out * out;
    else if (kind == ELU) d = v > 0 ? 1 : alpha * exp(v); // not out + α, which cancels to 0 for v < −37
    else d = sigmoid(v); // softplus′ = σ
    const p = residual + (<usize>k << 3);
    store<f64>(p, load<f64>(p) * d);
  }
}

// Row-wise softmax of a (rows, width) buffer, shifted by each row's maximum; each e^(z − max)
// divided by the row's sum (not × its inverse), as the reference does.
export function softmaxForwardF64(z: usize, a: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++) {
    const zr = z + (<usize>(r * width) << 3);
    const ar = a + (<usize>(r * width) << 3);
    let max = -Infinity;
    for (let j = 0; j < width; j++) {
      const v = load<f64>(zr + (<usize>j << 3));
      if (v > max) max = v;
    }
    const shift = f64x2.splat(max);
    let j = 0;
    for (; j + 2 <= width; j += 2) v128.store(ar + (<usize>j << 3), expF64x2(f64x2.sub(v128.load(zr + (<usize>j << 3)), shift)));
    if (j < width) store<f64>(ar + (<usize>j << 3), exp(load<f64>(zr + (<usize>j << 3)) - max));
    let sum: f64 = 0;
    for (j = 0; j < width; j++) sum += load<f64>(ar + (<usize>j << 3));
    const total = f64x2.splat(sum);
    j = 0;
    for (; j + 2 <= width; j += 2) v128.store(ar + (<usize>j << 3), f64x2.div(v128.load(ar + (<usize>j << 3)), total));
    if (j < width) store<f64>(ar + (<usize>j << 3), load<f64>(ar + (<usize>j << 3)) / sum);
  }
}
