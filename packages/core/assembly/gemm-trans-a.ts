// dw (n, m) = scale · aᵀ · d and db (m) = scale · Σ_rows d (skipped when db = 0), for a (rows, n)
// whose rows are `lda` values apart (lda ≥ n: a may be a band of columns of a wider matrix) and
// d (rows, m): a dense layer's weight and bias gradients, dWeights = aᵀ·δ / batchSize.
//
// Register blocking as in gemm.ts: a tile of 4 rows × 8 columns of dw in 8 f32x4 accumulators
// while r streams through the batch (4 neighbouring values of a row of a, broadcast one by one, and
// 2 vectors of a row of d). Edge columns take 4-wide vectors, then the last 1 to 3 columns a
// vector whose lanes are the tile's 4 rows; the last rows of dw (n not a multiple of 4) one by one.
// When `packed` ≠ 0 it holds d's full strips of 8 columns (pack.ts's packB of d, rows × m) and the
// 4 × 8 tiles read them there, 32 bytes a row of d instead of m·4 apart.
// Every value is Σ_r a·d in r order, then × scale, by the same multiply-add (madd.ts) whichever
// path computed its row, from d or from its packed copy: threads split dw's rows (in units of 4) freely.
import { loadLanes, storeColumn4, storeLanes } from './lanes';
import { madd } from './madd';

export function gemmTransA(dw: usize, db: usize, a: usize, d: usize, packed: usize, rows: i32, n: i32, m: i32, scale: f32, lda: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) weightRows4(dw, a, d, packed, i, rows, m, scale, lda);
  for (; i < n; i++) weightRow1(dw, a, d, i, rows, m, scale, lda);
  if (db != 0) biasGradient(db, d, rows, m, scale);
}

// Rows i … i+3 of dw (columns i … i+3 of a).
function weightRows4(dw: usize, a: usize, d: usize, packed: usize, i: i32, rows: i32, m: i32, scale: f32, lda: i32): void {
  const strideA = <usize>lda << 2;
  const strideD = <usize>m << 2;
  const vs = f32x4.splat(scale);
  const w0 = dw + (<usize>(i * m) << 2);
  const w1 = w0 + strideD, w2 = w1 + strideD, w3 = w2 + strideD;
  const a0 = a + (<usize>i << 2); // column i of a's first row
  let j = 0;
  // The 4 × 8 tiles: row r of their 8 columns of d is m·4 bytes after row r − 1 in d, 32 in its strip.
  if (packed != 0) {
    for (; j + 8 <= m; j += 8) tile4x8(w0, w1, w2, w3, a0, strideA, packed + (<usize>(j * rows) << 2), 32, rows, j, vs);
  } else {
    for (; j + 8 <= m; j += 8) tile4x8(w0, w1, w2, w3, a0, strideA, d + (<usize>j << 2), strideD, rows, j, vs);
  }
  for (; j + 4 <= m; j += 4) {
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let pa = a + (<usize>i << 2);
    let pd = d + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      const d0 = v128.load(pd);
      s0 = madd(v128.load32_splat(pa), d0, s0);
      s1 = madd(v128.load32_splat(pa, 4), d0, s1);
      s2 = madd(v128.load32_splat(pa, 8), d0, s2);
      s3 = madd(v128.load32_splat(pa, 12), d0, s3);
      pa += strideA;
      pd += strideD;
    }
    const o = <usize>j << 2;
    v128.store(w0 + o, f32x4.mul(s0, vs)); v128.store(w1 + o, f32x4.mul(s1, vs));
    v128.store(w2 + o, f32x4.mul(s2, vs)); v128.store(w3 + o, f32x4.mul(s3, vs));
  }
  if (j < m) edgeColumns4(w0, a, d, i, j, rows, m, vs, lda);
}

// Columns j … j+7 of dw's rows w0 … w3: Σ_r over a's 4 values at pa (rows strideA apart) times d's
// 8 values at pd (rows step bytes apart), × scale.
@inline function tile4x8(w0: usize, w1: usize, w2: usize, w3: usize, pa: usize, strideA: usize, pd: usize, step: usize, rows: i32, j: i32, vs: v128): void {
  let s00 = f32x4.splat(0), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
  for (let r = 0; r < rows; r++) {
    const d0 = v128.load(pd), d1 = v128.load(pd, 16);
    let x = v128.load32_splat(pa);
    s00 = madd(x, d0, s00); s01 = madd(x, d1, s01);
    x = v128.load32_splat(pa, 4);
    s10 = madd(x, d0, s10); s11 = madd(x, d1, s11);
    x = v128.load32_splat(pa, 8);
    s20 = madd(x, d0, s20); s21 = madd(x, d1, s21);
    x = v128.load32_splat(pa, 12);
    s30 = madd(x, d0, s30); s31 = madd(x, d1, s31);
    pa += strideA;
    pd += step;
  }
  const o = <usize>j << 2;
  v128.store(w0 + o, f32x4.mul(s00, vs)); v128.store(w0 + o, f32x4.mul(s01, vs), 16);
  v128.store(w1 + o, f32x4.mul(s10, vs)); v128.store(w1 + o, f32x4.mul(s11, vs), 16);
  v128.store(w2 + o, f32x4.mul(s20, vs)); v128.store(w2 + o, f32x4.mul(s21, vs), 16);
  v128.store(w3 + o, f32x4.mul(s30, vs)); v128.store(w3 + o, f32x4.mul(s31, vs), 16);
}

// Columns j … m−1 (1 to 3 of them) of rows i … i+3 of dw: a column's four values in the lanes of
// one vector (the 4 neighbouring values of a row of a, times one value of d), so that the edge
// (all of an output layer of 1 to 3 neurons) is vector work too.
function edgeColumns4(w0: usize, a: usize, d: usize, i: i32, j: i32, rows: i32, m: i32, vs: v128, lda: i32): void {
  const count = m - j;
  const strideA = <usize>lda << 2;
  const strideD = <usize>m << 2;
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0;
  let pa = a + (<usize>i << 2);
  let pd = d + (<usize>j << 2);
  for (let r = 0; r < rows; r++) {
    const x = v128.load(pa);
    s0 = madd(x, v128.load32_splat(pd), s0);
    if (count > 1) s1 = madd(x, v128.load32_splat(pd, 4), s1);
    if (count > 2) s2 = madd(x, v128.load32_splat(pd, 8), s2);
    pa += strideA;
    pd += strideD;
  }
  storeColumn4(w0 + (<usize>j << 2), strideD, f32x4.mul(s0, vs));
  if (count > 1) storeColumn4(w0 + (<usize>(j + 1) << 2), strideD, f32x4.mul(s1, vs));
  if (count > 2) storeColumn4(w0 + (<usize>(j + 2) << 2), strideD, f32x4.mul(s2, vs));
}


// Row i of dw (column i of a).
function weightRow1(dw: usize, a: usize, d: usize, i: i32, rows: i32, m: i32, scale: f32, lda: i32): void {
  const strideA = <usize>lda << 2;
  const strideD = <usize>m << 2;
  const vs = f32x4.splat(scale);
  const w = dw + (<usize>(i * m) << 2);
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    let s0 = f32x4.splat(0);
    let pa = a + (<usize>i << 2);
    let pd = d + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s0 = madd(v128.load32_splat(pa), v128.load(pd), s0);
      pa += strideA;
      pd += strideD;
    }
    v128.store(w + (<usize>j << 2), f32x4.mul(s0, vs));
  }
  if (j < m) {
    // the last 1 to 3 columns in the lanes of one vector
    const count = m - j;
    let s0 = f32x4.splat(0);
    let pa = a + (<usize>i << 2);
    let pd = d + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s0 = madd(v128.load32_splat(pa), loadLanes(pd, count), s0);
      pa += strideA;
      pd += strideD;
    }
    storeLanes(w + (<usize>j << 2), f32x4.mul(s0, vs), count);
  }
}

// db = scale · Σ_rows d, 4 columns at a time (each lane sums its column in row order).
function biasGradient(db: usize, d: usize, rows: i32, m: i32, scale: f32): void {
  const strideD = <usize>m << 2;
  const vs = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    let s0 = f32x4.splat(0);
    let pd = d + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s0 = f32x4.add(s0, v128.load(pd));
      pd += strideD;
    }
    v128.store(db + (<usize>j << 2), f32x4.mul(s0, vs));
  }
  for (; j < m; j++) {
    let sum: f32 = 0;
    for (let r = 0; r < rows; r++) sum += load<f32>(d + (<usize>(r * m + j) << 2));
    store<f32>(db + (<usize>j << 2), sum * scale);
  }
}
