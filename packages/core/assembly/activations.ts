// Element-wise activations over float32 buffers, f and f′ side by side as in src/activations/activations.ts
// (the reference these are tested against). `kind` numbers the activations (see KIND in
// src/backend/wasm-backend.ts); `alpha` is leaky-relu's slope or elu's scale. Sigmoid and softmax take e^x four
// values at a time (exp-f32.ts, within 1 ulp); the last 1–3 values of a buffer or row go through
// the same vector code, so that a value's result does not depend on where in the buffer it sits
// (a row of a batch, or predictOne's single row: forward-row.ts).
import { expF32x4 } from './exp-f32';
import { loadLanes, storeLanes } from './lanes';

const LINEAR = 0;
const RELU = 1;
const LEAKY_RELU = 2;
const SIGMOID = 3;
const TANH = 4;
const ELU = 5;
const SOFTPLUS = 6;

// σ(z) one value at a time (softplus′), with Mathf.exp.
@inline function sigmoid(z: f32): f32 {
  return z >= 0 ? 1 / (1 + Mathf.exp(-z)) : Mathf.exp(z) / (1 + Mathf.exp(z));
}

// σ(z) on four lanes: 1 / (1 + e^−z) for z ≥ 0, e^z / (1 + e^z) below (no overflow either way),
// both from e = e^−|z|.
@inline function sigmoidF32x4(z: v128): v128 {
  const one = f32x4.splat(1);
  const e = expF32x4(f32x4.neg(f32x4.abs(z)));
  return f32x4.div(v128.bitselect(one, e, f32x4.ge(z, f32x4.splat(0))), f32x4.add(one, e));
}

// a = f(z) over `count` values.
export function activationForward(kind: i32, z: usize, a: usize, count: i32, alpha: f32): void {
  let k = 0;
  if (kind == RELU || kind == LEAKY_RELU || kind == LINEAR) {
    const zero = f32x4.splat(0);
    const slope = f32x4.splat(kind == RELU ? 0 : kind == LEAKY_RELU ? alpha : 1);
    for (; k + 4 <= count; k += 4) {
      const v = v128.load(z + (<usize>k << 2));
      // max(v, 0) + slope·min(v, 0): relu, leaky relu and (slope 1) linear in one line
      v128.store(a + (<usize>k << 2), f32x4.add(f32x4.max(v, zero), f32x4.mul(slope, f32x4.min(v, zero))));
    }
    const s: f32 = kind == RELU ? 0 : kind == LEAKY_RELU ? alpha : 1;
    for (; k < count; k++) {
      const v = load<f32>(z + (<usize>k << 2));
      store<f32>(a + (<usize>k << 2), v > 0 ? v : s * v);
    }
    return;
  }
  if (kind == SIGMOID) {
    for (; k + 4 <= count; k += 4) v128.store(a + (<usize>k << 2), sigmoidF32x4(v128.load(z + (<usize>k << 2))));
    if (k < count) storeLanes(a + (<usize>k << 2), sigmoidF32x4(loadLanes(z + (<usize>k << 2), count - k)), count - k);
    return;
  }
  for (; k < count; k++) {
    const v = load<f32>(z + (<usize>k << 2));
    let out: f32;
    if (kind == TANH) out = Mathf.tanh(v);
    // expm1 and log1p, not exp(v) − 1 and log(1 + ·): those lose every digit for tiny |v|
    // (elu) or very negative v (softplus), where the result is far smaller than 1.
    else if (kind == ELU) out = v > 0 ? v : alpha * Mathf.expm1(v);
    else out = v > 0 ? v + Mathf.log1p(Mathf.exp(-v)) : Mathf.log1p(Mathf.exp(v)); // softplus
    store<f32>(a + (<usize>k << 2), out);
  }
}

// residual ← f′(z) ⊙ residual over `count` values, from z and a = f(z).
export function activationBackward(kind: i32, z: usize, a: usize, residual: usize, count: i32, alpha: f32): void {
  if (kind == LINEAR) return;
  let k = 0;
  if (kind == RELU || kind == LEAKY_RELU) {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    const slope = f32x4.splat(kind == RELU ? 0 : alpha);
    for (; k + 4 <= count; k += 4) {
      const positive = f32x4.gt(v128.load(z + (<usize>k << 2)), zero);
      const p = residual + (<usize>k << 2);
      v128.store(p, f32x4.mul(v128.load(p), v128.bitselect(one, slope, positive)));
    }
  }
  for (; k < count; k++) {
    const v = load<f32>(z + (<usize>k << 2));
    const out = load<f32>(a + (<usize>k << 2));
    let d: f32;
    if (kind == RELU) d = v > 0 ? 1 : 0;
    else if (kind == LEAKY_RELU) d = v > 0 ? 1 : alpha;
    else if (kind == SIGMOID) d = out * (1 - out);
    else if (kind == TANH) d = 1 - out * out;
    else if (kind == ELU) d = v > 0 ? 1 : alpha * Mathf.exp(v); // not out + α, which cancels to 0 for v < −17
    else d = sigmoid(v); // softplus′ = σ
    const p = residual + (<usize>k << 2);
    store<f32>(p, load<f32>(p) * d);
  }
}

// Row-wise softmax of a (rows, width) buffer, shifted by each row's maximum: e^(z − max) four at a
// time, summed in column order, each times 1 / sum.
export function softmaxForward(z: usize, a: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++) {
    const zr = z + (<usize>(r * width) << 2);
    const ar = a + (<usize>(r * width) << 2);
    let max = -Infinity as f32;
    for (let j = 0; j < width; j++) max = Mathf.max(max, load<f32>(zr + (<usize>j << 2)));
    const shift = f32x4.splat(max);
    let j = 0;
    for (; j + 4 <= width; j += 4) v128.store(ar + (<usize>j << 2), expF32x4(f32x4.sub(v128.load(zr + (<usize>j << 2)), shift)));
    if (j < width) storeLanes(ar + (<usize>j << 2), expF32x4(f32x4.sub(loadLanes(zr + (<usize>j << 2), width - j), shift)), width - j);
    let sum: f32 = 0;
    for (j = 0; j < width; j++) sum += load<f32>(ar + (<usize>j << 2));
    const inverse: f32 = 1 / sum;
    const scale = f32x4.splat(inverse);
    for (j = 0; j + 4 <= width; j += 4) v128.store(ar + (<usize>j << 2), f32x4.mul(v128.load(ar + (<usize>j << 2)), scale));
    for (; j < width; j++) store<f32>(ar + (<usize>j << 2), load<f32>(ar + (<usize>j << 2)) * inverse);
  }
}
