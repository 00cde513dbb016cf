// WebAssembly SIMD kernels for float32 dense layers, compiled by AssemblyScript at build time
// (scripts/build-wasm.mjs). Every matrix is row-major float32 in this module's memory, passed as a
// byte offset. The TypeScript kernels in src/kernels.ts are the reference these are tested against.
//
// Register blocking: a 4-row × 16-column tile of the output lives in 16 f32x4 accumulators while
// the inner dimension streams through; edges fall back to 4-column vectors, then scalars.

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

// c (rows, m) = a (rows, n) · b (n, m) [+ bias (m), when bias ≠ 0]
export function gemm(c: usize, a: usize, b: usize, bias: usize, rows: i32, n: i32, m: i32): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) gemmRows4(c, a, b, bias, r, n, m);
  for (; r < rows; r++) gemmRow1(c, a, b, bias, r, n, m);
}

@inline function loadBias(bias: usize, j: i32): v128 {
  return bias != 0 ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
}

function gemmRows4(c: usize, a: usize, b: usize, bias: usize, r: i32, n: i32, m: i32): void {
  const rowA0 = a + (<usize>(r * n) << 2);
  const strideA = <usize>n << 2;
  const strideB = <usize>m << 2;
  let j = 0;
  for (; j + 16 <= m; j += 16) {
    let c00 = loadBias(bias, j), c01 = loadBias(bias, j + 4), c02 = loadBias(bias, j + 8), c03 = loadBias(bias, j + 12);
    let c10 = c00, c11 = c01, c12 = c02, c13 = c03;
    let c20 = c00, c21 = c01, c22 = c02, c23 = c03;
    let c30 = c00, c31 = c01, c32 = c02, c33 = c03;
    let pb = b + (<usize>j << 2);
    let pa = rowA0;
    for (let k = 0; k < n; k++) {
      const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
      let s = f32x4.splat(load<f32>(pa));
      c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
      c02 = f32x4.add(c02, f32x4.mul(s, b2)); c03 = f32x4.add(c03, f32x4.mul(s, b3));
      s = f32x4.splat(load<f32>(pa + strideA));
      c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
      c12 = f32x4.add(c12, f32x4.mul(s, b2)); c13 = f32x4.add(c13, f32x4.mul(s, b3));
      s = f32x4.splat(load<f32>(pa + 2 * strideA));
      c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
      c22 = f32x4.add(c22, f32x4.mul(s, b2)); c23 = f32x4.add(c23, f32x4.mul(s, b3));
      s = f32x4.splat(load<f32>(pa + 3 * strideA));
      c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
      c32 = f32x4.add(c32, f32x4.mul(s, b2)); c33 = f32x4.add(c33, f32x4.mul(s, b3));
      pa += 4;
      pb += strideB;
    }
    let pc = c + (<usize>(r * m + j) << 2);
    v128.store(pc, c00); v128.store(pc, c01, 16); v128.store(pc, c02, 32); v128.store(pc, c03, 48);
    pc += strideB;
    v128.store(pc, c10); v128.store(pc, c11, 16); v128.store(pc, c12, 32); v128.store(pc, c13, 48);
    pc += strideB;
    v128.store(pc, c20); v128.store(pc, c21, 16); v128.store(pc, c22, 32); v128.store(pc, c23, 48);
    pc += strideB;
    v128.store(pc, c30); v128.store(pc, c31, 16); v128.store(pc, c32, 32); v128.store(pc, c33, 48);
  }
  for (; j + 4 <= m; j += 4) {
    let c0 = loadBias(bias, j);
    let c1 = c0, c2 = c0, c3 = c0;
    let pb = b + (<usize>j << 2);
    let pa = rowA0;
    for (let k = 0; k < n; k++) {
      const b0 = v128.load(pb);
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(pa)), b0));
      c1 = f32x4.add(c1, f32x4.mul(f32x4.splat(load<f32>(pa + strideA)), b0));
      c2 = f32x4.add(c2, f32x4.mul(f32x4.splat(load<f32>(pa + 2 * strideA)), b0));
      c3 = f32x4.add(c3, f32x4.mul(f32x4.splat(load<f32>(pa + 3 * strideA)), b0));
      pa += 4;
      pb += strideB;
    }
    let pc = c + (<usize>(r * m + j) << 2);
    v128.store(pc, c0);
    v128.store(pc + strideB, c1);
    v128.store(pc + 2 * strideB, c2);
    v128.store(pc + 3 * strideB, c3);
  }
  for (; j < m; j++) {
    for (let t = 0; t < 4; t++) {
      let sum: f32 = bias != 0 ? load<f32>(bias + (<usize>j << 2)) : 0;
      const pa = rowA0 + <usize>t * strideA;
      for (let k = 0; k < n; k++) sum += load<f32>(pa + (<usize>k << 2)) * load<f32>(b + (<usize>(k * m + j) << 2));
      store<f32>(c + (<usize>((r + t) * m + j) << 2), sum);
    }
  }
}

function gemmRow1(c: usize, a: usize, b: usize, bias: usize, r: i32, n: i32, m: i32): void {
  const rowA = a + (<usize>(r * n) << 2);
  const strideB = <usize>m << 2;
  let j = 0;
  for (; j + 16 <= m; j += 16) {
    let c0 = loadBias(bias, j), c1 = loadBias(bias, j + 4), c2 = loadBias(bias, j + 8), c3 = loadBias(bias, j + 12);
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < n; k++) {
      const s = f32x4.splat(load<f32>(rowA + (<usize>k << 2)));
      c0 = f32x4.add(c0, f32x4.mul(s, v128.load(pb)));
      c1 = f32x4.add(c1, f32x4.mul(s, v128.load(pb, 16)));
      c2 = f32x4.add(c2, f32x4.mul(s, v128.load(pb, 32)));
      c3 = f32x4.add(c3, f32x4.mul(s, v128.load(pb, 48)));
      pb += strideB;
    }
    const pc = c + (<usize>(r * m + j) << 2);
    v128.store(pc, c0); v128.store(pc, c1, 16); v128.store(pc, c2, 32); v128.store(pc, c3, 48);
  }
  for (; j + 4 <= m; j += 4) {
    let c0 = loadBias(bias, j);
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < n; k++) {
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(rowA + (<usize>k << 2))), v128.load(pb)));
      pb += strideB;
    }
    v128.store(c + (<usize>(r * m + j) << 2), c0);
  }
  for (; j < m; j++) {
    let sum: f32 = bias != 0 ? load<f32>(bias + (<usize>j << 2)) : 0;
    for (let k = 0; k < n; k++) sum += load<f32>(rowA + (<usize>k << 2)) * load<f32>(b + (<usize>(k * m + j) << 2));
    store<f32>(c + (<usize>(r * m + j) << 2), sum);
  }
}

// dw (n, m) = scale · aᵀ · d and db (m) = scale · Σ_rows d (skipped when db = 0), for a (rows, n)
// whose rows are `lda` values apart (lda ≥ n: a may be a band of columns of a wider matrix) and
// d (rows, m).
export function gemmTransA(dw: usize, db: usize, a: usize, d: usize, rows: i32, n: i32, m: i32, scale: f32, lda: i32): void {
  const strideA = <usize>lda << 2;
  const strideD = <usize>m << 2;
  const vs = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let j = 0;
    for (; j + 16 <= m; j += 16) {
      let c00 = f32x4.splat(0), c01 = c00, c02 = c00, c03 = c00;
      let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
      let c20 = c00, c21 = c00, c22 = c00, c23 = c00;
      let c30 = c00, c31 = c00, c32 = c00, c33 = c00;
      let pa = a + (<usize>i << 2);
      let pd = d + (<usize>j << 2);
      for (let r = 0; r < rows; r++) {
        const d0 = v128.load(pd), d1 = v128.load(pd, 16), d2 = v128.load(pd, 32), d3 = v128.load(pd, 48);
        let s = f32x4.splat(load<f32>(pa));
        c00 = f32x4.add(c00, f32x4.mul(s, d0)); c01 = f32x4.add(c01, f32x4.mul(s, d1));
        c02 = f32x4.add(c02, f32x4.mul(s, d2)); c03 = f32x4.add(c03, f32x4.mul(s, d3));
        s = f32x4.splat(load<f32>(pa, 4));
        c10 = f32x4.add(c10, f32x4.mul(s, d0)); c11 = f32x4.add(c11, f32x4.mul(s, d1));
        c12 = f32x4.add(c12, f32x4.mul(s, d2)); c13 = f32x4.add(c13, f32x4.mul(s, d3));
        s = f32x4.splat(load<f32>(pa, 8));
        c20 = f32x4.add(c20, f32x4.mul(s, d0)); c21 = f32x4.add(c21, f32x4.mul(s, d1));
        c22 = f32x4.add(c22, f32x4.mul(s, d2)); c23 = f32x4.add(c23, f32x4.mul(s, d3));
        s = f32x4.splat(load<f32>(pa, 12));
        c30 = f32x4.add(c30, f32x4.mul(s, d0)); c31 = f32x4.add(c31, f32x4.mul(s, d1));
        c32 = f32x4.add(c32, f32x4.mul(s, d2)); c33 = f32x4.add(c33, f32x4.mul(s, d3));
        pa += strideA;
        pd += strideD;
      }
      let pw = dw + (<usize>(i * m + j) << 2);
      v128.store(pw, f32x4.mul(c00, vs)); v128.store(pw, f32x4.mul(c01, vs), 16); v128.store(pw, f32x4.mul(c02, vs), 32); v128.store(pw, f32x4.mul(c03, vs), 48);
      pw += strideD;
      v128.store(pw, f32x4.mul(c10, vs)); v128.store(pw, f32x4.mul(c11, vs), 16); v128.store(pw, f32x4.mul(c12, vs), 32); v128.store(pw, f32x4.mul(c13, vs), 48);
      pw += strideD;
      v128.store(pw, f32x4.mul(c20, vs)); v128.store(pw, f32x4.mul(c21, vs), 16); v128.store(pw, f32x4.mul(c22, vs), 32); v128.store(pw, f32x4.mul(c23, vs), 48);
      pw += strideD;
      v128.store(pw, f32x4.mul(c30, vs)); v128.store(pw, f32x4.mul(c31, vs), 16); v128.store(pw, f32x4.mul(c32, vs), 32); v128.store(pw, f32x4.mul(c33, vs), 48);
    }
    for (; j < m; j++) {
      for (let t = 0; t < 4; t++) {
        let sum: f32 = 0;
        for (let r = 0; r < rows; r++) sum += load<f32>(a + (<usize>(r * lda + i + t) << 2)) * load<f32>(d + (<usize>(r * m + j) << 2));
        store<f32>(dw + (<usize>((i + t) * m + j) << 2), sum * scale);
      }
    }
  }
  for (; i < n; i++) {
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      let c0 = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(a + (<usize>(r * lda + i) << 2))), v128.load(d + (<usize>(r * m + j) << 2))));
      }
      v128.store(dw + (<usize>(i * m + j) << 2), f32x4.mul(c0, vs));
    }
    for (; j < m; j++) {
      let sum: f32 = 0;
      for (let r = 0; r < rows; r++) sum += load<f32>(a + (<usize>(r * lda + i) << 2)) * load<f32>(d + (<usize>(r * m + j) << 2));
      store<f32>(dw + (<usize>(i * m + j) << 2), sum * scale);
    }
  }
  if (db == 0) return;
  // db = scale · Σ_rows d
  for (let j = 0; j < m; j++) {
    let sum: f32 = 0;
    for (let r = 0; r < rows; r++) sum += load<f32>(d + (<usize>(r * m + j) << 2));
    store<f32>(db + (<usize>j << 2), sum * scale);
  }
}

// dst (cols, rows) = srcᵀ for src (rows, cols).
export function transpose(dst: usize, src: usize, rows: i32, cols: i32): void {
  const block = 16;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = min(r0 + block, rows);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = min(c0 + block, cols);
      for (let r = r0; r < r1; r++) {
        for (let k = c0; k < c1; k++) {
          store<f32>(dst + (<usize>(k * rows + r) << 2), load<f32>(src + (<usize>(r * cols + k) << 2)));
        }
      }
    }
  }
}

export { activationForward, activationBackward, softmaxForward } from './activations';
export { adamStep, sgdStep } from './optimizers';
