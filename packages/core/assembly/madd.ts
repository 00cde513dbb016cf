// The one multiply-add every GEMM accumulates with: c + a·b on four float32 lanes.
// The build compiles these kernels twice (scripts/build-wasm.mjs): the plain SIMD build rounds the
// product, then the sum (f32x4.mul, f32x4.add: the same numbers on every engine); the relaxed-SIMD
// build (ASC_FEATURE_RELAXED_SIMD) uses f32x4.relaxed_madd, which engines with FMA hardware (V8 on
// x86-64 with FMA3, arm64) compile to one fused instruction that rounds once. Which of the two the
// engine does is its choice, so that build is reproducible on one engine and machine, not across.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
