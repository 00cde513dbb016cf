// c (rows, m) = a (rows, n) · b (n, m) [+ bias (m), when bias ≠ 0]: a dense layer's forward, and
// δ·Wᵀ (as a product with Wᵀ). Row-major float32, byte offsets into this module's memory.
//
// Register blocking: a tile of 4 rows × 8 columns of c lives in 8 f32x4 accumulators while k
// streams through n; with the 2 vectors of b and the broadcast of a that is 11 of the 16 vector
// registers V8 gives WebAssembly, so nothing spills (a 4 × 16 tile needs 16 accumulators + 5 and
// spilled: 26–27 GFLOP/s against 38–41 for 4 × 8, issue 15). Edge columns take 4-wide vectors,
// then the last 1 to 3 columns a vector whose lanes are the tile's 4 rows; a last row block of
// fewer than 4 rows is done row by row (its last columns in the lanes of one vector).
// When `packed` ≠ 0 it holds b's full strips of 8 columns (pack.ts) and the 4 × 8 tiles read them
// there, 32 bytes a row of b instead of m·4 apart; everything else still reads b.
// Every value of c is bias + Σ_k a·b summed in k order by the same multiply-add (madd.ts) whichever
// block or edge path computed its row, from b or from its packed copy, so splitting the rows over
// threads (in units of 4) or packing changes nothing.
import { loadLanes, storeColumn4, storeLanes } from './lanes';
import { madd } from './madd';

export function gemm(c: usize, a: usize, b: usize, packed: usize, bias: usize, rows: i32, n: i32, m: i32): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) gemmRows4(c, a, b, packed, bias, r, n, m);
  for (; r < rows; r++) gemmRow1(c, a, b, bias, r, n, m);
}

@inline function loadBias(bias: usize, j: i32): v128 {
  return bias != 0 ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
}

// Rows r … r+3 of c.
function gemmRows4(c: usize, a: usize, b: usize, packed: usize, bias: usize, r: i32, n: i32, m: i32): void {
  const a0 = a + (<usize>(r * n) << 2);
  const strideA = <usize>n << 2;
  const a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
  const strideB = <usize>m << 2;
  const c0 = c + (<usize>(r * m) << 2);
  const c1 = c0 + strideB, c2 = c1 + strideB, c3 = c2 + strideB;
  let j = 0;
  // The 4 × 8 tiles: row k of their 8 columns is m·4 bytes after row k − 1 in b, 32 in its strip (pack.ts).
  if (packed != 0) {
    for (; j + 8 <= m; j += 8) tile4x8(c0, c1, c2, c3, a0, a1, a2, a3, packed + (<usize>(j * n) << 2), 32, bias, j, n);
  } else {
    for (; j + 8 <= m; j += 8) tile4x8(c0, c1, c2, c3, a0, a1, a2, a3, b + (<usize>j << 2), strideB, bias, j, n);
  }
  for (; j + 4 <= m; j += 4) {
    let s0 = loadBias(bias, j);
    let s1 = s0, s2 = s0, s3 = s0;
    let pb = b + (<usize>j << 2);
    for (let k: usize = 0; k < <usize>n << 2; k += 4) {
      const b0 = v128.load(pb);
      s0 = madd(v128.load32_splat(a0 + k), b0, s0);
      s1 = madd(v128.load32_splat(a1 + k), b0, s1);
      s2 = madd(v128.load32_splat(a2 + k), b0, s2);
      s3 = madd(v128.load32_splat(a3 + k), b0, s3);
      pb += strideB;
    }
    const o = <usize>j << 2;
    v128.store(c0 + o, s0); v128.store(c1 + o, s1); v128.store(c2 + o, s2); v128.store(c3 + o, s3);
  }
  if (j < m) edgeColumns4(c0, a0, strideA, b, bias, j, n, m);
}

@inline function biasSplat(bias: usize, j: i32): v128 {
  return bias != 0 ? v128.load32_splat(bias + (<usize>j << 2)) : f32x4.splat(0);
}

// Columns j … j+7 of rows c0 … c3 (a's rows a0 … a3), from b's rows at pb, step bytes apart.
@inline function tile4x8(c0: usize, c1: usize, c2: usize, c3: usize, a0: usize, a1: usize, a2: usize, a3: usize, pb: usize, step: usize, bias: usize, j: i32, n: i32): void {
  let s00 = loadBias(bias, j), s01 = loadBias(bias, j + 4);
  let s10 = s00, s11 = s01, s20 = s00, s21 = s01, s30 = s00, s31 = s01;
  for (let k: usize = 0; k < <usize>n << 2; k += 4) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let x = v128.load32_splat(a0 + k);
    s00 = madd(x, b0, s00); s01 = madd(x, b1, s01);
    x = v128.load32_splat(a1 + k);
    s10 = madd(x, b0, s10); s11 = madd(x, b1, s11);
    x = v128.load32_splat(a2 + k);
    s20 = madd(x, b0, s20); s21 = madd(x, b1, s21);
    x = v128.load32_splat(a3 + k);
    s30 = madd(x, b0, s30); s31 = madd(x, b1, s31);
    pb += step;
  }
  const o = <usize>j << 2;
  v128.store(c0 + o, s00); v128.store(c0 + o, s01, 16);
  v128.store(c1 + o, s10); v128.store(c1 + o, s11, 16);
  v128.store(c2 + o, s20); v128.store(c2 + o, s21, 16);
  v128.store(c3 + o, s30); v128.store(c3 + o, s31, 16);
}

// Columns j … m−1 (1 to 3 of them) of rows r … r+3: a column's four values in the lanes of one
// vector, a's four values at k gathered into lanes, so that the edge (all of an output layer of 1
// to 3 neurons) is vector work too rather than a dependent chain of scalar adds.
function edgeColumns4(c0: usize, a0: usize, strideA: usize, b: usize, bias: usize, j: i32, n: i32, m: i32): void {
  const count = m - j;
  const a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
  const strideB = <usize>m << 2;
  let s0 = biasSplat(bias, j);
  let s1 = count > 1 ? biasSplat(bias, j + 1) : s0;
  let s2 = count > 2 ? biasSplat(bias, j + 2) : s0;
  let pb = b + (<usize>j << 2);
  for (let k: usize = 0; k < <usize>n << 2; k += 4) {
    let x = v128.load32_splat(a0 + k);
    x = v128.load32_lane(a1 + k, x, 1);
    x = v128.load32_lane(a2 + k, x, 2);
    x = v128.load32_lane(a3 + k, x, 3);
    s0 = madd(x, v128.load32_splat(pb), s0);
    if (count > 1) s1 = madd(x, v128.load32_splat(pb, 4), s1);
    if (count > 2) s2 = madd(x, v128.load32_splat(pb, 8), s2);
    pb += strideB;
  }
  storeColumn4(c0 + (<usize>j << 2), strideB, s0);
  if (count > 1) storeColumn4(c0 + (<usize>(j + 1) << 2), strideB, s1);
  if (count > 2) storeColumn4(c0 + (<usize>(j + 2) << 2), strideB, s2);
}


// Row r of c (predictOne's one row, a batch's last rows): 32 columns at a time (8 accumulators, the
// 4 × 8 tile's count), then 16, then the last 0–15 columns in one pass over k: up to 3 vectors and
// up to 3 scalar edge columns side by side, so that their sums' latencies overlap (a 64-32-10
// network's second layer ran four passes of 32 dependent additions; now one).
function gemmRow1(c: usize, a: usize, b: usize, bias: usize, r: i32, n: i32, m: i32): void {
  const rowA = a + (<usize>(r * n) << 2);
  const rowC = c + (<usize>(r * m) << 2);
  const strideB = <usize>m << 2;
  let j = 0;
  for (; j + 32 <= m; j += 32) {
    let s0 = loadBias(bias, j), s1 = loadBias(bias, j + 4), s2 = loadBias(bias, j + 8), s3 = loadBias(bias, j + 12);
    let s4 = loadBias(bias, j + 16), s5 = loadBias(bias, j + 20), s6 = loadBias(bias, j + 24), s7 = loadBias(bias, j + 28);
    let pb = b + (<usize>j << 2);
    for (let k: usize = 0; k < <usize>n << 2; k += 4) {
      const x = v128.load32_splat(rowA + k);
      s0 = madd(x, v128.load(pb), s0);
      s1 = madd(x, v128.load(pb, 16), s1);
      s2 = madd(x, v128.load(pb, 32), s2);
      s3 = madd(x, v128.load(pb, 48), s3);
      s4 = madd(x, v128.load(pb, 64), s4);
      s5 = madd(x, v128.load(pb, 80), s5);
      s6 = madd(x, v128.load(pb, 96), s6);
      s7 = madd(x, v128.load(pb, 112), s7);
      pb += strideB;
    }
    const o = rowC + (<usize>j << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    v128.store(o, s4, 64); v128.store(o, s5, 80); v128.store(o, s6, 96); v128.store(o, s7, 112);
  }
  if (j + 16 <= m) {
    let s0 = loadBias(bias, j), s1 = loadBias(bias, j + 4), s2 = loadBias(bias, j + 8), s3 = loadBias(bias, j + 12);
    let pb = b + (<usize>j << 2);
    for (let k: usize = 0; k < <usize>n << 2; k += 4) {
      const x = v128.load32_splat(rowA + k);
      s0 = madd(x, v128.load(pb), s0);
      s1 = madd(x, v128.load(pb, 16), s1);
      s2 = madd(x, v128.load(pb, 32), s2);
      s3 = madd(x, v128.load(pb, 48), s3);
      pb += strideB;
    }
    const o = rowC + (<usize>j << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    j += 16;
  }
  if (j < m) row1Tail(rowA, rowC, b, bias, j, n, m);
}

// Columns j … m − 1 (fewer than 16) of one row in one pass over k: vectors of 4 while 4 are left,
// and the last 1–3 columns in the first lanes of one more vector, all summed with madd as every
// other column is, side by side so that their sums' latencies overlap (a 64-32-10 network's second
// layer ran four passes of 32 dependent additions; now one). Columns past the end are not written.
@inline function row1Tail(rowA: usize, rowC: usize, b: usize, bias: usize, j: i32, n: i32, m: i32): void {
  const vectors = (m - j) >> 2; // 0 to 3
  const rest = (m - j) & 3; // 0 to 3
  const e = j + (vectors << 2); // the first of the last columns
  const zero = f32x4.splat(0);
  let s0 = vectors > 0 ? loadBias(bias, j) : zero;
  let s1 = vectors > 1 ? loadBias(bias, j + 4) : zero;
  let s2 = vectors > 2 ? loadBias(bias, j + 8) : zero;
  let t = rest > 0 && bias != 0 ? loadLanes(bias + (<usize>e << 2), rest) : zero;
  const strideB = <usize>m << 2;
  let pb = b + (<usize>j << 2); // row k of b at column j
  const pe = <usize>(vectors << 4); // from there to column e
  for (let k: usize = 0; k < <usize>n << 2; k += 4) {
    const x = v128.load32_splat(rowA + k);
    if (vectors > 0) s0 = madd(x, v128.load(pb), s0);
    if (vectors > 1) s1 = madd(x, v128.load(pb, 16), s1);
    if (vectors > 2) s2 = madd(x, v128.load(pb, 32), s2);
    if (rest > 0) t = madd(x, loadLanes(pb + pe, rest), t);
    pb += strideB;
  }
  const o = rowC + (<usize>j << 2);
  if (vectors > 0) v128.store(o, s0);
  if (vectors > 1) v128.store(o, s1, 16);
  if (vectors > 2) v128.store(o, s2, 32);
  if (rest > 0) storeLanes(rowC + (<usize>e << 2), t, rest);
}
