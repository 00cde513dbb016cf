// One sample through every layer in one call: Network.predictOne's kernel. A call from JavaScript
// into WebAssembly costs tens of nanoseconds, and a 64-32-10 network's whole forward is about
// 2,400 multiply-adds, so a gemm call and an activation call per layer spent most of predictOne's
// time on the crossings; this runs the same kernels back to back inside the module.
//
// `plan` is `layers` records of PLAN_BYTES bytes that the backend writes once (src/backend/backend.ts
// forwardRow): i32 z, x, weights, biases, n, m, kind (an activation number of activations.ts, or
// SOFTMAX), a, then f64 alpha at byte 32. Layer l computes z (1, m) = x (1, n) · W (n, m) + b (m)
// with the gemm of a one-row batch (gemm.ts: bias + Σ_k a·b in k order, the order of every row of
// a batch), then a = f(z) (the next record's x). So the outputs are, bit for bit, the row
// Network.predict computes for the same sample.
import { gemm } from './gemm';
import { gemmF64 } from './gemm-f64';
import { activationForward, softmaxForward } from './activations';
import { activationForwardF64, softmaxForwardF64 } from './activations-f64';

const SOFTMAX = 7;
const PLAN_BYTES = 48;

export function forwardRow(plan: usize, layers: i32): void {
  for (let l = 0; l < layers; l++) {
    const p = plan + <usize>(l * PLAN_BYTES);
    const z = <usize>load<i32>(p), x = <usize>load<i32>(p, 4), w = <usize>load<i32>(p, 8), b = <usize>load<i32>(p, 12);
    const n = load<i32>(p, 16), m = load<i32>(p, 20), kind = load<i32>(p, 24);
    const a = <usize>load<i32>(p, 28);
    gemm(z, x, w, b, 1, n, m);
    if (kind == SOFTMAX) softmaxForward(z, a, 1, m);
    else activationForward(kind, z, a, m, <f32>load<f64>(p, 32));
  }
}

export function forwardRowF64(plan: usize, layers: i32): void {
  for (let l = 0; l < layers; l++) {
    const p = plan + <usize>(l * PLAN_BYTES);
    const z = <usize>load<i32>(p), x = <usize>load<i32>(p, 4), w = <usize>load<i32>(p, 8), b = <usize>load<i32>(p, 12);
    const n = load<i32>(p, 16), m = load<i32>(p, 20), kind = load<i32>(p, 24);
    const a = <usize>load<i32>(p, 28);
    gemmF64(z, x, w, b, 1, n, m);
    if (kind == SOFTMAX) softmaxForwardF64(z, a, 1, m);
    else activationForwardF64(kind, z, a, m, load<f64>(p, 32));
  }
}
