// WebAssembly SIMD kernels for float32 and float64 dense layers, compiled by AssemblyScript at
// build time (scripts/build-wasm.mjs), twice: plain SIMD and relaxed SIMD (madd.ts). Every matrix
// is row-major float32 (f32x4 kernels) or float64 (f64x2 kernels, named …F64) in this module's
// memory, passed as a byte offset. The TypeScript kernels in src/backend/kernels.ts are the reference
// these are tested against. This file is the module's entry: its allocator and transposes, and the
// kernels of gemm.ts, pack.ts, gemm-trans-a.ts, activations.ts, optimizers.ts, their -f64 twins and forward-row.ts.

/** Bump allocator over this instance's memory: the network asks once for all its buffers. */
let top: usize = 0;

/** Reserves `bytes` (16-byte aligned) and returns their offset, growing memory as needed. */
export function allocate(bytes: usize): usize {
  if (top == 0) top = (__heap_base + 15) & ~15;
  const start = top;
  top = (top + bytes + 15) & ~15;
  const needed = <i32>((top + 0xffff) >> 16);
  const have = memory.size();
  if (needed > have) {
    if (memory.grow(needed - have) < 0) unreachable();
  }
  return start;
}

/** The allocator's position, to return to with release(). */
export function mark(): usize {
  if (top == 0) top = (__heap_base + 15) & ~15;
  return top;
}

/** Frees everything allocated since `position` = mark() (training data, optimiser state). */
export function release(position: usize): void {
  top = position;
}

// dst (cols, rows) = srcᵀ for src (rows, cols), of values of type T (f32 or f64), in 16 × 16 blocks.
@inline function transposeOf<T>(dst: usize, src: usize, rows: i32, cols: i32): void {
  const block = 16;
  const shift = alignof<T>();
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = min(r0 + block, rows);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = min(c0 + block, cols);
      for (let r = r0; r < r1; r++) {
        for (let k = c0; k < c1; k++) {
          store<T>(dst + (<usize>(k * rows + r) << shift), load<T>(src + (<usize>(r * cols + k) << shift)));
        }
      }
    }
  }
}

// dst (cols, rows) = srcᵀ for src (rows, cols), float32.
export function transpose(dst: usize, src: usize, rows: i32, cols: i32): void {
  transposeOf<f32>(dst, src, rows, cols);
}

// The same, float64.
export function transposeF64(dst: usize, src: usize, rows: i32, cols: i32): void {
  transposeOf<f64>(dst, src, rows, cols);
}

export { gemm } from './gemm';
export { packB, packBF64 } from './pack';
export { gemmTransA } from './gemm-trans-a';
export { activationForward, activationBackward, softmaxForward } from './activations';
export { expF32 } from './exp-f32';
export { expF64 } from './exp-f64';
export { adamStep, sgdStep } from './optimizers';
export { gemmF64 } from './gemm-f64';
export { gemmTransAF64 } from './gemm-trans-a-f64';
export { activationForwardF64, activationBackwardF64, softmaxForwardF64 } from './activations-f64';
export { adamStepF64, sgdStepF64 } from './optimizers-f64';
export { setRowStep, forwardRow, forwardRowF64 } from './forward-row';
