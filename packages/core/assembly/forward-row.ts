// One sample through every layer in one call: Network.predictOne's kernel. A call from JavaScript
// into WebAssembly costs tens of nanoseconds, and a 64-32-10 network's whole forward is about
// 2,400 multiply-adds, so a gemm call and an activation call per layer spent most of predictOne's
// time on the crossings; this runs the same kernels back to back inside the module.
//
// `plan` is `layers` records of PLAN_BYTES bytes that the backend writes once with setRowStep
// (src/backend/wasm-backend.ts forwardRow): i32 z, x, weights, biases, n, m, kind (an activation number of
// activations.ts, or SOFTMAX), a, then f64 alpha at byte 32. Layer l computes z (1, m) = x (1, n) · W (n, m) + b (m)
// with the gemm of a one-row batch (gemm.ts: bias + Σ_k a·b in k order, the order of every row of
// a batch), then a = f(z) (the next record's x). So the outputs are, bit for bit, the row
// Network.predict computes for the same sample.
//
// The first layer's x is the caller's sample, copied in unchecked (a typed array holds numbers,
// but maybe NaN or ±∞, or a float64 value beyond float32's range that became ∞): the kernel looks
// for a value that is not finite first, four (two) at a time, and returns its index, computing
// nothing, or −1 once the outputs are there.
import { gemm } from './gemm';
import { gemmF64 } from './gemm-f64';
import { activationForward, softmaxForward } from './activations';
import { activationForwardF64, softmaxForwardF64 } from './activations-f64';

const SOFTMAX = 7;
const PLAN_BYTES = 48;

// Writes layer l's record of a plan. (From JavaScript, a view of the memory to write through costs
// microseconds to make on a shared memory; this call, tens of nanoseconds.)
export function setRowStep(plan: usize, l: i32, z: usize, x: usize, w: usize, b: usize, n: i32, m: i32, kind: i32, a: usize, alpha: f64): void {
  const p = plan + <usize>(l * PLAN_BYTES);
  store<i32>(p, <i32>z);
  store<i32>(p, <i32>x, 4);
  store<i32>(p, <i32>w, 8);
  store<i32>(p, <i32>b, 12);
  store<i32>(p, n, 16);
  store<i32>(p, m, 20);
  store<i32>(p, kind, 24);
  store<i32>(p, <i32>a, 28);
  store<f64>(p, alpha, 32);
}

// The index of the first of n float32 values at x that is NaN or ±∞ (v − v is NaN, not 0), or −1.
function firstNonFinite(x: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const v = v128.load(x + (<usize>k << 2));
    if (v128.any_true(f32x4.ne(f32x4.sub(v, v), zero))) break;
  }
  for (; k < n; k++) {
    const v = load<f32>(x + (<usize>k << 2));
    if (v - v != 0) return k;
  }
  return -1;
}

// The same over float64 values.
function firstNonFiniteF64(x: usize, n: i32): i32 {
  const zero = f64x2.splat(0);
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    const v = v128.load(x + (<usize>k << 3));
    if (v128.any_true(f64x2.ne(f64x2.sub(v, v), zero))) break;
  }
  for (; k < n; k++) {
    const v = load<f64>(x + (<usize>k << 3));
    if (v - v != 0) return k;
  }
  return -1;
}

export function forwardRow(plan: usize, layers: i32): i32 {
  const bad = firstNonFinite(<usize>load<i32>(plan, 4), load<i32>(plan, 16));
  if (bad >= 0) return bad;
  for (let l = 0; l < layers; l++) {
    const p = plan + <usize>(l * PLAN_BYTES);
    const z = <usize>load<i32>(p), x = <usize>load<i32>(p, 4), w = <usize>load<i32>(p, 8), b = <usize>load<i32>(p, 12);
    const n = load<i32>(p, 16), m = load<i32>(p, 20), kind = load<i32>(p, 24);
    const a = <usize>load<i32>(p, 28);
    gemm(z, x, w, 0, b, 1, n, m);
    if (kind == SOFTMAX) softmaxForward(z, a, 1, m);
    else activationForward(kind, z, a, m, <f32>load<f64>(p, 32));
  }
  return -1;
}

export function forwardRowF64(plan: usize, layers: i32): i32 {
  const bad = firstNonFiniteF64(<usize>load<i32>(plan, 4), load<i32>(plan, 16));
  if (bad >= 0) return bad;
  for (let l = 0; l < layers; l++) {
    const p = plan + <usize>(l * PLAN_BYTES);
    const z = <usize>load<i32>(p), x = <usize>load<i32>(p, 4), w = <usize>load<i32>(p, 8), b = <usize>load<i32>(p, 12);
    const n = load<i32>(p, 16), m = load<i32>(p, 20), kind = load<i32>(p, 24);
    const a = <usize>load<i32>(p, 28);
    gemmF64(z, x, w, 0, b, 1, n, m);
    if (kind == SOFTMAX) softmaxForwardF64(z, a, 1, m);
    else activationForwardF64(kind, z, a, m, load<f64>(p, 32));
  }
  return -1;
}
