// dw (n, m) = scale · aᵀ · d and db (m) = scale · Σ_rows d (skipped when db = 0) in float64:
// gemm-trans-a.ts's weight and bias gradients (dWeights = aᵀ·δ / batchSize) on row-major float64,
// a (rows, n) with rows `lda` values apart, d (rows, m), rows ≥ 1.
//
// Register blocking as in gemm-f64.ts: a tile of 4 rows × 4 columns of dw in 8 f64x2 accumulators
// while r streams through the batch (4 neighbouring values of a row of a, broadcast one by one, and
// 2 vectors of a row of d). Edge columns take 2-wide vectors, then the last column (m odd) two rows
// of dw to a vector; the last rows of dw (n not a multiple of 4) one by one. Every value starts
// from the first row's product (as kernels.ts does, which assigns it: 0 + (−0) would be +0), adds
// the other rows' in r order, then × scale, by the same operation whichever path computed its row:
// threads split dw's rows (in units of 4) freely, and the plain SIMD build gives kernels.ts's bits.
// When `packed` ≠ 0 it holds d's full strips of 4 columns (pack.ts's packBF64 of d, rows × m) and
// the 4 × 4 tiles read them there, 32 bytes a row of d instead of m·8 apart: the same sums.
import { madd64 } from './madd';

export function gemmTransAF64(dw: usize, db: usize, a: usize, d: usize, packed: usize, rows: i32, n: i32, m: i32, scale: f64, lda: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) weightRows4(dw, a, d, packed, i, rows, m, scale, lda);
  for (; i < n; i++) weightRow1(dw, a, d, i, rows, m, scale, lda);
  if (db != 0) biasGradient(db, d, rows, m, scale);
}

// Σ_r a[r][i] · d[r][j] · scale: one value of dw, the scalar edge.
@inline function dotRows(a: usize, d: usize, i: i32, j: i32, rows: i32, m: i32, scale: f64, lda: i32): f64 {
  let sum = load<f64>(a + (<usize>i << 3)) * load<f64>(d + (<usize>j << 3));
  for (let r = 1; r < rows; r++) sum += load<f64>(a + (<usize>(r * lda + i) << 3)) * load<f64>(d + (<usize>(r * m + j) << 3));
  return sum * scale;
}

// Rows i … i+3 of dw (columns i … i+3 of a).
function weightRows4(dw: usize, a: usize, d: usize, packed: usize, i: i32, rows: i32, m: i32, scale: f64, lda: i32): void {
  const strideA = <usize>lda << 3;
  const strideD = <usize>m << 3;
  const vs = f64x2.splat(scale);
  const w0 = dw + (<usize>(i * m) << 3);
  const w1 = w0 + strideD, w2 = w1 + strideD, w3 = w2 + strideD;
  const a0 = a + (<usize>i << 3); // column i of a's first row
  let j = 0;
  // The 4 × 4 tiles: row r of their 4 columns of d is m·8 bytes after row r − 1 in d, 32 in its strip.
  if (packed != 0) {
    for (; j + 4 <= m; j += 4) tile4x4(w0, w1, w2, w3, a0, strideA, packed + (<usize>(j * rows) << 3), 32, rows, j, vs);
  } else {
    for (; j + 4 <= m; j += 4) tile4x4(w0, w1, w2, w3, a0, strideA, d + (<usize>j << 3), strideD, rows, j, vs);
  }
  for (; j + 2 <= m; j += 2) {
    let pa = a + (<usize>i << 3);
    let pd = d + (<usize>j << 3);
    let d0 = v128.load(pd);
    let s0 = f64x2.mul(v128.load64_splat(pa), d0), s1 = f64x2.mul(v128.load64_splat(pa, 8), d0);
    let s2 = f64x2.mul(v128.load64_splat(pa, 16), d0), s3 = f64x2.mul(v128.load64_splat(pa, 24), d0);
    for (let r = 1; r < rows; r++) {
      pa += strideA;
      pd += strideD;
      d0 = v128.load(pd);
      s0 = madd64(v128.load64_splat(pa), d0, s0);
      s1 = madd64(v128.load64_splat(pa, 8), d0, s1);
      s2 = madd64(v128.load64_splat(pa, 16), d0, s2);
      s3 = madd64(v128.load64_splat(pa, 24), d0, s3);
    }
    const o = <usize>j << 3;
    v128.store(w0 + o, f64x2.mul(s0, vs)); v128.store(w1 + o, f64x2.mul(s1, vs));
    v128.store(w2 + o, f64x2.mul(s2, vs)); v128.store(w3 + o, f64x2.mul(s3, vs));
  }
  if (j < m) {
    // The last column (m odd), two rows of dw to a vector (neighbouring values of a row of a, times
    // one value of d), rounding the product, then the sum, in both builds, as dotRows does.
    let pa = a + (<usize>i << 3);
    let pd = d + (<usize>j << 3);
    let dj = v128.load64_splat(pd);
    let s01 = f64x2.mul(v128.load(pa), dj), s23 = f64x2.mul(v128.load(pa, 16), dj);
    for (let r = 1; r < rows; r++) {
      pa += strideA;
      pd += strideD;
      dj = v128.load64_splat(pd);
      s01 = f64x2.add(s01, f64x2.mul(v128.load(pa), dj));
      s23 = f64x2.add(s23, f64x2.mul(v128.load(pa, 16), dj));
    }
    s01 = f64x2.mul(s01, vs);
    s23 = f64x2.mul(s23, vs);
    const o = w0 + (<usize>j << 3);
    v128.store64_lane(o, s01, 0);
    v128.store64_lane(o + strideD, s01, 1);
    v128.store64_lane(o + 2 * strideD, s23, 0);
    v128.store64_lane(o + 3 * strideD, s23, 1);
  }
}

// Columns j … j+3 of dw's rows w0 … w3: a's 4 values at pa (rows strideA apart) times d's 4 values
// at pd (rows step bytes apart), from row 0's product, summed in r order, × scale.
@inline function tile4x4(w0: usize, w1: usize, w2: usize, w3: usize, pa: usize, strideA: usize, pd: usize, step: usize, rows: i32, j: i32, vs: v128): void {
  let d0 = v128.load(pd), d1 = v128.load(pd, 16);
  let x = v128.load64_splat(pa);
  let s00 = f64x2.mul(x, d0), s01 = f64x2.mul(x, d1);
  x = v128.load64_splat(pa, 8);
  let s10 = f64x2.mul(x, d0), s11 = f64x2.mul(x, d1);
  x = v128.load64_splat(pa, 16);
  let s20 = f64x2.mul(x, d0), s21 = f64x2.mul(x, d1);
  x = v128.load64_splat(pa, 24);
  let s30 = f64x2.mul(x, d0), s31 = f64x2.mul(x, d1);
  for (let r = 1; r < rows; r++) {
    pa += strideA;
    pd += step;
    d0 = v128.load(pd); d1 = v128.load(pd, 16);
    x = v128.load64_splat(pa);
    s00 = madd64(x, d0, s00); s01 = madd64(x, d1, s01);
    x = v128.load64_splat(pa, 8);
    s10 = madd64(x, d0, s10); s11 = madd64(x, d1, s11);
    x = v128.load64_splat(pa, 16);
    s20 = madd64(x, d0, s20); s21 = madd64(x, d1, s21);
    x = v128.load64_splat(pa, 24);
    s30 = madd64(x, d0, s30); s31 = madd64(x, d1, s31);
  }
  const o = <usize>j << 3;
  v128.store(w0 + o, f64x2.mul(s00, vs)); v128.store(w0 + o, f64x2.mul(s01, vs), 16);
  v128.store(w1 + o, f64x2.mul(s10, vs)); v128.store(w1 + o, f64x2.mul(s11, vs), 16);
  v128.store(w2 + o, f64x2.mul(s20, vs)); v128.store(w2 + o, f64x2.mul(s21, vs), 16);
  v128.store(w3 + o, f64x2.mul(s30, vs)); v128.store(w3 + o, f64x2.mul(s31, vs), 16);
}

// Row i of dw (column i of a).
function weightRow1(dw: usize, a: usize, d: usize, i: i32, rows: i32, m: i32, scale: f64, lda: i32): void {
  const strideA = <usize>lda << 3;
  const strideD = <usize>m << 3;
  const vs = f64x2.splat(scale);
  const w = dw + (<usize>(i * m) << 3);
  let j = 0;
  for (; j + 2 <= m; j += 2) {
    let pa = a + (<usize>i << 3);
    let pd = d + (<usize>j << 3);
    let s0 = f64x2.mul(v128.load64_splat(pa), v128.load(pd));
    for (let r = 1; r < rows; r++) {
      pa += strideA;
      pd += strideD;
      s0 = madd64(v128.load64_splat(pa), v128.load(pd), s0);
    }
    v128.store(w + (<usize>j << 3), f64x2.mul(s0, vs));
  }
  if (j < m) store<f64>(w + (<usize>j << 3), dotRows(a, d, i, j, rows, m, scale, lda));
}

// db = scale · Σ_rows d, 2 columns at a time (each lane sums its column in row order from row 0's value).
function biasGradient(db: usize, d: usize, rows: i32, m: i32, scale: f64): void {
  const strideD = <usize>m << 3;
  const vs = f64x2.splat(scale);
  let j = 0;
  for (; j + 2 <= m; j += 2) {
    let pd = d + (<usize>j << 3);
    let s0 = v128.load(pd);
    for (let r = 1; r < rows; r++) {
      pd += strideD;
      s0 = f64x2.add(s0, v128.load(pd));
    }
    v128.store(db + (<usize>j << 3), f64x2.mul(s0, vs));
  }
  if (j < m) {
    let sum = load<f64>(d + (<usize>j << 3));
    for (let r = 1; r < rows; r++) sum += load<f64>(d + (<usize>(r * m + j) << 3));
    store<f64>(db + (<usize>j << 3), sum * scale);
  }
}
