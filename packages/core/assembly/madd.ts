// The one multiply-add every GEMM accumulates with: c + a·b on four float32 lanes (madd) or two
// float64 lanes (madd64).
// The build compiles these kernels twice (scripts/build-wasm.mjs): the plain SIMD build rounds the
// product, then the sum (mul, add: the same numbers on every engine, and for float64 the very
// numbers of the TypeScript loops, which round a·b and then the sum); the relaxed-SIMD build
// (ASC_FEATURE_RELAXED_SIMD) uses relaxed_madd, which engines with FMA hardware (V8 on x86-64 with
// FMA3, arm64) compile to one fused instruction that rounds once. Which of the two the engine does
// is its choice, so that build is reproducible on one engine and machine, not across.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

@inline export function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}
